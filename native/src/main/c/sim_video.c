/*
 * Real-video mode of the simulator: the HiMPI facade stays, the pictures are encoded by libx264 /
 * libx265, loaded with dlopen when a channel in this mode is created (the build needs x264.h and
 * x265.h; without them, or without the libraries at run time, only the record mode exists).
 *
 * What the board's encoder is asked for is honoured: codec and profile, size, NV12/NV21 input read
 * through width_stride, the IDRs the simulator decides (every gop-th frame encoded and on request;
 * the encoders' own keyframe decisions are off), parameter sets repeated before each IDR, the rc mode
 * (CBR: ABR + VBV at bit_rate; VBR/AVBR/CVBR: ABR at max_bit_rate capped by VBV; QVBR: ABR at
 * target_bit_rate; FIXQP: constant QP p_qp), dst_frame_rate, an IDR on request, and bit-rate / gop
 * changes through set_chn_attr. The encoder runs with zero latency and one thread, so each frame's
 * NAL units come out for that frame, as the VENC delivers them.
 */
#define _GNU_SOURCE
#include "sim_video.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SIM_HAVE_VIDEO
#include <x264.h>
#include <x265.h>

#define STR2(x) #x
#define STR(x) STR2(x)

typedef struct {
    void *lib;
    void (*param_default)(x264_param_t *);
    int (*param_default_preset)(x264_param_t *, const char *, const char *);
    int (*param_apply_profile)(x264_param_t *, const char *);
    void (*picture_init)(x264_picture_t *);
    x264_t *(*open)(x264_param_t *);
    int (*encode)(x264_t *, x264_nal_t **, int *, x264_picture_t *, x264_picture_t *);
    int (*reconfig)(x264_t *, x264_param_t *);
    void (*close)(x264_t *);
} x264_lib;

struct sim_video {
    int h264;
    int w, h, fmt;
    long long frames;
    x264_t *x264;
    x264_param_t p264;
    const x265_api *api;
    x265_encoder *x265;
    x265_param *p265;
    x265_picture *pic265;
    unsigned char *u, *v;
    unsigned char *swapped; /* x264: chroma of a frame whose NV12/NV21 order differs from the encoder's */
    int rates_pending;      /* x265: new rates, applied by a fresh encoder at the next IDR */
    simvideo_rc next;
};

static x264_lib l264;
static const x265_api *api265;

static int load264(char *err, size_t cap)
{
    if (l264.lib != NULL) {
        return 0;
    }
    void *lib = dlopen("libx264.so." STR(X264_BUILD), RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        lib = dlopen("libx264.so", RTLD_NOW | RTLD_LOCAL);
    }
    if (lib == NULL) {
        snprintf(err, cap, "dlopen libx264.so." STR(X264_BUILD) ": %s", dlerror());
        return -1;
    }
    x264_lib l = {lib, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    *(void **)&l.param_default = dlsym(lib, "x264_param_default");
    *(void **)&l.param_default_preset = dlsym(lib, "x264_param_default_preset");
    *(void **)&l.param_apply_profile = dlsym(lib, "x264_param_apply_profile");
    *(void **)&l.picture_init = dlsym(lib, "x264_picture_init");
    *(void **)&l.open = dlsym(lib, "x264_encoder_open_" STR(X264_BUILD));
    *(void **)&l.encode = dlsym(lib, "x264_encoder_encode");
    *(void **)&l.reconfig = dlsym(lib, "x264_encoder_reconfig");
    *(void **)&l.close = dlsym(lib, "x264_encoder_close");
    if (l.param_default == NULL || l.param_default_preset == NULL || l.param_apply_profile == NULL ||
        l.picture_init == NULL || l.open == NULL || l.encode == NULL || l.reconfig == NULL || l.close == NULL) {
        snprintf(err, cap, "libx264 lacks the functions of build " STR(X264_BUILD));
        dlclose(lib);
        return -1;
    }
    l264 = l;
    return 0;
}

static int load265(char *err, size_t cap)
{
    if (api265 != NULL) {
        return 0;
    }
    void *lib = dlopen("libx265.so." STR(X265_BUILD), RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        lib = dlopen("libx265.so", RTLD_NOW | RTLD_LOCAL);
    }
    if (lib == NULL) {
        snprintf(err, cap, "dlopen libx265.so." STR(X265_BUILD) ": %s", dlerror());
        return -1;
    }
    const x265_api *(*get)(int);
    *(void **)&get = dlsym(lib, "x265_api_get_" STR(X265_BUILD));
    const x265_api *api = get != NULL ? get(8) : NULL;
    if (api == NULL) {
        snprintf(err, cap, "libx265 has no 8-bit API of build " STR(X265_BUILD));
        dlclose(lib);
        return -1;
    }
    api265 = api;
    return 0;
}

int simvideo_available(char *err, size_t cap)
{
    return load264(err, cap) == 0 && load265(err, cap) == 0;
}

static void apply264(x264_param_t *p, const simvideo_rc *rc)
{
    p->i_fps_num = (uint32_t)rc->fps;
    p->i_fps_den = 1;
    p->i_keyint_max = X264_KEYINT_MAX_INFINITE;
    p->i_scenecut_threshold = 0;
    switch (rc->mode) {
    case SIMVIDEO_FIXQP:
        p->rc.i_rc_method = X264_RC_CQP;
        p->rc.i_qp_constant = rc->qp;
        p->rc.i_vbv_max_bitrate = 0;
        p->rc.i_vbv_buffer_size = 0;
        break;
    default:
        p->rc.i_rc_method = X264_RC_ABR;
        p->rc.i_bitrate = rc->kbps;
        p->rc.i_vbv_max_bitrate = rc->max_kbps;
        p->rc.i_vbv_buffer_size = rc->max_kbps * rc->stats_time;
        break;
    }
}

static void apply265(x265_param *p, const simvideo_rc *rc)
{
    p->fpsNum = (uint32_t)rc->fps;
    p->fpsDenom = 1;
    p->keyframeMax = -1;
    p->scenecutThreshold = 0;
    p->bOpenGOP = 0;
    switch (rc->mode) {
    case SIMVIDEO_FIXQP:
        p->rc.rateControlMode = X265_RC_CQP;
        p->rc.qp = rc->qp;
        p->rc.vbvMaxBitrate = 0;
        p->rc.vbvBufferSize = 0;
        break;
    default:
        p->rc.rateControlMode = X265_RC_ABR;
        p->rc.bitrate = rc->kbps;
        p->rc.vbvMaxBitrate = rc->max_kbps;
        p->rc.vbvBufferSize = rc->max_kbps * rc->stats_time;
        break;
    }
}

sim_video *simvideo_open(int h264, int w, int h, int fmt, int profile, const simvideo_rc *rc, char *err, size_t cap)
{
    if (!simvideo_available(err, cap)) {
        return NULL;
    }
    sim_video *v = calloc(1, sizeof *v);
    if (v == NULL) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    v->h264 = h264;
    v->w = w;
    v->h = h;
    v->fmt = fmt;
    if (h264) {
        x264_param_t *p = &v->p264;
        l264.param_default_preset(p, "ultrafast", "zerolatency");
        p->i_width = w;
        p->i_height = h;
        p->i_csp = fmt == 2 ? X264_CSP_NV21 : X264_CSP_NV12;
        p->i_threads = 1;
        p->i_log_level = X264_LOG_NONE;
        p->b_repeat_headers = 1;
        p->b_annexb = 1;
        p->i_bframe = 0;
        apply264(p, rc);
        static const char *profiles[] = {"baseline", "main", "high"};
        if (l264.param_apply_profile(p, profiles[profile >= 0 && profile <= 2 ? profile : 2]) != 0 ||
            (v->x264 = l264.open(p)) == NULL) {
            snprintf(err, cap, "x264_encoder_open refused %dx%d", w, h);
            free(v);
            return NULL;
        }
        return v;
    }
    const x265_api *api = api265;
    v->api = api;
    v->p265 = api->param_alloc();
    v->pic265 = api->picture_alloc();
    v->u = malloc((size_t)(w / 2) * (size_t)(h / 2));
    v->v = malloc((size_t)(w / 2) * (size_t)(h / 2));
    if (v->p265 == NULL || v->pic265 == NULL || v->u == NULL || v->v == NULL ||
        api->param_default_preset(v->p265, "ultrafast", "zerolatency") != 0) {
        snprintf(err, cap, "x265 parameters could not be allocated");
        simvideo_close(v);
        return NULL;
    }
    x265_param *p = v->p265;
    p->sourceWidth = w;
    p->sourceHeight = h;
    p->internalCsp = X265_CSP_I420;
    p->logLevel = X265_LOG_NONE;
    p->bRepeatHeaders = 1;
    p->bAnnexB = 1;
    p->bframes = 0;
    p->frameNumThreads = 1;
    api->param_parse(p, "pools", "none");
    api->param_parse(p, "wpp", "0");
    apply265(p, rc);
    api->picture_init(p, v->pic265);
    v->x265 = api->encoder_open(p);
    if (v->x265 == NULL) {
        snprintf(err, cap, "x265 encoder_open refused %dx%d", w, h);
        simvideo_close(v);
        return NULL;
    }
    return v;
}

int simvideo_reconfigure(sim_video *v, const simvideo_rc *rc)
{
    if (v->h264) {
        apply264(&v->p264, rc);
        return l264.reconfig(v->x264, &v->p264);
    }
    /*
     * x265's encoder_reconfig accepts new rates but its rate control keeps the old ones (the software
     * backend measured it), so a fresh encoder takes them at the next IDR, which starts a new coded
     * video sequence anyway.
     */
    v->next = *rc;
    v->rates_pending = 1;
    return 0;
}

/* x264/x265 slice NAL types to the hi_venc nalu codes of hi_dvpp_venc.h. */
static int code_of(int h264, int nal_type, int frame_code)
{
    if (h264) {
        return nal_type == 5 ? 5 : nal_type == 1 ? frame_code : nal_type;
    }
    if (nal_type == 19 || nal_type == 20) {
        return 19;
    }
    if (nal_type <= 21 && (nal_type <= 9 || nal_type >= 16)) {
        return frame_code;
    }
    return nal_type == 40 ? 39 : nal_type;
}

int simvideo_encode(sim_video *v, const unsigned char *y, const unsigned char *uv, int stride, int fmt,
                    int force_idr, simvideo_nal *out, int max, int *idr)
{
    int n = 0;
    *idr = 0;
    if (v->h264) {
        if (fmt != v->fmt) {
            size_t size = (size_t)stride * (size_t)(v->h / 2);
            if (v->swapped == NULL && (v->swapped = malloc(size)) == NULL) {
                return -1;
            }
            for (size_t i = 0; i + 1 < size; i += 2) {
                v->swapped[i] = uv[i + 1];
                v->swapped[i + 1] = uv[i];
            }
            uv = v->swapped;
        }
        x264_picture_t in, pic;
        l264.picture_init(&in);
        in.img.i_csp = v->p264.i_csp;
        in.img.i_plane = 2;
        in.img.plane[0] = (uint8_t *)y;
        in.img.plane[1] = (uint8_t *)uv;
        in.img.i_stride[0] = stride;
        in.img.i_stride[1] = stride;
        in.i_pts = v->frames++;
        in.i_type = force_idr ? X264_TYPE_IDR : X264_TYPE_P;
        x264_nal_t *nals;
        int nn = 0;
        if (l264.encode(v->x264, &nals, &nn, &in, &pic) < 0) {
            return -1;
        }
        int frame_code = pic.i_type == X264_TYPE_P ? 1 : pic.i_type == X264_TYPE_B || pic.i_type == X264_TYPE_BREF ? 0 : 2;
        *idr = pic.b_keyframe && pic.i_type == X264_TYPE_IDR;
        for (int i = 0; i < nn && n < max; i++) {
            out[n].data = nals[i].p_payload;
            out[n].len = (size_t)nals[i].i_payload;
            out[n].code = code_of(1, nals[i].i_type, frame_code);
            n++;
        }
        return n;
    }
    int cw = v->w / 2, ch = v->h / 2;
    int first = fmt == 2 ? 1 : 0;
    for (int r = 0; r < ch; r++) {
        const unsigned char *row = uv + (size_t)r * (size_t)stride;
        for (int c = 0; c < cw; c++) {
            v->u[(size_t)r * cw + c] = row[2 * c + first];
            v->v[(size_t)r * cw + c] = row[2 * c + 1 - first];
        }
    }
    if (force_idr && v->rates_pending) {
        v->rates_pending = 0;
        v->api->encoder_close(v->x265);
        apply265(v->p265, &v->next);
        v->x265 = v->api->encoder_open(v->p265);
        if (v->x265 == NULL) {
            return -1;
        }
    }
    x265_picture *in = v->pic265;
    in->planes[0] = (void *)y;
    in->planes[1] = v->u;
    in->planes[2] = v->v;
    in->stride[0] = stride;
    in->stride[1] = cw;
    in->stride[2] = cw;
    in->pts = v->frames++;
    in->sliceType = force_idr ? X265_TYPE_IDR : X265_TYPE_P;
    x265_nal *nals;
    uint32_t nn = 0;
    if (v->api->encoder_encode(v->x265, &nals, &nn, in, NULL) < 0) {
        return -1;
    }
    int frame_code = 1;
    for (uint32_t i = 0; i < nn; i++) {
        int t = (int)nals[i].type;
        if (t == 19 || t == 20) {
            *idr = 1;
        } else if (t >= 16 && t <= 21) {
            frame_code = 2;
        }
    }
    for (uint32_t i = 0; i < nn && n < max; i++) {
        out[n].data = nals[i].payload;
        out[n].len = nals[i].sizeBytes;
        out[n].code = code_of(0, (int)nals[i].type, frame_code);
        n++;
    }
    return n;
}

void simvideo_close(sim_video *v)
{
    if (v == NULL) {
        return;
    }
    if (v->x264 != NULL) {
        l264.close(v->x264);
    }
    if (v->api != NULL) {
        if (v->x265 != NULL) {
            v->api->encoder_close(v->x265);
        }
        if (v->pic265 != NULL) {
            v->api->picture_free(v->pic265);
        }
        if (v->p265 != NULL) {
            v->api->param_free(v->p265);
        }
    }
    free(v->u);
    free(v->v);
    free(v->swapped);
    free(v);
}

#else

int simvideo_available(char *err, size_t cap)
{
    snprintf(err, cap, "the simulator was built without x264.h/x265.h");
    return 0;
}

sim_video *simvideo_open(int h264, int w, int h, int fmt, int profile, const simvideo_rc *rc, char *err, size_t cap)
{
    simvideo_available(err, cap);
    return NULL;
}

int simvideo_reconfigure(sim_video *v, const simvideo_rc *rc)
{
    return -1;
}

int simvideo_encode(sim_video *v, const unsigned char *y, const unsigned char *uv, int stride, int fmt,
                    int force_idr, simvideo_nal *out, int max, int *idr)
{
    return -1;
}

void simvideo_close(sim_video *v)
{
}

#endif
