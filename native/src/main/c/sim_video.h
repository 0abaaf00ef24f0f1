/* Real-video mode of the simulator (sim_video.c): libx264 / libx265 behind the HiMPI facade. */
#ifndef CAMEL_VENC_SIM_VIDEO_H
#define CAMEL_VENC_SIM_VIDEO_H

#include <stddef.h>

typedef struct sim_video sim_video;

#define SIMVIDEO_ABR 0
#define SIMVIDEO_FIXQP 1

/* The rate control the channel attributes ask for, in the encoder's terms. */
typedef struct {
    int mode;       /* SIMVIDEO_ABR or SIMVIDEO_FIXQP */
    int kbps;       /* average target */
    int max_kbps;   /* VBV ceiling */
    int stats_time; /* VBV window, seconds */
    int qp;         /* FIXQP */
    int gop;
    int fps;
} simvideo_rc;

/* One NAL unit: Annex-B bytes (start code included) and its hi_venc nalu code. */
typedef struct {
    const unsigned char *data;
    size_t len;
    int code;
} simvideo_nal;

/* 1 when libx264 and libx265 load; else 0 and why in err. */
int simvideo_available(char *err, size_t cap);
sim_video *simvideo_open(int h264, int w, int h, int fmt, int profile, const simvideo_rc *rc, char *err, size_t cap);
int simvideo_reconfigure(sim_video *v, const simvideo_rc *rc);
/* The NAL units of one frame (valid until the next call), or -1; *idr tells whether it is an IDR. */
int simvideo_encode(sim_video *v, const unsigned char *y, const unsigned char *uv, int stride, int fmt,
                    int force_idr, simvideo_nal *out, int max, int *idr);
void simvideo_close(sim_video *v);

#endif
