/*
 * Simulator of libacl_dvpp_mpi.so (HiMPI SYS + VENC subset): the documented call-order rules and
 * error codes, channel ids, an input queue of 6 frames, encoder threads that read the frames from
 * device memory through width_stride, several packs per IDR at non-zero offsets, epoll readiness
 * through an eventfd, and dvpp_malloc accounting with a leak report at hi_mpi_sys_exit.
 *
 * Every slice pack carries a text record of what the encoder received (pts, CRC-32 of the visible
 * luma and chroma, the attributes and rate-control values in force), so tests can prove that the
 * binding passed the right planes, strides and parameters.
 */
#define _GNU_SOURCE
#include "himpi_sim.h"
#include "sim_core.h"

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
#define HI_ERR_VENC_BUF_EMPTY VENC_ERR(0x0E)
#define HI_ERR_VENC_BUF_FULL VENC_ERR(0x0F)
#define HI_ERR_VENC_SYS_NOT_READY VENC_ERR(0x10)
#define HI_ERR_VENC_BAD_ADDR VENC_ERR(0x11)
#define VENC_ERR_TIMEOUT VENC_ERR(0x14)
#define HI_ERR_SYS_ILLEGAL_PARAM SYS_ERR(0x03)
#define HI_ERR_SYS_UNEXIST SYS_ERR(0x05)
#define HI_ERR_SYS_NULL_PTR SYS_ERR(0x06)
#define HI_ERR_SYS_NO_MEM SYS_ERR(0x0C)
#define HI_ERR_SYS_NOT_READY SYS_ERR(0x10)

#define PT_H264 96
#define PT_H265 265
#define QUEUE_DEPTH 6
#define MAX_STREAMS 16
#define MAX_PACKS 4
#define MAX_EPOLLS 64
#define NCHN 256

typedef struct {
    hi_u64 pts;
    uintptr_t y, uv;
    hi_u32 ys, uvs, w, h, time_ref;
    int fmt;
} qframe;

typedef struct {
    int npacks;
    int got;
    int idr;
    hi_u32 seq;
    hi_u64 pts;
    sim_blk *mem;
    hi_venc_pack packs[MAX_PACKS];
} sstream;

typedef struct {
    int exists, started, stop, thread_alive;
    int efd, ready, in_epoll;
    int scene;
    int idr_pending;
    int recv_left;
    hi_u32 seq, encoded;
    hi_venc_chn_attr attr;
    hi_venc_rc_param rc;
    qframe q[QUEUE_DEPTH];
    int qhead, qcount;
    sstream *out[MAX_STREAMS];
    int ohead, ocount, ngot;
    pthread_t thread;
    pthread_cond_t cond;
} chn_t;

static chn_t chns[NCHN];
static int sys_inited;
static int chn_created_since_init;
static hi_venc_mod_param mod_params[5];
static int epolls[MAX_EPOLLS];
static int nepolls;

static int max_chn(void)
{
    return simcore_is_310b() ? 128 : 256;
}

static chn_t *get_chn(int chn, int *rc)
{
    if (chn < 0 || chn >= max_chn()) {
        *rc = HI_ERR_VENC_INVALID_CHN_ID;
        return NULL;
    }
    if (!chns[chn].exists) {
        *rc = HI_ERR_VENC_UNEXIST;
        return NULL;
    }
    return &chns[chn];
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

/* Checks the rate-control attributes; 0 when valid. */
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
    hi_u32 lo = simcore_is_310b() ? 114 : 128;
    hi_u32 hi = simcore_is_310b() ? 8192 : 4096;
    if (v->max_pic_width < lo || v->max_pic_width > hi || v->max_pic_height < lo || v->max_pic_height > hi ||
        (v->max_pic_width & 1) || (v->max_pic_height & 1) || v->pic_width > v->max_pic_width ||
        v->pic_height > v->max_pic_height || v->pic_width < lo || v->pic_height < lo || (v->pic_width & 1) ||
        (v->pic_height & 1)) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if (!simcore_is_310b() && v->type == PT_H264 && (uint64_t)v->max_pic_width * v->max_pic_height > 4096u * 2304u) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    uint64_t min_buf = (uint64_t)v->max_pic_width * v->max_pic_height * 3 / 4;
    if (v->buf_size % 64 != 0 || v->buf_size < 32 * 1024 || v->buf_size < min_buf) {
        return HI_ERR_VENC_ILLEGAL_PARAM;
    }
    if ((v->type == PT_H264 && v->profile > 2) || (v->type == PT_H265 && v->profile != 0)) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    if (v->is_by_frame != 1) {
        return HI_ERR_VENC_NOT_SUPPORT;
    }
    return check_rc_attr(a);
}

/* Defaults the encoder applies after create and after every set_chn_attr. */
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

/* Builds the stream of one frame; caller holds the lock. */
static sstream *encode(chn_t *c, int chn, const qframe *f)
{
    unsigned char *y = simcore_dev(f->y, (size_t)f->ys * f->h, NULL);
    unsigned char *uv = simcore_dev(f->uv, (size_t)f->uvs * (f->h / 2), NULL);
    uint32_t ycrc = 0, uvcrc = 0;
    int broken = y == NULL || uv == NULL || simcore_take_zero_frame(chn);
    if (y != NULL && uv != NULL) {
        for (hi_u32 r = 0; r < f->h; r++) {
            ycrc = crc_update(ycrc, y + (size_t)r * f->ys, f->w);
        }
        for (hi_u32 r = 0; r < f->h / 2; r++) {
            uvcrc = crc_update(uvcrc, uv + (size_t)r * f->uvs, f->w);
        }
    }
    int idr = c->idr_pending || c->encoded % (is_h264(c) ? c->attr.rc_attr.h264_cbr.gop : c->attr.rc_attr.h265_cbr.gop) == 0;
    if (c->attr.rc_attr.rc_mode == 6 || c->attr.rc_attr.rc_mode == 16) {
        idr = c->idr_pending || c->encoded % c->attr.rc_attr.h264_fixqp.gop == 0;
    }
    c->idr_pending = 0;
    sstream *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    char text[MAX_PACKS][1024];
    int types[MAX_PACKS];
    int hdr[MAX_PACKS];
    int n = 0;
    const hi_venc_attr *va = &c->attr.venc_attr;
    if (idr && !broken) {
        if (is_h264(c)) {
            types[n] = 7; hdr[n] = 0x67;
            snprintf(text[n++], 1024, "SPS profile=%u w=%u h=%u", va->profile, va->pic_width, va->pic_height);
            types[n] = 8; hdr[n] = 0x68;
            snprintf(text[n++], 1024, "PPS chn=%d", chn);
        } else {
            types[n] = 32; hdr[n] = 32 << 1;
            snprintf(text[n++], 1024, "VPS chn=%d", chn);
            types[n] = 33; hdr[n] = 33 << 1;
            snprintf(text[n++], 1024, "SPS profile=%u w=%u h=%u", va->profile, va->pic_width, va->pic_height);
            types[n] = 34; hdr[n] = 34 << 1;
            snprintf(text[n++], 1024, "PPS chn=%d", chn);
        }
    }
    if (is_h264(c)) {
        types[n] = idr ? 5 : 1;
        hdr[n] = idr ? 0x65 : 0x41;
    } else {
        types[n] = idr ? 19 : 1;
        hdr[n] = idr ? 19 << 1 : 1 << 1;
    }
    slice_record(c, chn, f, ycrc, uvcrc, idr, text[n++], 1024);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        total += 16 + 4 + 2 + strlen(text[i]);
    }
    s->mem = simcore_alloc(total, SIM_BLK_STREAM, 0);
    if (s->mem == NULL) {
        free(s);
        return NULL;
    }
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        hi_venc_pack *p = &s->packs[i];
        hi_u32 off = (hi_u32)(8 + 4 * i);
        unsigned char *d = s->mem->shadow + pos;
        memset(d, 0xEE, off);
        unsigned char *nal = d + off;
        size_t tl = strlen(text[i]);
        nal[0] = 0; nal[1] = 0; nal[2] = 0; nal[3] = 1;
        size_t h = 4;
        nal[h++] = (unsigned char)hdr[i];
        if (!is_h264(c)) {
            nal[h++] = 1;
        }
        memcpy(nal + h, text[i], tl);
        hi_u32 len = (hi_u32)(off + h + tl);
        p->phys_addr = (hi_u64)(s->mem->dev + pos);
        p->addr = (hi_u8 *)(s->mem->dev + pos);
        p->len = broken ? 0 : len;
        p->offset = broken ? 0 : off;
        p->pts = f->pts;
        p->is_frame_end = i == n - 1;
        p->data_type.h264_type = types[i];
        p->data_num = 1;
        p->pack_info[0].pack_type.h264_type = types[i];
        p->pack_info[0].pack_offset = off;
        p->pack_info[0].pack_len = len - off;
        pos += len;
    }
    s->npacks = n;
    s->idr = idr;
    s->pts = f->pts;
    s->seq = c->seq++;
    c->encoded++;
    return s;
}

static void *encoder_main(void *arg)
{
    chn_t *c = arg;
    int chn = (int)(c - chns);
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
        qframe f = c->q[c->qhead];
        sstream *s = encode(c, chn, &f);
        if (s == NULL) {
            simcore_report("channel %d: out of memory encoding frame pts %llu", chn, (unsigned long long)f.pts);
            continue;
        }
        c->qhead = (c->qhead + 1) % QUEUE_DEPTH;
        c->qcount--;
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

static void free_stream(sstream *s)
{
    simcore_free((void *)s->mem->dev, SIM_BLK_STREAM);
    free(s);
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

/* ---------------- SYS ---------------- */

static int impl_hi_mpi_sys_init(void)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (!simcore_acl_ready()) {
        rc = HI_ERR_SYS_NOT_READY;
    } else if (!sys_inited) {
        crc_init();
        sys_inited = 1;
        chn_created_since_init = 0;
        memset(mod_params, 0, sizeof mod_params);
        simcore_n.sys_initialized = 1;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_sys_exit(void)
{
    pthread_mutex_lock(&simcore_lock);
    if (sys_inited) {
        long long bytes;
        long long n = simcore_live_blocks(SIM_BLK_DVPP, &bytes);
        int live = 0;
        for (int i = 0; i < NCHN; i++) {
            live += chns[i].exists;
        }
        if (n > 0 || live > 0) {
            simcore_report("leak at hi_mpi_sys_exit: %lld hi_mpi_dvpp_malloc blocks (%lld bytes), %d channels",
                           n, bytes, live);
            simcore_n.leaks_reported++;
        }
        sys_inited = 0;
        simcore_n.sys_initialized = 0;
    }
    pthread_mutex_unlock(&simcore_lock);
    return HI_SUCCESS;
}

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

static int find_epoll(int fd)
{
    for (int i = 0; i < nepolls; i++) {
        if (epolls[i] == fd) {
            return i;
        }
    }
    return -1;
}

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

static int impl_hi_mpi_sys_ctl_epoll(hi_s32 epfd, hi_s32 op, hi_s32 fd, hi_dvpp_epoll_event *event)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = NULL;
    for (int i = 0; i < NCHN; i++) {
        if (chns[i].exists && chns[i].efd == fd) {
            c = &chns[i];
        }
    }
    if (find_epoll(epfd) < 0) {
        rc = HI_ERR_SYS_UNEXIST;
    } else if (op < 1 || op > 3 || c == NULL) {
        rc = HI_ERR_SYS_ILLEGAL_PARAM;
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
    if (max <= 0 || max > 64 || timeout < -1) {
        return HI_ERR_SYS_ILLEGAL_PARAM;
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

static int impl_hi_mpi_venc_set_mod_param(const hi_venc_mod_param *p)
{
    if (p == NULL) {
        return HI_ERR_VENC_NULL_PTR;
    }
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (!sys_inited) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (p->mod_type < 1 || p->mod_type > 4) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
    } else if (chn_created_since_init) {
        rc = HI_ERR_VENC_NOT_PERM;
    } else {
        mod_params[p->mod_type] = *p;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_venc_get_mod_param(hi_venc_mod_param *p)
{
    if (p == NULL) {
        return HI_ERR_VENC_NULL_PTR;
    }
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (!sys_inited) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (p->mod_type < 1 || p->mod_type > 4) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
    } else {
        int t = p->mod_type;
        *p = mod_params[t];
        p->mod_type = t;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_hi_mpi_venc_create_chn(hi_venc_chn chn, const hi_venc_chn_attr *attr)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    if (!sys_inited || !simcore_acl_ready()) {
        rc = HI_ERR_VENC_SYS_NOT_READY;
    } else if (chn < 0 || chn >= max_chn()) {
        rc = HI_ERR_VENC_INVALID_CHN_ID;
    } else if (chns[chn].exists || simcore_chn_occupied(chn)) {
        rc = HI_ERR_VENC_EXIST;
    } else if (attr == NULL) {
        rc = HI_ERR_VENC_NULL_PTR;
    } else if ((rc = check_chn_attr(attr)) == 0) {
        chn_t *c = &chns[chn];
        memset(c, 0, sizeof *c);
        c->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (c->efd < 0) {
            rc = HI_ERR_VENC_NO_MEM;
        } else {
            c->exists = 1;
            c->attr = *attr;
            pthread_cond_init(&c->cond, NULL);
            default_rc_param(c);
            chn_created_since_init = 1;
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
    pthread_cond_broadcast(&c->cond);
}

static int impl_hi_mpi_venc_destroy_chn(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    chn_t *c = get_chn(chn, &rc);
    if (c != NULL) {
        if (c->started) {
            rc = HI_ERR_VENC_NOT_PERM;
        } else if (c->in_epoll > 0) {
            simcore_report("channel %d destroyed while its fd is still in an epoll set", chn);
            rc = HI_ERR_VENC_NOT_PERM;
        } else {
            while (c->ocount > 0) {
                free_stream(c->out[c->ohead]);
                c->ohead = (c->ohead + 1) % MAX_STREAMS;
                c->ocount--;
            }
            close(c->efd);
            pthread_cond_destroy(&c->cond);
            c->exists = 0;
            simcore_n.channels--;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

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
            c->started = 1;
            c->thread_alive = 1;
            simcore_n.encoder_threads++;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

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
    if (v->width != c->attr.venc_attr.pic_width || v->height != c->attr.venc_attr.pic_height ||
        v->width_stride[0] < v->width || v->width_stride[0] % 16 != 0 || v->width_stride[1] != v->width_stride[0]) {
        rc = HI_ERR_VENC_ILLEGAL_PARAM;
        goto out;
    }
    if ((v->pixel_format != 1 && v->pixel_format != 2) || v->video_format != 0 || v->compress_mode != 0 ||
        v->dynamic_range != 0 || v->field != 4) {
        rc = HI_ERR_VENC_NOT_SUPPORT;
        goto out;
    }
    sim_blk *yb = NULL, *uvb = NULL;
    if (v->phys_addr[0] % 16 != 0 || v->phys_addr[1] % 16 != 0 ||
        simcore_dev((uintptr_t)v->phys_addr[0], (size_t)v->width_stride[0] * v->height, &yb) == NULL ||
        simcore_dev((uintptr_t)v->phys_addr[1], (size_t)v->width_stride[1] * (v->height / 2), &uvb) == NULL) {
        rc = HI_ERR_VENC_BAD_ADDR;
        goto out;
    }
    simcore_check_canary(yb);
    if (uvb != yb) {
        simcore_check_canary(uvb);
    }
    if (c->qcount >= QUEUE_DEPTH) {
        if (ms == 0) {
            rc = HI_ERR_VENC_BUF_FULL;
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
                rc = HI_ERR_VENC_BUF_FULL;
            }
        }
        if (rc == HI_ERR_VENC_BUF_FULL) {
            simcore_n.buf_full_returned++;
        }
        if (rc != HI_SUCCESS) {
            goto out;
        }
    }
    qframe *q = &c->q[(c->qhead + c->qcount) % QUEUE_DEPTH];
    q->pts = v->pts;
    q->y = (uintptr_t)v->phys_addr[0];
    q->uv = (uintptr_t)v->phys_addr[1];
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
    pthread_cond_broadcast(&c->cond);
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static sstream *next_unread(chn_t *c)
{
    return c->ngot < c->ocount ? c->out[(c->ohead + c->ngot) % MAX_STREAMS] : NULL;
}

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
    free_stream(s);
    c->ohead = (c->ohead + 1) % MAX_STREAMS;
    c->ocount--;
    c->ngot--;
    pthread_cond_broadcast(&c->cond);
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

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

static int impl_hi_mpi_venc_close_fd(hi_venc_chn chn)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = HI_SUCCESS;
    get_chn(chn, &rc);
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

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
    const hi_venc_attr *o = &c->attr.venc_attr, *n = &a->venc_attr;
    if (n->type != o->type || n->max_pic_width != o->max_pic_width || n->max_pic_height != o->max_pic_height ||
        n->buf_size != o->buf_size || n->profile != o->profile || n->is_by_frame != o->is_by_frame ||
        a->rc_attr.rc_mode != c->attr.rc_attr.rc_mode || a->gop_attr.gop_mode != c->attr.gop_attr.gop_mode) {
        rc = HI_ERR_VENC_NOT_PERM;
        goto out;
    }
    if ((rc = check_chn_attr(a)) == 0) {
        c->attr = *a;
        default_rc_param(c);
    }
out:
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

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
WRAP(hi_mpi_venc_set_chn_attr, (hi_venc_chn chn, const hi_venc_chn_attr *a), (chn, a))
WRAP(hi_mpi_venc_get_chn_attr, (hi_venc_chn chn, hi_venc_chn_attr *a), (chn, a))
WRAP(hi_mpi_venc_set_rc_param, (hi_venc_chn chn, const hi_venc_rc_param *p), (chn, p))
WRAP(hi_mpi_venc_get_rc_param, (hi_venc_chn chn, hi_venc_rc_param *p), (chn, p))
WRAP(hi_mpi_venc_set_scene_mode, (hi_venc_chn chn, const hi_venc_scene_mode m), (chn, m))
WRAP(hi_mpi_venc_get_scene_mode, (hi_venc_chn chn, hi_venc_scene_mode *m), (chn, m))
WRAP(hi_mpi_venc_request_idr, (hi_venc_chn chn, hi_bool instant), (chn, instant))
