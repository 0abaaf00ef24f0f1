/*
 * Simulator of libacl_dvpp_mpi.so (HiMPI SYS + VENC subset). Every rule it enforces cites where it
 * comes from: "header" = CANN 8.1.RC1 acl/dvpp/hi_dvpp_venc.h / hi_mpi_sys.h, "page" = the hiascend.com
 * API reference pages of that function, "guide" = the pyACL VENC guide (17-step sequence and sample),
 * "plugin" = Huawei's FFmpeg plugin ascend_enc.c (mindxsdk-referenceapps mxVision/Ascendffmpeg),
 * "sample" = Ascend/samples venc_sample. Rules without such a source are marked ASSUMPTION and listed
 * in docs/ascend.md.
 *
 * Per device (the device of the calling thread's context): its own media system (sys_init), module
 * parameters and channel table. Per channel: an input queue of 6 frames, an encoder thread reading the
 * frames through virt_addr/width_stride at encode time, a stream ring buffer of buf_size bytes holding
 * the packs until they are released, and epoll readiness through an eventfd.
 *
 * Each slice carries a text record of what the encoder received (pts, CRC-32 of the visible luma and
 * chroma, the attributes and rate-control values in force), so tests can prove that the binding passed
 * the right planes, strides and parameters.
 */
#define _GNU_SOURCE
#include "himpi_sim.h"
#include "sim_core.h"
#include "sim_video.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define HI_SUCCESS 0
#define VENC_ERR(n) ((int)(0xA0088000u | (n)))
#define SYS_ERR(n) ((int)(0xA0028000u | (n)))
#define HI_ERR_VENC_INVALID_CHN_ID VENC_ERR(0x02)
#define HI_ERR_VENC_ILLEGAL_PARAM VENC_ERR(0x03)
#define HI_ERR_VENC_EXIST VENC_ERR(0x04)
#define HI_ERR_VENC_UNEXIST VENC_ERR(0x05)
#define HI_ERR_VENC_NULL_PTR VENC_ERR(0x06)
#define HI_ERR_VENC_NOT_SUPPORT VENC_ERR(0x08)
#define HI_ERR_VENC_NOT_PERM VENC_ERR(0x09)
#define HI_ERR_VENC_NO_MEM VENC_ERR(0x0C)
#define HI_ERR_VENC_NO_BUF VENC_ERR(0x0D)
#define HI_ERR_VENC_BUF_EMPTY VENC_ERR(0x0E)
#define HI_ERR_VENC_BUF_FULL VENC_ERR(0x0F)
#define HI_ERR_VENC_SYS_NOT_READY VENC_ERR(0x10)
#define HI_ERR_VENC_BAD_ADDR VENC_ERR(0x11)
#define HI_ERR_VENC_BUSY VENC_ERR(0x12)
#define VENC_ERR_TIMEOUT VENC_ERR(0x14)
#define HI_ERR_SYS_ILLEGAL_PARAM SYS_ERR(0x03)
#define HI_ERR_SYS_UNEXIST SYS_ERR(0x05)
#define HI_ERR_SYS_NULL_PTR SYS_ERR(0x06)
#define HI_ERR_SYS_NO_MEM SYS_ERR(0x0C)
#define HI_ERR_SYS_NOT_READY SYS_ERR(0x10)

#define PT_H264 96
#define PT_H265 265
/* Input queue depth: the troubleshooting page says more than 6 queued frames give HI_ERR_VENC_NO_BUF. */
#define QUEUE_DEPTH 6
#define MAX_STREAMS 16
/* A frame's packs: VPS/SPS/PPS/SEI/slice in by-frame mode; two when the ring buffer wraps. */
#define MAX_PACKS 8
#define MAX_NALS 8
#define MAX_EPOLLS 64
#define NCHN 256
#define NDEV SIM_MAX_DEVICES

typedef struct {
    hi_u64 pts;
    double arrived; /* timing model: when send_frame queued it */
    double end;     /* timing model: when its encode ends, once scheduled */
    uintptr_t y, uv;
    hi_u32 ys, uvs, w, h, time_ref;
    int fmt;
} qframe;

/* One NAL unit of an encoded frame: Annex-B bytes (start code included) and its hi_venc nalu code. */
typedef struct {
    unsigned char *data;
    size_t len;
    int code;
} nal_t;

typedef struct {
    int npacks;
    int got;
    int idr;
    hi_u32 seq;
    hi_u64 pts;
    size_t used; /* ring-buffer bytes this stream holds, including a skipped tail */
    double end;      /* timing model: modelled end of the frame's encode */
    uintptr_t input; /* the frame's luma address */
    hi_venc_pack packs[MAX_PACKS];
} sstream;

typedef struct {
    int exists, started, stop, thread_alive;
    int dev, id;
    int one_stream; /* one_stream_buf of the device's module parameters when the channel was created */
    sim_blk *ring;
    size_t ring_head, ring_used;
    sim_video *video; /* real-video mode: libx264/libx265 encode the pictures */
    /*
     * Real-video mode: the queue head's access unit, encoded once and held while the stream ring has
     * no room for it; encoding it again would feed the encoder the same picture twice.
     */
    int held, held_n, held_idr;
    simvideo_nal held_nals[MAX_NALS];
    int efd, ready, in_epoll;
    int scene;
    int idr_pending;
    int recv_left;
    hi_u32 seq, encoded, since_idr;
    double busy_until; /* timing model: end of the channel's last scheduled frame */
    int nsched;        /* timing model: queued frames (from the head) given a core */
    /* timing model: input buffers whose stream was released, and when (for released_to_queued) */
    uintptr_t released_addr[QUEUE_DEPTH + 2];
    double released_at[QUEUE_DEPTH + 2];
    hi_venc_chn_attr attr;
    hi_venc_rc_param rc;
    qframe q[QUEUE_DEPTH];
    int qhead, qcount;
    sstream *out[MAX_STREAMS];
    int ohead, ocount, ngot;
    pthread_t thread;
    pthread_cond_t cond;
} chn_t;

/*
 * Timing model: the page "VENC Performance Specifications" (CANN 6.0.1, Ascend 310P) gives for n
 * channels of 1080p n x 240 FPS up to 3 channels and 720 FPS in all beyond: 3 encoder cores of
 * 240 x 1920 x 1080 pixels/s each, shared by every channel of a device. A frame holds one core for
 * w*h / CORE_PIXEL_RATE seconds, which is also its latency when a core is free. 310B: no figure was
 * found; ASSUMPTION: the same model.
 */
#define CORES 3
#define CORE_PIXEL_RATE (240.0 * 1920 * 1080)
/*
 * Event-time scheduling, so that host scheduling delays of the simulator's own threads do not slow
 * the modelled hardware: a frame is ready at the later of its arrival and the end of its channel's
 * previous frame, starts at the later of that and the earliest free core, and ends its encode time
 * later; the channel's encoder thread sleeps until that absolute time, then publishes the stream.
 * schedule_device() gives cores to ready frames in the order they became ready, whichever thread calls
 * it, so the cores never idle in event time while a frame is ready (work-conserving) however late the
 * simulator's threads run. ASSUMPTION: the VENC serves the channels' frames in the order they became
 * ready (no page says how the cores are shared).
 */
static double core_free_at[SIM_MAX_DEVICES][CORES];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static chn_t chns[NDEV][NCHN];
static int sys_inited[NDEV];
static int chn_created_since_init[NDEV];
static hi_venc_mod_param mod_params[NDEV][5];
static int epolls[MAX_EPOLLS];
static int nepolls;

static int max_chn(void)
{
    return simcore_is_310b() ? 128 : 256;
}

/*
 * The channel of the calling thread's device. page (hi_mpi_sys_init): the media system is initialised
 * per device under that device's context; without it VENC calls answer SYS_NOT_READY (header code).
 */
static chn_t *get_chn(int chn, int *rc)
{
    int dev = simcore_current_device();
    if (dev < 0 || dev >= NDEV || !sys_inited[dev]) {
        *rc = HI_ERR_VENC_SYS_NOT_READY;
        return NULL;
    }
    if (chn < 0 || chn >= max_chn()) {
        *rc = HI_ERR_VENC_INVALID_CHN_ID;
        return NULL;
    }
    if (!chns[dev][chn].exists) {
        *rc = HI_ERR_VENC_UNEXIST;
        return NULL;
    }
    return &chns[dev][chn];
}

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static uint32_t crc_update(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    }
    return ~crc;
}

static int is_h264(const chn_t *c)
{
    return c->attr.venc_attr.type == PT_H264;
}

/*
 * Checks the rate-control attributes; 0 when valid. Ranges: header comments of hi_venc_h264_cbr ..
 * hi_venc_h264_cvbr and hi_venc_gop_attr (gop [1, 65536], stats_time [1, 60], frame rates [1, 240] with
 * dst <= src, bit rates [2, 614400] kbps, qp [0, 51], qp deltas [-10, 30], sp_interval not 1 and < gop);
 * rc modes 6 / 16 (H.264/H.265 QPMAP, the 7th member) are not supported on VENC (page "VENC functions
 * and restrictions": CBR, VBR, AVBR, QVBR, CVBR, FIXQP).
 */
static int check_rc_attr(const hi_venc_chn_attr *a)
{
    const hi_venc_rc_attr *r = &a->rc_attr;
    int h264 = a->venc_attr.type == PT_H264;
    int base = h264 ? 1 : 11;
    int mode = r->rc_mode - base;
    if (mode < 0 || mode > 6) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (mode == 6) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    const hi_venc_h264_cvbr *v = &r->h264_cvbr;
    if (mode == 5) {
        const hi_venc_h264_fixqp *f = &r->h264_fixqp;
        if (f->gop < 1 || f->gop > 65536 || f->src_frame_rate < 1 || f->src_frame_rate > 240 ||
            f->dst_frame_rate < 1 || f->dst_frame_rate > f->src_frame_rate || f->i_qp > 51 || f->p_qp > 51 ||
            f->b_qp > 51) {
            return HI_ERR_VENC_ILLEGAL_PARAM;
        }
        return 0;
    }
    if (v->gop < 1 || v->gop > 65536 || v->stats_time < 1 || v->stats_time > 60 || v->src_frame_rate < 1 ||
        v->src_frame_rate > 240 || v->dst_frame_rate < 1 || v->dst_frame_rate > v->src_frame_rate ||
        v->max_bit_rate < 2 || v->max_bit_rate > 614400) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (mode == 4 && (v->short_term_stats_time < 1 || v->short_term_stats_time > 120 ||
                      v->long_term_stats_time < 1 || v->long_term_stats_time > 1440 ||
                      v->long_term_max_bit_rate < 2 || v->long_term_max_bit_rate > v->max_bit_rate ||
                      v->long_term_min_bit_rate < 2 || v->long_term_min_bit_rate > v->long_term_max_bit_rate)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    const hi_venc_gop_attr *g = &a->gop_attr;
    if (g->gop_mode < 0 || g->gop_mode > 2) {
        return g->gop_mode < 6 ? HI_ERR_VENC_NOT_SUPPORT : HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (g->gop_mode == 0 && (g->normal_p.ip_qp_delta < -10 || g->normal_p.ip_qp_delta > 30)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (g->gop_mode == 1 && (g->dual_p.sp_interval == 1 || (g->dual_p.sp_interval >= v->gop && v->gop > 1) ||
                             g->dual_p.sp_qp_delta < -10 || g->dual_p.sp_qp_delta > 30 ||
                             g->dual_p.ip_qp_delta < -10 || g->dual_p.ip_qp_delta > 30)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (g->gop_mode == 2 && (g->smart_p.bg_interval < v->gop || g->smart_p.bg_qp_delta < -10 ||
                             g->smart_p.bg_qp_delta > 30 || g->smart_p.vi_qp_delta < -10 ||
                             g->smart_p.vi_qp_delta > 30)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    return 0;
}

static int check_chn_attr(const hi_venc_chn_attr *a)
{
    const hi_venc_attr *v = &a->venc_attr;
    if (v->type != PT_H264 && v->type != PT_H265) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    /* page hi_venc_attr: sides are multiples of 2; 310P 128..4096, 310B 114..8192. */
    hi_u32 lo = simcore_is_310b() ? 114 : 128;
    hi_u32 hi = simcore_is_310b() ? 8192 : 4096;
    if (v->max_pic_width < lo || v->max_pic_width > hi || v->max_pic_height < lo || v->max_pic_height > hi ||
        (v->max_pic_width & 1) || (v->max_pic_height & 1) || v->pic_width > v->max_pic_width ||
        v->pic_height > v->max_pic_height || v->pic_width < lo || v->pic_height < lo || (v->pic_width & 1) ||
        (v->pic_height & 1)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    /*
     * page hi_venc_attr (310P): H.264 pictures up to 4096 x 2304 pixels. Checked on the picture size:
     * the plugin creates every H.264 channel with max 4096 x 4096 and checks only the picture.
     */
    if (!simcore_is_310b() && v->type == PT_H264 && (uint64_t)v->pic_width * v->pic_height > 4096u * 2304u) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    /* page hi_venc_attr: buf_size a multiple of 64, at least 32 KiB (the sample uses a fixed 2 or 4 MiB). */
    if (v->buf_size % 64 != 0 || v->buf_size < 32 * 1024) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    /* header hi_venc_attr.profile: H.264 0..2 (3 = SVC-T unsupported on output), H.265 0 (Main). */
    if ((v->type == PT_H264 && v->profile > 2) || (v->type == PT_H265 && v->profile != 0)) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    /* header: is_by_frame [0, 1]; 0 (packet mode) is accepted. ASSUMPTION: its streams look like frame mode. */
    if (v->is_by_frame != 0 && v->is_by_frame != 1) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    return check_rc_attr(a);
}

/*
 * The rc parameters a new channel reports through get_rc_param. ASSUMPTION: the board's values are not
 * documented; these follow the header's ranges and the plugin's choices (direction 8).
 */
static void default_rc_param(chn_t *c)
{
    memset(&c->rc, 0, sizeof c->rc);
    c->rc.direction = 8;
    c->rc.row_qp_delta = 1;
    c->rc.first_frame_start_qp = -1;
    hi_venc_h264_avbr_param *p = &c->rc.h264_avbr_param;
    p->chg_pos = 90;
    p->max_i_proportion = 100;
    p->min_i_proportion = 1;
    p->max_reencode_times = 2;
    int mode = c->attr.rc_attr.rc_mode;
    hi_u32 *q = NULL;
    switch (mode) {
    case 1: q = &c->rc.h264_cbr_param.max_qp; break;
    case 11: q = &c->rc.h265_cbr_param.max_qp; break;
    case 2: q = &c->rc.h264_vbr_param.max_qp; break;
    case 12: q = &c->rc.h265_vbr_param.max_qp; break;
    case 3: q = &c->rc.h264_avbr_param.max_qp; break;
    case 13: q = &c->rc.h265_avbr_param.max_qp; break;
    case 4: q = &c->rc.h264_qvbr_param.max_qp; break;
    case 14: q = &c->rc.h265_qvbr_param.max_qp; break;
    case 5: q = &c->rc.h264_cvbr_param.max_qp; break;
    case 15: q = &c->rc.h265_cvbr_param.max_qp; break;
    default: break;
    }
    if (mode == 1 || mode == 11) {
        c->rc.h264_cbr_param.max_i_proportion = 100;
        c->rc.h264_cbr_param.min_i_proportion = 1;
        c->rc.h264_cbr_param.max_reencode_times = 2;
    } else if (mode == 4 || mode == 5 || mode == 14 || mode == 15) {
        c->rc.h264_qvbr_param.max_i_proportion = 100;
        c->rc.h264_qvbr_param.min_i_proportion = 1;
        c->rc.h264_qvbr_param.max_reencode_times = 2;
    }
    if (q != NULL) {
        q[0] = 48; /* max_qp */
        q[1] = 16; /* min_qp */
        q[2] = 48; /* max_i_qp */
        q[3] = 16; /* min_i_qp */
    }
}

/* Pointers into the active rc_param member, for the payload and the checks. */
typedef struct {
    hi_u32 *max_qp, *min_qp, *max_i_qp, *min_i_qp, *max_ip, *min_ip;
    hi_s32 *reenc, *chg_pos;
    hi_u32 *lt_unit;
} rc_view;

static rc_view view_rc(hi_venc_rc_param *r, int mode)
{
    rc_view v;
    memset(&v, 0, sizeof v);
    switch (mode) {
#define CBR(m)                                                                                                \
    v.max_qp = &m.max_qp; v.min_qp = &m.min_qp; v.max_i_qp = &m.max_i_qp; v.min_i_qp = &m.min_i_qp;            \
    v.max_ip = &m.max_i_proportion; v.min_ip = &m.min_i_proportion; v.reenc = &m.max_reencode_times;
    case 1: CBR(r->h264_cbr_param) break;
    case 11: CBR(r->h265_cbr_param) break;
    case 2: CBR(r->h264_vbr_param) v.chg_pos = &r->h264_vbr_param.chg_pos; break;
    case 12: CBR(r->h265_vbr_param) v.chg_pos = &r->h265_vbr_param.chg_pos; break;
    case 3: CBR(r->h264_avbr_param) v.chg_pos = &r->h264_avbr_param.chg_pos; break;
    case 13: CBR(r->h265_avbr_param) v.chg_pos = &r->h265_avbr_param.chg_pos; break;
    case 4: CBR(r->h264_qvbr_param) break;
    case 14: CBR(r->h265_qvbr_param) break;
    case 5: CBR(r->h264_cvbr_param) v.lt_unit = &r->h264_cvbr_param.long_term_stats_time_unit; break;
    case 15: CBR(r->h265_cvbr_param) v.lt_unit = &r->h265_cvbr_param.long_term_stats_time_unit; break;
#undef CBR
    default: break;
    }
    return v;
}

/* Ranges: header comments of hi_venc_rc_param and of its *_param members. */
static int check_rc_param(hi_venc_rc_param *r, int mode)
{
    for (int i = 0; i < 16; i++) {
        if (r->threshold_i[i] > 255 || r->threshold_p[i] > 255 || r->threshold_b[i] > 255) {
            return HI_ERR_VENC_ILLEGAL_PARAM;
        }
    }
    if (r->direction > 16 || r->row_qp_delta > 10 || r->first_frame_start_qp < -1 || r->first_frame_start_qp > 51) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    rc_view v = view_rc(r, mode);
    if (v.max_qp != NULL && (*v.max_qp > 51 || *v.min_qp > *v.max_qp || *v.max_i_qp > 51 ||
                             *v.min_i_qp > *v.max_i_qp || *v.reenc < 0 || *v.reenc > 3 || *v.min_ip < 1 ||
                             *v.max_ip > 100 || *v.min_ip > *v.max_ip)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (v.chg_pos != NULL && (*v.chg_pos < 50 || *v.chg_pos > 100)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (v.lt_unit != NULL && (*v.lt_unit < 1 || *v.lt_unit > 1800)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    return 0;
}

/* The rate control the channel attributes ask for, for the real-video encoder. */
static simvideo_rc rc_of(const hi_venc_chn_attr *a)
{
    const hi_venc_rc_attr *r = &a->rc_attr;
    int mode = r->rc_mode % 10;
    simvideo_rc rc;
    memset(&rc, 0, sizeof rc);
    if (mode == 6) {
        rc.mode = SIMVIDEO_FIXQP;
        rc.qp = (int)r->h264_fixqp.p_qp;
        rc.gop = (int)r->h264_fixqp.gop;
        rc.fps = (int)r->h264_fixqp.dst_frame_rate;
        return rc;
    }
    rc.mode = SIMVIDEO_ABR;
    rc.gop = (int)r->h264_cbr.gop;
    rc.fps = (int)r->h264_cbr.dst_frame_rate;
    rc.stats_time = (int)r->h264_cbr.stats_time;
    if (mode == 1) {
        rc.kbps = rc.max_kbps = (int)r->h264_cbr.bit_rate;
    } else if (mode == 4) {
        rc.kbps = rc.max_kbps = (int)r->h264_qvbr.target_bit_rate;
    } else {
        rc.max_kbps = (int)r->h264_vbr.max_bit_rate;
        rc.kbps = rc.max_kbps * 4 / 5;
    }
    return rc;
}

static void signal_ready(chn_t *c)
{
    if (!c->ready && c->ngot < c->ocount) {
        uint64_t one = 1;
        if (write(c->efd, &one, sizeof one) == sizeof one) {
            c->ready = 1;
        }
    } else if (c->ready && c->ngot >= c->ocount) {
        uint64_t v;
        if (read(c->efd, &v, sizeof v) == sizeof v || errno == EAGAIN) {
            c->ready = 0;
        }
    }
}

static hi_u32 sum16(const hi_u32 *t)
{
    hi_u32 s = 0;
    for (int i = 0; i < 16; i++) {
        s += t[i] * (hi_u32)(i + 1);
    }
    return s;
}

static int slice_record(chn_t *c, int chn, const qframe *f, uint32_t ycrc, uint32_t uvcrc, int idr, char *out, size_t cap)
{
    const hi_venc_attr *va = &c->attr.venc_attr;
    const hi_venc_rc_attr *ra = &c->attr.rc_attr;
    const hi_venc_h264_cvbr *cv = &ra->h264_cvbr;
    const hi_venc_h264_fixqp *fq = &ra->h264_fixqp;
    int fixqp = ra->rc_mode == 6 || ra->rc_mode == 16;
    const hi_venc_gop_attr *g = &c->attr.gop_attr;
    rc_view v = view_rc(&c->rc, ra->rc_mode);
    return snprintf(out, cap,
        "HSIM chn=%d seq=%u pts=%llu tref=%u idr=%d w=%u h=%u ys=%u uvs=%u fmt=%d y=%08x uv=%08x "
        "type=%d profile=%u maxw=%u maxh=%u buf=%u rc=%d gop=%u stats=%u src=%u dst=%u br=%u "
        "stt=%u ltt=%u ltmax=%u ltmin=%u iqp=%u pqp=%u bqp=%u gopmode=%d g1=%d g2=%d g3=%d scene=%d "
        "maxqp=%d minqp=%d maxiqp=%d miniqp=%d maxip=%d minip=%d reenc=%d chgpos=%d ltunit=%d "
        "dir=%u rowqp=%u ffqp=%d thi=%u thp=%u thb=%u end",
        chn, c->seq, (unsigned long long)f->pts, f->time_ref, idr, f->w, f->h, f->ys, f->uvs, f->fmt, ycrc,
        uvcrc, va->type, va->profile, va->max_pic_width, va->max_pic_height, va->buf_size, ra->rc_mode,
        fixqp ? fq->gop : cv->gop, fixqp ? 0 : cv->stats_time, fixqp ? fq->src_frame_rate : cv->src_frame_rate,
        fixqp ? fq->dst_frame_rate : cv->dst_frame_rate, fixqp ? 0 : cv->max_bit_rate,
        cv->short_term_stats_time, cv->long_term_stats_time, cv->long_term_max_bit_rate,
        cv->long_term_min_bit_rate, fixqp ? fq->i_qp : 0, fixqp ? fq->p_qp : 0, fixqp ? fq->b_qp : 0,
        g->gop_mode, (int)g->dual_p.sp_interval, g->dual_p.sp_qp_delta, g->dual_p.ip_qp_delta, c->scene,
        v.max_qp ? (int)*v.max_qp : -1, v.min_qp ? (int)*v.min_qp : -1, v.max_i_qp ? (int)*v.max_i_qp : -1,
        v.min_i_qp ? (int)*v.min_i_qp : -1, v.max_ip ? (int)*v.max_ip : -1, v.min_ip ? (int)*v.min_ip : -1,
        v.reenc ? *v.reenc : -1, v.chg_pos ? *v.chg_pos : -1, v.lt_unit ? (int)*v.lt_unit : -1,
        c->rc.direction, c->rc.row_qp_delta, c->rc.first_frame_start_qp, sum16(c->rc.threshold_i),
        sum16(c->rc.threshold_p), sum16(c->rc.threshold_b));
}

static int gop_of(const chn_t *c)
{
    int mode = c->attr.rc_attr.rc_mode;
    return mode == 6 || mode == 16 ? (int)c->attr.rc_attr.h264_fixqp.gop : (int)c->attr.rc_attr.h264_cbr.gop;
}

/* Appends one record-mode NAL unit: start code, NAL header, one slice-header byte for slices, text. */
static void record_nal(nal_t *out, unsigned char *buf, int h264, int nal_type, int code, int slice_byte,
                       const char *text)
{
    size_t n = 0;
    buf[n++] = 0; buf[n++] = 0; buf[n++] = 0; buf[n++] = 1;
    buf[n++] = (unsigned char)(h264 ? (nal_type == 7 || nal_type == 8 || nal_type == 5 ? 0x60 : 0x40) | nal_type
                                    : nal_type << 1);
    if (!h264) {
        buf[n++] = 1;
    }
    if (slice_byte >= 0) {
        buf[n++] = (unsigned char)slice_byte;
    }
    size_t tl = strlen(text);
    memcpy(buf + n, text, tl);
    out->data = buf;
    out->len = n + tl;
    out->code = code;
}

/*
 * Record mode: parameter sets before each IDR and one slice whose text records what the encoder got.
 * The byte after a slice's NAL header starts a valid slice header (first_mb/first_slice flag, pps id,
 * slice_type P or I), so a parser of slice headers reads the right picture type.
 */
static int record_nals(chn_t *c, const qframe *f, uint32_t ycrc, uint32_t uvcrc, int idr, nal_t *nals,
                       unsigned char bufs[][1100])
{
    char text[1024];
    int n = 0;
    int h264 = is_h264(c);
    const hi_venc_attr *va = &c->attr.venc_attr;
    if (idr) {
        if (h264) {
            snprintf(text, sizeof text, "SPS profile=%u w=%u h=%u", va->profile, va->pic_width, va->pic_height);
            record_nal(&nals[n], bufs[n], 1, 7, 7, -1, text); n++;
            snprintf(text, sizeof text, "PPS chn=%d", c->id);
            record_nal(&nals[n], bufs[n], 1, 8, 8, -1, text); n++;
        } else {
            snprintf(text, sizeof text, "VPS chn=%d", c->id);
            record_nal(&nals[n], bufs[n], 0, 32, 32, -1, text); n++;
            snprintf(text, sizeof text, "SPS profile=%u w=%u h=%u", va->profile, va->pic_width, va->pic_height);
            record_nal(&nals[n], bufs[n], 0, 33, 33, -1, text); n++;
            snprintf(text, sizeof text, "PPS chn=%d", c->id);
            record_nal(&nals[n], bufs[n], 0, 34, 34, -1, text); n++;
        }
    }
    slice_record(c, c->id, f, ycrc, uvcrc, idr, text, sizeof text);
    if (h264) {
        /* ue(0) first_mb_in_slice, ue(5) P / ue(7) I */
        record_nal(&nals[n], bufs[n], 1, idr ? 5 : 1, idr ? 5 : 1, idr ? 0x88 : 0x9A, text);
    } else {
        /* first_slice_segment_in_pic_flag 1, [no_output_of_prior_pics 0], ue(0) pps id, ue(1) P / ue(2) I */
        record_nal(&nals[n], bufs[n], 0, idr ? 19 : 1, idr ? 19 : 1, idr ? 0xAC : 0xD0, text);
    }
    return n + 1;
}

/* Ring bytes needed for the NAL units, each pack preceded by its offset padding. */
static size_t ring_need(const nal_t *nals, int n, int one_stream)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        total += nals[i].len + (one_stream ? 0 : 8 + 4 * (size_t)i);
    }
    return total + (one_stream ? 8 : 0);
}

static void fill_pack(hi_venc_pack *p, chn_t *c, size_t pos, size_t len, hi_u32 off, const qframe *f, int code)
{
    memset(p, 0, sizeof *p);
    /* header: input_addr, "the address of input frame", shares the union with the stream's phys_addr. */
    p->input_addr = (hi_u64)f->y;
    p->addr = (hi_u8 *)(c->ring->dev + pos);
    /* sample, plugin: valid data is len - offset bytes from addr + offset. */
    p->len = (hi_u32)len;
    p->offset = off;
    p->pts = f->pts + ((simcore_flags() & SIM_FLAG_SHIFT_PTS) ? 1 : 0);
    p->data_type.h264_type = code;
}

/*
 * Places the NAL units of one frame into the channel's stream ring buffer as the board's packs (caller
 * holds the lock and has checked that the ring has room):
 *  - one_stream_buf = 0: one pack per NAL unit (VPS/SPS/PPS/SEI/slice) at a non-zero offset, each pack
 *    contiguous (a pack that would straddle the end starts again at the ring's start);
 *  - one_stream_buf = 1 (guide sample, plugin): one pack per frame whose NAL units pack_info[] lists
 *    (data_num of them), split in two packs where the ring wraps.
 * ASSUMPTIONS (docs/ascend.md): offsets of 8+4i padding bytes; pack_info offsets relative to addr + offset;
 * data_type of a one-stream pack is the slice's code.
 */
static void place(chn_t *c, sstream *s, const nal_t *nals, int n, const qframe *f, int slice_code, int no_types)
{
    size_t size = c->ring->size;
    size_t pos = c->ring_head;
    size_t used = 0;
    int k = 0;
    if (!c->one_stream) {
        for (int i = 0; i < n; i++) {
            hi_u32 off = (hi_u32)(8 + 4 * i);
            size_t len = off + nals[i].len;
            if (pos + len > size) {
                used += size - pos;
                pos = 0;
                simcore_n.ring_wraps++;
            }
            unsigned char *d = c->ring->shadow + pos;
            memset(d, 0xEE, off);
            memcpy(d + off, nals[i].data, nals[i].len);
            fill_pack(&s->packs[k], c, pos, len, off, f, no_types ? 9 : nals[i].code);
            s->packs[k].data_num = 1;
            s->packs[k].pack_info[0].pack_type.h264_type = no_types ? 9 : nals[i].code;
            s->packs[k].pack_info[0].pack_offset = 0;
            s->packs[k].pack_info[0].pack_len = (hi_u32)nals[i].len;
            k++;
            pos += len;
            used += len;
        }
    } else {
        hi_u32 off = 8;
        size_t total = off;
        for (int i = 0; i < n; i++) {
            total += nals[i].len;
        }
        unsigned char frame[MAX_NALS * 1100];
        unsigned char *src = total <= sizeof frame ? frame : malloc(total);
        memset(src, 0xEE, off);
        size_t at = off;
        for (int i = 0; i < n; i++) {
            memcpy(src + at, nals[i].data, nals[i].len);
            at += nals[i].len;
        }
        size_t first = pos + total > size ? size - pos : total;
        if (first <= off) {
            used += size - pos;
            pos = 0;
            first = total;
        }
        memcpy(c->ring->shadow + pos, src, first);
        fill_pack(&s->packs[k++], c, pos, first, off, f, no_types ? 9 : slice_code);
        used += first;
        if (first < total) {
            memcpy(c->ring->shadow, src + first, total - first);
            fill_pack(&s->packs[k++], c, 0, total - first, 0, f, no_types ? 9 : slice_code);
            used += total - first;
            simcore_n.ring_wraps++;
        }
        pos = (pos + first) % size;
        if (first < total) {
            pos = total - first;
        }
        hi_u32 rel = 0;
        s->packs[0].data_num = (hi_u32)(n < 8 ? n : 8);
        for (int i = 0; i < n && i < 8; i++) {
            s->packs[0].pack_info[i].pack_type.h264_type = no_types ? 9 : nals[i].code;
            s->packs[0].pack_info[i].pack_offset = rel;
            s->packs[0].pack_info[i].pack_len = (hi_u32)nals[i].len;
            rel += (hi_u32)nals[i].len;
        }
        if (src != frame) {
            free(src);
        }
    }
    s->packs[k - 1].is_frame_end = 1;
    s->npacks = k;
    s->used = used;
    c->ring_head = pos;
    c->ring_used += used;
}

/* Encodes one frame into a stream; caller holds the lock. NULL when the ring buffer has no room yet. */
static sstream *encode(chn_t *c, const qframe *f)
{
    unsigned char *y = simcore_dev(f->y, (size_t)f->ys * f->h, NULL);
    unsigned char *uv = simcore_dev(f->uv, (size_t)f->uvs * (f->h / 2), NULL);
    uint32_t ycrc = 0, uvcrc = 0;
    int broken = y == NULL || uv == NULL || simcore_take_zero_frame(c->id);
    /* the timing model leaves the CPU to the pipeline under test: no checksums */
    if (y != NULL && uv != NULL && !simcore_timing()) {
        for (hi_u32 r = 0; r < f->h; r++) {
            ycrc = crc_update(ycrc, y + (size_t)r * f->ys, f->w);
        }
        for (hi_u32 r = 0; r < f->h / 2; r++) {
            uvcrc = crc_update(uvcrc, uv + (size_t)r * f->uvs, f->w);
        }
    }
    /*
     * An IDR every gop-th frame since the last IDR, and on request_idr. ASSUMPTION: a requested IDR
     * restarts the gop (HiSilicon MPP behaviour; no Ascend page says).
     */
    int idr = c->idr_pending || c->since_idr % (hi_u32)gop_of(c) == 0;
    static unsigned char bufs[MAX_NALS][1100];
    nal_t nals[MAX_NALS];
    int n;
    int slice_code = -1;
    if (c->video != NULL && !broken) {
        simvideo_nal *vn = c->held_nals;
        if (c->held) {
            n = c->held_n;
            idr = c->held_idr;
        } else {
            n = simvideo_encode(c->video, y, uv, (int)f->ys, f->fmt, idr, vn, MAX_NALS, &idr);
        }
        if (n <= 0) {
            simcore_report("channel %d: the video encoder failed on pts %llu", c->id, (unsigned long long)f->pts);
            broken = 1;
            n = record_nals(c, f, ycrc, uvcrc, idr, nals, bufs);
        }
        for (int i = 0; i < n && !broken; i++) {
            nals[i].data = (unsigned char *)vn[i].data;
            nals[i].len = vn[i].len;
            nals[i].code = vn[i].code;
            if (vn[i].code == 0 || vn[i].code == 1 || vn[i].code == 2 || vn[i].code == 5 || vn[i].code == 19) {
                slice_code = vn[i].code;
            }
        }
    } else {
        n = record_nals(c, f, ycrc, uvcrc, idr, nals, bufs);
    }
    if (slice_code < 0) {
        slice_code = is_h264(c) ? (idr ? 5 : 1) : (idr ? 19 : 1);
    }
    size_t need = ring_need(nals, n, c->one_stream);
    if (need * 2 > c->ring->size) {
        /* larger than the stream buffer: the frame fails (zero-length packs) */
        broken = 1;
        n = 1;
        nals[0].len = 16;
        need = ring_need(nals, n, c->one_stream);
    }
    /* guide step 11: unreleased streams hold the buffer; encoding waits until they are released. */
    size_t worst = need + (c->one_stream ? 0 : need);
    if (c->ring_used + worst > c->ring->size && c->ring_used > 0) {
        if (c->video != NULL && !broken) {
            c->held = 1;
            c->held_n = n;
            c->held_idr = idr;
        }
        return NULL;
    }
    c->held = 0;
    sstream *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    c->idr_pending = 0;
    place(c, s, nals, n, f, slice_code, simcore_flags() & SIM_FLAG_NO_PACK_TYPES);
    if (broken) {
        for (int i = 0; i < s->npacks; i++) {
            s->packs[i].len = 0;
            s->packs[i].offset = 0;
        }
    }
    s->idr = idr;
    c->since_idr = idr ? 1 : c->since_idr + 1;
    s->pts = f->pts;
    s->seq = c->seq++;
    c->encoded++;
    return s;
}

static void deadline_after(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Timing model: gives a core to every frame of the device that is ready by now; caller holds the lock. */
static void schedule_device(int dev, double now)
{
    for (;;) {
        chn_t *best = NULL;
        double best_ready = 0;
        for (int i = 0; i < NCHN; i++) {
            chn_t *c = &chns[dev][i];
            if (!c->exists || !c->started || c->nsched >= c->qcount) {
                continue;
            }
            const qframe *f = &c->q[(c->qhead + c->nsched) % QUEUE_DEPTH];
            double ready = f->arrived > c->busy_until ? f->arrived : c->busy_until;
            if (ready <= now && (best == NULL || ready < best_ready)) {
                best = c;
                best_ready = ready;
            }
        }
        if (best == NULL) {
            return;
        }
        double *core = &core_free_at[dev][0];
        for (int k = 1; k < CORES; k++) {
            if (core_free_at[dev][k] < *core) {
                core = &core_free_at[dev][k];
            }
        }
        qframe *f = &best->q[(best->qhead + best->nsched) % QUEUE_DEPTH];
        if (best->busy_until > 0 && f->arrived > best->busy_until) {
            simcore_n.starved_us += (long long)((f->arrived - best->busy_until) * 1e6);
        }
        double start = best_ready > *core ? best_ready : *core;
        f->end = start + (double)f->w * f->h / CORE_PIXEL_RATE;
        *core = f->end;
        best->busy_until = f->end;
        best->nsched++;
        pthread_cond_broadcast(&best->cond);
    }
}

static void *encoder_main(void *arg)
{
    chn_t *c = arg;
    pthread_mutex_lock(&simcore_lock);
    for (;;) {
        while (!c->stop && (c->qcount == 0 || c->ocount >= MAX_STREAMS)) {
            pthread_cond_wait(&c->cond, &simcore_lock);
        }
        if (c->stop) {
            break;
        }
        int delay = simcore_encode_delay_us();
        if (delay > 0) {
            pthread_mutex_unlock(&simcore_lock);
            usleep((useconds_t)delay);
            pthread_mutex_lock(&simcore_lock);
            if (c->stop) {
                break;
            }
        }
        if (simcore_timing()) {
            schedule_device(c->dev, now_s());
            if (c->nsched == 0) {
                /* not ready yet (the model was switched on while a frame of this channel was scheduled): retry */
                struct timespec ts;
                deadline_after(&ts, 1);
                pthread_cond_timedwait(&c->cond, &simcore_lock, &ts);
                continue;
            }
        }
        qframe f = c->q[c->qhead];
        if (simcore_timing() && f.end > now_s()) {
            double end = f.end;
            pthread_mutex_unlock(&simcore_lock);
            struct timespec ts = {(time_t)end, (long)((end - (double)(time_t)end) * 1e9)};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
            }
            pthread_mutex_lock(&simcore_lock);
            if (c->stop) {
                break;
            }
        }
        sstream *s = encode(c, &f);
        if (s == NULL) {
            pthread_cond_wait(&c->cond, &simcore_lock);
            continue;
        }
        s->end = f.end;
        s->input = f.y;
        c->qhead = (c->qhead + 1) % QUEUE_DEPTH;
        c->qcount--;
        if (c->nsched > 0) {
            c->nsched--;
        }
        c->out[(c->ohead + c->ocount) % MAX_STREAMS] = s;
        c->ocount++;
        simcore_n.frames_encoded++;
        signal_ready(c);
        pthread_cond_broadcast(&c->cond);
    }
    c->thread_alive = 0;
    simcore_n.encoder_threads--;
    pthread_mutex_unlock(&simcore_lock);
    return NULL;
}

static void free_stream(chn_t *c, sstream *s)
{
    c->ring_used -= s->used;
    free(s);
}

/* ---------------- SYS ---------------- */

/*
 * page hi_mpi_sys_init: call after aclInit and set device / create context; once per process and per
 * device, repeat calls succeed. The plugin calls sys_init / sys_exit per encoder under its context.
 */
static int impl_hi_mpi_sys_init(void)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    int dev = simcore_current_device();
    if (!simcore_acl_ready() || dev < 0 || dev >= NDEV) {
        rc = HI_ERR_SYS_NOT_READY;
    } else if (!sys_inited[dev]) {
        crc_init();
        sys_inited[dev] = 1;
        chn_created_since_init[dev] = 0;
        memset(mod_params[dev], 0, sizeof mod_params[dev]);
        simcore_n.sys_initialized++;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_sys_exit(void)
{
    pthread_mutex_lock(&simcore_lock);
    int dev = simcore_current_device();
    if (dev >= 0 && dev < NDEV && sys_inited[dev]) {
        long long bytes = 0;
        long long n = simcore_live_blocks_of(SIM_BLK_DVPP, dev, &bytes);
        int live = 0;
        for (int i = 0; i < NCHN; i++) {
            live += chns[dev][i].exists;
        }
        if (n > 0 || live > 0) {
            simcore_report("leak at hi_mpi_sys_exit of device %d: %lld hi_mpi_dvpp_malloc blocks (%lld bytes), "
                           "%d channels", dev, n, bytes, live);
            simcore_n.leaks_reported++;
        }
        sys_inited[dev] = 0;
        simcore_n.sys_initialized--;
    }
    pthread_mutex_unlock(&simcore_lock);
    return HI_SUCCESS;
}

/* hi_mpi_sys.h / page hi_mpi_dvpp_malloc: device memory of the given device (the current context's);
 * SYS_NULL_PTR / NOT_READY / ILLEGAL_PARAM / NO_MEM are the header's codes for a null out-pointer, no
 * context, a size of 0 or another device, and exhaustion. */
static int impl_hi_mpi_dvpp_malloc(hi_u32 dev, hi_void **p, hi_u64 size)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (p == NULL) {
        rc = HI_ERR_SYS_NULL_PTR;
    } else if (!simcore_acl_ready()) {
        rc = HI_ERR_SYS_NOT_READY;
    } else if (size == 0 || size > (1ull << 32) || (int)dev != simcore_current_device()) {
        rc = HI_ERR_SYS_ILLEGAL_PARAM;
    } else {
        sim_blk *b = simcore_alloc((size_t)size, SIM_BLK_DVPP, (int)dev);
        if (b == NULL) {
            rc = HI_ERR_SYS_NO_MEM;
        } else {
            *p = (void *)b->dev;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* page hi_mpi_dvpp_free: only memory from hi_mpi_dvpp_malloc (ILLEGAL_PARAM otherwise). */
static int impl_hi_mpi_dvpp_free(hi_void *p)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (p == NULL) {
        rc = HI_ERR_SYS_NULL_PTR;
    } else if (!simcore_acl_ready()) {
        rc = HI_ERR_SYS_NOT_READY;
    } else if (simcore_free(p, SIM_BLK_DVPP) != 0) {
        rc = HI_ERR_SYS_ILLEGAL_PARAM;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_dvpp_get_version(hi_s32 *major, hi_s32 *minor, hi_s32 *patch)
{
    if (major == NULL || minor == NULL || patch == NULL) {
        return HI_ERR_SYS_NULL_PTR;
    }
    *major = 1;
    *minor = 0;
    *patch = 0;
    return HI_SUCCESS;
}

#ifndef SIM_OLD_CANN
/*
 * hi_mpi_sys.h (8.1.RC1): strides and buffer size the modules need. For HI_MOD_VENC the page of VENC
 * input says width_stride = ALIGN16(width) (a test may ask for a coarser alignment), height unaligned
 * (even), buffer width_stride * height * 3 / 2 for YUV420SP.
 */
static int impl_hi_mpi_sys_get_image_align_info(const hi_module_type mod[], const hi_u32 num,
                                                const hi_img_base_info *in, hi_img_align_info *out)
{
    if (mod == NULL || in == NULL || out == NULL) {
        return HI_ERR_SYS_NULL_PTR;
    }
    if (num != 1 || mod[0] != 1 || (in->pixel_format != 1 && in->pixel_format != 2) || in->width == 0 ||
        in->height == 0) {
        return HI_ERR_SYS_ILLEGAL_PARAM;
    }
    hi_u32 a = (hi_u32)simcore_width_align();
    memset(out, 0, sizeof *out);
    out->width_stride = (in->width + a - 1) / a * a;
    out->height_stride = (in->height + 1) & ~1u;
    out->img_buf_size = (hi_u64)out->width_stride * out->height_stride * 3 / 2;
    return HI_SUCCESS;
}
#endif

static int find_epoll(int fd)
{
    for (int i = 0; i < nepolls; i++) {
        if (epolls[i] == fd) {
            return i;
        }
    }
    return -1;
}

/* hi_mpi_sys.h: size "currently ignored, and must be positive". The 64 instances are a simulator capacity. */
static int impl_hi_mpi_sys_create_epoll(hi_s32 size, hi_s32 *fd)
{
    if (fd == NULL) {
        return HI_ERR_SYS_NULL_PTR;
    }
    if (size <= 0) {
        return HI_ERR_SYS_ILLEGAL_PARAM;
    }
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (nepolls >= MAX_EPOLLS) {
        rc = HI_ERR_SYS_NO_MEM;
    } else {
        int e = epoll_create1(EPOLL_CLOEXEC);
        if (e < 0) {
            rc = HI_ERR_SYS_NO_MEM;
        } else {
            epolls[nepolls++] = e;
            simcore_n.epolls++;
            *fd = e;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* hi_mpi_sys.h: op ADD/MOD/DEL (1..3), event required except for DEL; the fd is a channel fd
 * from hi_mpi_venc_get_fd; EXIST / UNEXIST for a double ADD or an unknown fd (header codes). */
static int impl_hi_mpi_sys_ctl_epoll(hi_s32 epfd, hi_s32 op, hi_s32 fd, hi_dvpp_epoll_event *event)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = NULL;
    for (int d = 0; d < NDEV; d++) {
        for (int i = 0; i < NCHN; i++) {
            if (chns[d][i].exists && chns[d][i].efd == fd) {
                c = &chns[d][i];
            }
        }
    }
    if (find_epoll(epfd) < 0) {
        rc = HI_ERR_SYS_UNEXIST;
    } else if (op < 1 || op > 3) {
        rc = HI_ERR_SYS_ILLEGAL_PARAM;
    } else if (c == NULL) {
        rc = HI_ERR_SYS_UNEXIST;
    } else if (op != 3 && event == NULL) {
        rc = HI_ERR_SYS_NULL_PTR;
    } else {
        struct epoll_event ev;
        memset(&ev, 0, sizeof ev);
        if (event != NULL) {
            ev.events = (event->events & 1 ? EPOLLIN : 0) | (event->events & 0x80000000u ? EPOLLET : 0);
            ev.data.ptr = event->data;
        }
        int kop = op == 1 ? EPOLL_CTL_ADD : op == 2 ? EPOLL_CTL_MOD : EPOLL_CTL_DEL;
        if (epoll_ctl(epfd, kop, fd, &ev) != 0) {
            rc = errno == EEXIST ? SYS_ERR(0x04) : errno == ENOENT ? HI_ERR_SYS_UNEXIST : HI_ERR_SYS_ILLEGAL_PARAM;
        } else if (op == 1) {
            c->in_epoll++;
        } else if (op == 3) {
            c->in_epoll--;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_sys_wait_epoll(hi_s32 epfd, hi_dvpp_epoll_event *events, hi_s32 max, hi_s32 timeout,
                                      hi_s32 *num)
{
    if (events == NULL || num == NULL) {
        return HI_ERR_SYS_NULL_PTR;
    }
    /* page hi_mpi_sys_wait_epoll: max_events > 0; timeout -1 blocks, 0 returns at once, > 0 in ms. */
    if (max <= 0 || timeout < -1) {
        return HI_ERR_SYS_ILLEGAL_PARAM;
    }
    if (max > 64) {
        max = 64;
    }
    pthread_mutex_lock(&simcore_lock);
    int known = find_epoll(epfd) >= 0;
    pthread_mutex_unlock(&simcore_lock);
    if (!known) {
        return HI_ERR_SYS_UNEXIST;
    }
    struct epoll_event evs[64];
    int n = epoll_wait(epfd, evs, max, timeout);
    if (n < 0) {
        if (errno != EINTR) {
            return HI_ERR_SYS_ILLEGAL_PARAM;
        }
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        events[i].events = evs[i].events & EPOLLIN ? 1u : 0u;
        events[i].data = evs[i].data.ptr;
    }
    *num = n;
    return HI_SUCCESS;
}

/* hi_mpi_sys.h: closes an instance from hi_mpi_sys_create_epoll (UNEXIST otherwise). */
static int impl_hi_mpi_sys_close_epoll(hi_s32 epfd)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    int i = find_epoll(epfd);
    if (i < 0) {
        rc = HI_ERR_SYS_UNEXIST;
    } else {
        close(epfd);
        epolls[i] = epolls[--nepolls];
        simcore_n.epolls--;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* ---------------- VENC ---------------- */

/* header: mod_type HI_VENC_MOD_VENC..JPEG (1..4); guide sample and plugin: get, change, set before the first channel. */
static int impl_hi_mpi_venc_set_mod_param(const hi_venc_mod_param *p)
{
    if (p == NULL) {
        return HI_ERR_VENC_NULL_PTR;
    }
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    int dev = simcore_current_device();
    if (dev < 0 || dev >= NDEV || !sys_inited[dev]) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (p->mod_type < 1 || p->mod_type > 4) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
    } else if (chn_created_since_init[dev]) {
        /* plugin: set_mod_param answers NOT_PERM once channels exist ("using default mod param") */
        rc = HI_ERR_VENC_NOT_PERM;
    } else {
        mod_params[dev][p->mod_type] = *p;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: returns the module parameters of mod_type (1..4). */
static int impl_hi_mpi_venc_get_mod_param(hi_venc_mod_param *p)
{
    if (p == NULL) {
        return HI_ERR_VENC_NULL_PTR;
    }
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    int dev = simcore_current_device();
    if (dev < 0 || dev >= NDEV || !sys_inited[dev]) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (p->mod_type < 1 || p->mod_type > 4) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
    } else {
        int t = p->mod_type;
        *p = mod_params[dev][t];
        p->mod_type = t;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: chn in [0, VENC_MAX_CHN_NUM), 256 on 310P and 128 on 310B (page hi_mpi_venc_create_chn). */
static int impl_hi_mpi_venc_create_chn(hi_venc_chn chn, const hi_venc_chn_attr *attr)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    int dev = simcore_current_device();
    if (dev < 0 || dev >= NDEV || !sys_inited[dev]) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (chn < 0 || chn >= max_chn()) {
        rc = HI_ERR_VENC_INVALID_CHN_ID;
    } else if (chns[dev][chn].exists || simcore_chn_occupied(chn)) {
        /* plugin: EXIST for an id in use, the next id is tried */
        rc = HI_ERR_VENC_EXIST;
    } else if (attr == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
    } else if ((rc = check_chn_attr(attr)) == 0) {
        chn_t *c = &chns[dev][chn];
        memset(c, 0, sizeof *c);
        c->dev = dev;
        c->id = chn;
        int h264 = attr->venc_attr.type == PT_H264;
        c->one_stream = mod_params[dev][h264 ? 2 : 3].h264_mod_param.one_stream_buf != 0;
        c->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        c->ring = c->efd < 0 ? NULL : simcore_alloc(attr->venc_attr.buf_size, SIM_BLK_STREAM, dev);
        if (c->ring == NULL) {
            if (c->efd >= 0) {
                close(c->efd);
            }
            rc = HI_ERR_VENC_NO_MEM;
        } else if (simcore_video_mode()) {
            char err[256];
            simvideo_rc vrc = rc_of(attr);
            c->video = simvideo_open(h264, (int)attr->venc_attr.pic_width, (int)attr->venc_attr.pic_height, 1,
                                     (int)attr->venc_attr.profile, &vrc, err, sizeof err);
            if (c->video == NULL) {
                simcore_report("real-video mode: %s", err);
                simcore_free((void *)c->ring->dev, SIM_BLK_STREAM);
                close(c->efd);
                rc = HI_ERR_VENC_NOT_SUPPORT;
            }
        }
        if (rc == HI_SUCCESS) {
            c->exists = 1;
            c->attr = *attr;
            pthread_cond_init(&c->cond, NULL);
            default_rc_param(c);
            chn_created_since_init[dev] = 1;
            simcore_n.channels++;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static void stop_locked(chn_t *c)
{
    if (!c->started) {
        return;
    }
    c->stop = 1;
    pthread_cond_broadcast(&c->cond);
    pthread_t t = c->thread;
    pthread_mutex_unlock(&simcore_lock);
    pthread_join(t, NULL);
    pthread_mutex_lock(&simcore_lock);
    c->started = 0;
    c->stop = 0;
    simcore_n.frames_dropped_at_stop += c->qcount;
    c->qcount = 0;
    c->qhead = 0;
    c->nsched = 0;
    c->busy_until = 0;
    pthread_cond_broadcast(&c->cond);
}

static int impl_hi_mpi_venc_destroy_chn(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (c->started) {
            /*
             * ASSUMPTION from the header's code list: a channel still receiving (not stopped) answers
             * HI_ERR_VENC_BUSY. The guide stops (step 13) before it destroys (step 15).
             */
            rc = HI_ERR_VENC_BUSY;
        } else {
            /*
             * plugin: destroys the channel before it removes the fd from its epoll set, so that is
             * allowed; the closed fd leaves the set (a later DEL of it answers SYS UNEXIST: ASSUMPTION).
             */
            while (c->ocount > 0) {
                free_stream(c, c->out[c->ohead]);
                c->ohead = (c->ohead + 1) % MAX_STREAMS;
                c->ocount--;
            }
            simcore_free((void *)c->ring->dev, SIM_BLK_STREAM);
            simvideo_close(c->video);
            c->video = NULL;
            close(c->efd);
            pthread_cond_destroy(&c->cond);
            c->exists = 0;
            simcore_n.channels--;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header hi_venc_start_param: recv_pic_num -1 (unlimited) or a positive count; 0 and < -1 are illegal. */
static int impl_hi_mpi_venc_start_chn(hi_venc_chn chn, const hi_venc_start_param *param)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c == NULL) {
        /* rc set */
    } else if (param == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
    } else if (param->recv_pic_num == 0 || param->recv_pic_num < -1 ||
               (param->recv_pic_num == -1 && (simcore_flags() & SIM_FLAG_REFUSE_UNLIMITED_RECV))) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
    } else if (!c->started) {
        c->recv_left = param->recv_pic_num;
        c->stop = 0;
        if (pthread_create(&c->thread, NULL, encoder_main, c) != 0) {
            rc = HI_ERR_VENC_NO_MEM;
        } else {
            pthread_setname_np(c->thread, "venc-sim-enc");
            c->started = 1;
            c->thread_alive = 1;
            simcore_n.encoder_threads++;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* guide step 13: stops receiving; frames still queued are dropped (counted). */
static int impl_hi_mpi_venc_stop_chn(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        stop_locked(c);
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: milli_sec -1 blocks, 0 does not, > 0 is a timeout; only a started channel receives frames
 * (NOT_PERM otherwise, and after recv_pic_num frames). */
static int impl_hi_mpi_venc_send_frame(hi_venc_chn chn, const hi_video_frame_info *fi, hi_s32 ms)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c == NULL) {
        goto out;
    }
    if (fi == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
        goto out;
    }
    if (ms < -1) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    if (!c->started || c->recv_left == 0) {
        rc = HI_ERR_VENC_NOT_PERM;
        goto out;
    }
    const hi_video_frame *v = &fi->v_frame;
    /* page of VENC input: width_stride = ALIGN16(width), both planes the same stride (sample, plugin). */
    if (v->width != c->attr.venc_attr.pic_width || v->height != c->attr.venc_attr.pic_height ||
        v->width_stride[0] < v->width || v->width_stride[0] % 16 != 0 || v->width_stride[1] != v->width_stride[0]) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    /* page: VENC input is NV12 (1) or NV21 (2), linear, uncompressed, SDR8, progressive frame. */
    if ((v->pixel_format != 1 && v->pixel_format != 2) || v->video_format != 0 || v->compress_mode != 0 ||
        v->dynamic_range != 0 || v->field != 4) {
        rc = HI_ERR_VENC_NOT_SUPPORT;
        goto out;
    }
    /*
     * The driver reads virt_addr (sample and plugin fill only virt_addr; the hi_video_frame page marks
     * phys_addr and height_stride reserved for VENC, so they are ignored). The memory must come from
     * hi_mpi_dvpp_malloc (page: BAD_ADDR otherwise); 16-byte aligned start (CANN 5.x page).
     */
    sim_blk *yb = NULL, *uvb = NULL;
    uintptr_t ya = (uintptr_t)v->virt_addr[0], uva = (uintptr_t)v->virt_addr[1];
    if (ya % 16 != 0 || uva % 16 != 0 ||
        simcore_dev(ya, (size_t)v->width_stride[0] * v->height, &yb) == NULL ||
        simcore_dev(uva, (size_t)v->width_stride[1] * (v->height / 2), &uvb) == NULL) {
        rc = HI_ERR_VENC_BAD_ADDR;
        goto out;
    }
    simcore_check_canary(yb);
    if (uvb != yb) {
        simcore_check_canary(uvb);
    }
    /* troubleshooting page: more than 6 queued frames answer HI_ERR_VENC_NO_BUF (0xA008800D). */
    if (c->qcount >= QUEUE_DEPTH) {
        if (ms == 0) {
            rc = HI_ERR_VENC_NO_BUF;
        } else {
            struct timespec ts;
            deadline_after(&ts, ms);
            while (c->exists && c->started && c->qcount >= QUEUE_DEPTH) {
                if (ms < 0) {
                    pthread_cond_wait(&c->cond, &simcore_lock);
                } else if (pthread_cond_timedwait(&c->cond, &simcore_lock, &ts) == ETIMEDOUT) {
                    break;
                }
            }
            if (!c->exists || !c->started) {
                rc = HI_ERR_VENC_NOT_PERM;
            } else if (c->qcount >= QUEUE_DEPTH) {
                rc = HI_ERR_VENC_NO_BUF;
            }
        }
        if (rc == HI_ERR_VENC_NO_BUF) {
            simcore_n.no_buf_returned++;
        }
        if (rc != HI_SUCCESS) {
            goto out;
        }
    }
    qframe *q = &c->q[(c->qhead + c->qcount) % QUEUE_DEPTH];
    q->pts = v->pts;
    q->arrived = now_s();
    q->y = ya;
    q->uv = uva;
    q->ys = v->width_stride[0];
    q->uvs = v->width_stride[1];
    q->w = v->width;
    q->h = v->height;
    q->fmt = v->pixel_format;
    q->time_ref = v->time_ref;
    c->qcount++;
    if (c->recv_left > 0) {
        c->recv_left--;
    }
    if (c->qcount > simcore_n.max_queue_depth) {
        simcore_n.max_queue_depth = c->qcount;
    }
    simcore_n.frames_received++;
    if (simcore_timing()) {
        for (int i = 0; i < QUEUE_DEPTH + 2; i++) {
            if (c->released_addr[i] == ya) {
                simcore_n.released_to_queued_us += (long long)((q->arrived - c->released_at[i]) * 1e6);
                simcore_n.released_to_queued_n++;
                c->released_addr[i] = 0;
                break;
            }
        }
        schedule_device(c->dev, q->arrived);
    }
    pthread_cond_broadcast(&c->cond);
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static sstream *next_unread(chn_t *c)
{
    return c->ngot < c->ocount ? c->out[(c->ohead + c->ngot) % MAX_STREAMS] : NULL;
}

/* header hi_venc_chn_status: cur_packs is the pack count of the next stream (guide: size the pack array with it). */
static int impl_hi_mpi_venc_query_status(hi_venc_chn chn, hi_venc_chn_status *st)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (st == NULL) {
            rc = HI_ERR_VENC_NULL_PTR;
        } else {
            memset(st, 0, sizeof *st);
            sstream *s = next_unread(c);
            st->cur_packs = s != NULL ? (hi_u32)s->npacks : 0;
            st->left_pics = (hi_u32)c->qcount;
            st->left_enc_pics = (hi_u32)c->qcount;
            st->left_stream_frames = (hi_u32)(c->ocount - c->ngot);
            st->left_recv_pics = c->recv_left < 0 ? 0 : (hi_u32)c->recv_left;
            st->stream_info.pic_cnt = c->encoded;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: milli_sec as for send_frame; BUF_EMPTY when nothing is ready without waiting, a timeout
 * code after one; pack_cnt must hold cur_packs (ILLEGAL_PARAM otherwise). */
static int impl_hi_mpi_venc_get_stream(hi_venc_chn chn, hi_venc_stream *stream, hi_s32 ms)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c == NULL) {
        goto out;
    }
    if (stream == NULL || stream->pack == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
        goto out;
    }
    if (ms < -1) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    struct timespec ts;
    if (ms > 0) {
        deadline_after(&ts, ms);
    }
    sstream *s;
    while ((s = next_unread(c)) == NULL && ms != 0 && c->exists) {
        if (ms < 0) {
            pthread_cond_wait(&c->cond, &simcore_lock);
        } else if (pthread_cond_timedwait(&c->cond, &simcore_lock, &ts) == ETIMEDOUT) {
            break;
        }
    }
    if (s == NULL) {
        rc = ms > 0 ? VENC_ERR_TIMEOUT : HI_ERR_VENC_BUF_EMPTY;
        goto out;
    }
    if (stream->pack_cnt < (hi_u32)s->npacks) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    memcpy(stream->pack, s->packs, sizeof(hi_venc_pack) * (size_t)s->npacks);
    stream->pack_cnt = (hi_u32)s->npacks;
    stream->seq = s->seq;
    hi_u32 bytes = 0;
    for (int i = 0; i < s->npacks; i++) {
        bytes += s->packs[i].len - s->packs[i].offset;
    }
    if (is_h264(c)) {
        memset(&stream->h264_info, 0, sizeof stream->h264_info);
        stream->h264_info.pic_bytes = bytes;
        stream->h264_info.ref_type = s->idr ? 0 : 2;
    } else {
        memset(&stream->h265_info, 0, sizeof stream->h265_info);
        stream->h265_info.pic_bytes = bytes;
        stream->h265_info.ref_type = s->idr ? 0 : 2;
    }
    s->got = 1;
    c->ngot++;
    signal_ready(c);
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* guide step 11: release each stream got, in order, with the same stream struct (ILLEGAL_PARAM otherwise). */
static int impl_hi_mpi_venc_release_stream(hi_venc_chn chn, hi_venc_stream *stream)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c == NULL) {
        goto out;
    }
    if (stream == NULL || stream->pack == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
        goto out;
    }
    sstream *s = c->ngot > 0 ? c->out[c->ohead] : NULL;
    if (s == NULL || stream->seq != s->seq || stream->pack_cnt != (hi_u32)s->npacks ||
        stream->pack[0].addr != s->packs[0].addr) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    if (simcore_timing() && s->end > 0) {
        double now = now_s();
        simcore_n.encoded_to_released_us += (long long)((now - s->end) * 1e6);
        simcore_n.encoded_to_released_n++;
        /* the buffer's slot, else a free one, else the oldest */
        int slot = 0;
        for (int i = 1; i < QUEUE_DEPTH + 2; i++) {
            int better = c->released_addr[slot] != s->input &&
                         (c->released_addr[i] == s->input ||
                          (c->released_addr[slot] != 0 &&
                           (c->released_addr[i] == 0 || c->released_at[i] < c->released_at[slot])));
            if (better) {
                slot = i;
            }
        }
        c->released_addr[slot] = s->input;
        c->released_at[slot] = now;
    }
    free_stream(c, s);
    c->ohead = (c->ohead + 1) % MAX_STREAMS;
    c->ocount--;
    c->ngot--;
    pthread_cond_broadcast(&c->cond);
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: the channel's fd (positive), a negative code otherwise. */
static int impl_hi_mpi_venc_get_fd(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        rc = c->efd;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header: closes the fd of an existing channel. */
static int impl_hi_mpi_venc_close_fd(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    get_chn(chn, &rc);
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

#ifndef SIM_OLD_CANN
static int impl_hi_mpi_venc_set_chn_attr(hi_venc_chn chn, const hi_venc_chn_attr *a)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c == NULL) {
        goto out;
    }
    if (a == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
        goto out;
    }
    /*
     * page hi_venc_attr: of venc_attr only pic_width / pic_height are dynamic; changing a static one is
     * NOT_PERM (header: "try to change static attribute"). rc_attr and gop_attr may change; the rc
     * parameters are kept (no page says set_chn_attr resets them).
     */
    const hi_venc_attr *o = &c->attr.venc_attr, *n = &a->venc_attr;
    if (n->type != o->type || n->max_pic_width != o->max_pic_width || n->max_pic_height != o->max_pic_height ||
        n->buf_size != o->buf_size || n->profile != o->profile || n->is_by_frame != o->is_by_frame) {
        rc = HI_ERR_VENC_NOT_PERM;
        goto out;
    }
    if ((rc = check_chn_attr(a)) == 0) {
        c->attr = *a;
        if (c->video != NULL) {
            simvideo_rc vrc = rc_of(a);
            if (simvideo_reconfigure(c->video, &vrc) < 0) {
                simcore_report("channel %d: the video encoder refused the new rates", c->id);
            }
        }
    }
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}
#endif

#ifndef SIM_OLD_CANN
static int impl_hi_mpi_venc_get_chn_attr(hi_venc_chn chn, hi_venc_chn_attr *a)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (a == NULL) {
            rc = HI_ERR_VENC_NULL_PTR;
        } else {
            *a = c->attr;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}
#endif

/* header hi_venc_rc_param ranges (check_rc_param); the sample does get, change, set. */
static int impl_hi_mpi_venc_set_rc_param(hi_venc_chn chn, const hi_venc_rc_param *p)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (p == NULL) {
            rc = HI_ERR_VENC_NULL_PTR;
        } else {
            hi_venc_rc_param copy = *p;
            if ((rc = check_rc_param(&copy, c->attr.rc_attr.rc_mode)) == 0) {
                c->rc = copy;
            }
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_venc_get_rc_param(hi_venc_chn chn, hi_venc_rc_param *p)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (p == NULL) {
            rc = HI_ERR_VENC_NULL_PTR;
        } else {
            *p = c->rc;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* header hi_venc_scene_mode: HI_VENC_SCENE_0..2. */
static int impl_hi_mpi_venc_set_scene_mode(hi_venc_chn chn, const hi_venc_scene_mode mode)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (mode < 0 || mode > 2) {
            rc = HI_ERR_VENC_ILLEGAL_PARAM;
        } else {
            c->scene = mode;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

#ifndef SIM_OLD_CANN
static int impl_hi_mpi_venc_get_scene_mode(hi_venc_chn chn, hi_venc_scene_mode *mode)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (mode == NULL) {
            rc = HI_ERR_VENC_NULL_PTR;
        } else {
            *mode = c->scene;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}
#endif

/* header: instant is a hi_bool (0 or 1); the next frame encoded is an IDR. */
static int impl_hi_mpi_venc_request_idr(hi_venc_chn chn, hi_bool instant)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (instant != 0 && instant != 1) {
            rc = HI_ERR_VENC_ILLEGAL_PARAM;
        } else {
            c->idr_pending = 1;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

#define WRAP(name, params, args)                                                                             \
    int name params                                                                                          \
    {                                                                                                        \
        int rc = simcore_fault(#name);                                                                       \
        if (rc == 0) {                                                                                       \
            rc = impl_##name args;                                                                           \
        }                                                                                                    \
        simcore_trace(#name, rc);                                                                            \
        return rc;                                                                                           \
    }

WRAP(hi_mpi_sys_init, (void), ())
WRAP(hi_mpi_sys_exit, (void), ())
WRAP(hi_mpi_dvpp_malloc, (hi_u32 dev, hi_void **p, hi_u64 size), (dev, p, size))
WRAP(hi_mpi_dvpp_free, (hi_void *p), (p))
WRAP(hi_mpi_dvpp_get_version, (hi_s32 *a, hi_s32 *b, hi_s32 *c), (a, b, c))
WRAP(hi_mpi_sys_create_epoll, (hi_s32 size, hi_s32 *fd), (size, fd))
WRAP(hi_mpi_sys_ctl_epoll, (hi_s32 epfd, hi_s32 op, hi_s32 fd, hi_dvpp_epoll_event *ev), (epfd, op, fd, ev))
WRAP(hi_mpi_sys_wait_epoll, (hi_s32 epfd, hi_dvpp_epoll_event *evs, hi_s32 max, hi_s32 timeout, hi_s32 *num),
     (epfd, evs, max, timeout, num))
WRAP(hi_mpi_sys_close_epoll, (hi_s32 epfd), (epfd))
WRAP(hi_mpi_venc_set_mod_param, (const hi_venc_mod_param *p), (p))
WRAP(hi_mpi_venc_get_mod_param, (hi_venc_mod_param *p), (p))
WRAP(hi_mpi_venc_create_chn, (hi_venc_chn chn, const hi_venc_chn_attr *a), (chn, a))
WRAP(hi_mpi_venc_destroy_chn, (hi_venc_chn chn), (chn))
WRAP(hi_mpi_venc_start_chn, (hi_venc_chn chn, const hi_venc_start_param *p), (chn, p))
WRAP(hi_mpi_venc_stop_chn, (hi_venc_chn chn), (chn))
WRAP(hi_mpi_venc_send_frame, (hi_venc_chn chn, const hi_video_frame_info *f, hi_s32 ms), (chn, f, ms))
WRAP(hi_mpi_venc_query_status, (hi_venc_chn chn, hi_venc_chn_status *s), (chn, s))
WRAP(hi_mpi_venc_get_stream, (hi_venc_chn chn, hi_venc_stream *s, hi_s32 ms), (chn, s, ms))
WRAP(hi_mpi_venc_release_stream, (hi_venc_chn chn, hi_venc_stream *s), (chn, s))
WRAP(hi_mpi_venc_get_fd, (hi_venc_chn chn), (chn))
WRAP(hi_mpi_venc_close_fd, (hi_venc_chn chn), (chn))
#ifndef SIM_OLD_CANN
/* An older CANN hi_dvpp_venc.h declares neither set/get_chn_attr nor get_scene_mode: the old build lacks them. */
WRAP(hi_mpi_venc_set_chn_attr, (hi_venc_chn chn, const hi_venc_chn_attr *a), (chn, a))
WRAP(hi_mpi_venc_get_chn_attr, (hi_venc_chn chn, hi_venc_chn_attr *a), (chn, a))
WRAP(hi_mpi_venc_get_scene_mode, (hi_venc_chn chn, hi_venc_scene_mode *m), (chn, m))
WRAP(hi_mpi_sys_get_image_align_info, (const hi_module_type mod[], const hi_u32 num, const hi_img_base_info *in,
                                       hi_img_align_info *out), (mod, num, in, out))
#endif
WRAP(hi_mpi_venc_set_rc_param, (hi_venc_chn chn, const hi_venc_rc_param *p), (chn, p))
WRAP(hi_mpi_venc_get_rc_param, (hi_venc_chn chn, hi_venc_rc_param *p), (chn, p))
WRAP(hi_mpi_venc_set_scene_mode, (hi_venc_chn chn, const hi_venc_scene_mode m), (chn, m))
WRAP(hi_mpi_venc_request_idr, (hi_venc_chn chn, hi_bool instant), (chn, instant))
