/*
 * Shared state of the simulator: it lives in libascendcl.so (the ACL side) and is used by
 * libacl_dvpp_mpi.so (the HiMPI side), which links against it, as the real DVPP library needs the
 * ACL runtime underneath.
 */
#ifndef CAMEL_VENC_SIM_CORE_H
#define CAMEL_VENC_SIM_CORE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_ACL_DEVICE 0
#define SIM_ACL_HOST 1

#define SIM_BLK_DVPP 1
#define SIM_BLK_ACL 2
#define SIM_BLK_STREAM 3
#define SIM_BLK_HOST 4

#define SIM_FLAG_REFUSE_UNLIMITED_RECV 1
/* Pack data_type and pack_info[] carry no slice code, so the frame type must come from the bytes. */
#define SIM_FLAG_NO_PACK_TYPES 2
/* Packs report pts + 1: a binding that matches streams by pts alone loses every frame. */
#define SIM_FLAG_SHIFT_PTS 4
#define SIM_MAX_DEVICES 8

typedef struct sim_blk {
    uintptr_t dev;
    size_t size;
    size_t mapped;
    unsigned char *host_view;
    unsigned char *shadow;
    int kind;
    int device;
    struct sim_blk *next;
} sim_blk;

typedef struct {
    long long dvpp_blocks, dvpp_bytes, acl_blocks, host_blocks, stream_blocks;
    long long channels, epolls, contexts, devices_open, encoder_threads;
    long long acl_initialized, sys_initialized;
    long long host_access_violations, buf_full_returned, max_queue_depth;
    long long leaks_reported, frames_received, frames_encoded, frames_dropped_at_stop;
    long long acl_reinit_refused, ring_wraps, no_buf_returned;
    /* timing model: microseconds of event time channels sat idle with an empty queue (host behind) */
    long long starved_us;
    /* timing model: host time of each frame's buffer, from the modelled end of its encode to the
     * release of its stream, and from that release to the buffer's next send_frame */
    long long encoded_to_released_us, encoded_to_released_n, released_to_queued_us, released_to_queued_n;
} sim_counters;

extern pthread_mutex_t simcore_lock;
extern sim_counters simcore_n;

int simcore_fault(const char *fn);
void simcore_trace(const char *fn, int rc);
int simcore_run_mode(void);
int simcore_acl_ready(void);
int simcore_current_device(void);
int simcore_flags(void);
int simcore_encode_delay_us(void);
int simcore_is_310b(void);
int simcore_chn_occupied(int chn);
/* Width alignment the alignment query answers (16 unless a test changes it). */
int simcore_width_align(void);
/* 1 when new channels encode real video (VENC_SIM_VIDEO=real or sim_set_video(1)). */
int simcore_video_mode(void);
/* 1 when the timing model is on (VENC_SIM_TIMING=1 or sim_set_timing(1)). */
int simcore_timing(void);
int simcore_take_zero_frame(int chn);
sim_blk *simcore_alloc(size_t size, int kind, int device);
int simcore_free(void *addr, int kind);
/* Device view of [addr, addr+len): NULL when it is not inside one device block. */
unsigned char *simcore_dev(uintptr_t addr, size_t len, sim_blk **blk);
/* ACL_HOST: verifies that nobody wrote the host view of a device block; counts violations. */
void simcore_check_canary(sim_blk *b);
long long simcore_live_blocks(int kind, long long *bytes);
long long simcore_live_blocks_of(int kind, int device, long long *bytes);
void simcore_report(const char *fmt, ...);

#endif
