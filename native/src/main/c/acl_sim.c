/*
 * Simulator of libascendcl.so (ACL runtime subset) plus the state shared with the HiMPI side and
 * the sim_* control API used by tests: fault injection, run mode, counters and a call trace.
 */
#define _GNU_SOURCE
#include "himpi_sim.h"
#include "sim_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ACL_SUCCESS 0
#define ACL_ERROR_INVALID_PARAM 100000
#define ACL_ERROR_UNINITIALIZE 100001
#define ACL_ERROR_REPEAT_INITIALIZE 100002
#define ACL_ERROR_BAD_ALLOC 200000
#define ACL_ERROR_RT_INVALID_DEVICEID 107001
#define ACL_ERROR_RT_CONTEXT_NULL 107002
#define ACL_MEMCPY_HOST_TO_HOST 0
#define ACL_MEMCPY_HOST_TO_DEVICE 1
#define ACL_MEMCPY_DEVICE_TO_HOST 2
#define ACL_MEMCPY_DEVICE_TO_DEVICE 3
#define SIM_CANARY 0xA5
#define SIM_MAX_FAULTS 64
#define SIM_MAX_CHN 256
#define SIM_CTX_MAGIC 0x5a17c0de

pthread_mutex_t simcore_lock = PTHREAD_MUTEX_INITIALIZER;
sim_counters simcore_n;

typedef struct sim_ctx {
    int magic;
    int device;
    struct sim_ctx *next;
} sim_ctx;

typedef struct {
    char fn[64];
    int code;
    int skip;
    int times;
} sim_fault;

static sim_fault faults[SIM_MAX_FAULTS];
static int nfaults;
static sim_blk *blocks;
static sim_ctx *contexts;
static __thread sim_ctx *current;
static int acl_inited;
static int acl_finalized;
static int width_align = 16;
static int video_mode = -1;
static int timing_mode = -1;
static int run_mode = -1;
static int latched_mode = SIM_ACL_DEVICE;
static int device_count = 2;
static int devref[SIM_MAX_DEVICES];
static int flags;
static int encode_delay_us;
static int soc_310b = -1;
static unsigned char occupied[SIM_MAX_CHN];
static int zero_frames[SIM_MAX_CHN];
static char *trace_buf;
static size_t trace_len, trace_cap;
static int trace_on = -1;
static FILE *trace_file;

void simcore_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("himpi-sim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int env_mode(void)
{
    const char *m = getenv("VENC_SIM_RUN_MODE");
    return m != NULL && strcmp(m, "host") == 0 ? SIM_ACL_HOST : SIM_ACL_DEVICE;
}

int simcore_is_310b(void)
{
    if (soc_310b < 0) {
        const char *s = getenv("VENC_SIM_SOC");
        soc_310b = s != NULL && strcmp(s, "310B") == 0;
    }
    return soc_310b;
}

static void trace_append(const char *line)
{
    size_t n = strlen(line);
    if (trace_len + n + 1 > trace_cap) {
        size_t cap = trace_cap == 0 ? 65536 : trace_cap * 2;
        if (cap > (64u << 20)) {
            return;
        }
        char *grown = realloc(trace_buf, cap);
        if (grown == NULL) {
            return;
        }
        trace_buf = grown;
        trace_cap = cap;
    }
    memcpy(trace_buf + trace_len, line, n + 1);
    trace_len += n;
}

void simcore_trace(const char *fn, int rc)
{
    pthread_mutex_lock(&simcore_lock);
    if (trace_on < 0) {
        const char *path = getenv("VENC_SIM_TRACE");
        trace_on = path != NULL && *path != '\0';
        if (trace_on) {
            trace_file = fopen(path, "a");
        }
    }
    if (trace_on) {
        char line[128];
        snprintf(line, sizeof line, "%s %d\n", fn, rc);
        trace_append(line);
        if (trace_file != NULL) {
            fputs(line, trace_file);
            fflush(trace_file);
        }
    }
    pthread_mutex_unlock(&simcore_lock);
}

int simcore_fault(const char *fn)
{
    int rc = 0;
    pthread_mutex_lock(&simcore_lock);
    for (int i = 0; i < nfaults; i++) {
        sim_fault *f = &faults[i];
        if (f->times == 0 || strcmp(f->fn, fn) != 0) {
            continue;
        }
        if (f->skip > 0) {
            f->skip--;
            break;
        }
        f->times--;
        rc = f->code;
        break;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

int simcore_run_mode(void)
{
    return latched_mode;
}

static int ctx_live(sim_ctx *c)
{
    for (sim_ctx *p = contexts; p != NULL; p = p->next) {
        if (p == c) {
            return 1;
        }
    }
    return 0;
}

int simcore_acl_ready(void)
{
    return acl_inited && current != NULL && ctx_live(current);
}

int simcore_current_device(void)
{
    return simcore_acl_ready() ? current->device : -1;
}

int simcore_flags(void)
{
    return flags;
}

int simcore_encode_delay_us(void)
{
    return encode_delay_us;
}

int simcore_chn_occupied(int chn)
{
    return chn >= 0 && chn < SIM_MAX_CHN && occupied[chn];
}

int simcore_take_zero_frame(int chn)
{
    if (chn >= 0 && chn < SIM_MAX_CHN && zero_frames[chn] > 0) {
        zero_frames[chn]--;
        return 1;
    }
    return 0;
}

static long long *kind_counter(int kind)
{
    switch (kind) {
    case SIM_BLK_DVPP:
        return &simcore_n.dvpp_blocks;
    case SIM_BLK_ACL:
        return &simcore_n.acl_blocks;
    case SIM_BLK_STREAM:
        return &simcore_n.stream_blocks;
    default:
        return &simcore_n.host_blocks;
    }
}

/* Caller holds simcore_lock. */
sim_blk *simcore_alloc(size_t size, int kind, int device)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t mapped = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
    sim_blk *b = calloc(1, sizeof *b);
    if (b == NULL) {
        return NULL;
    }
    b->host_view = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b->host_view == MAP_FAILED) {
        free(b);
        return NULL;
    }
    b->shadow = b->host_view;
    if (kind != SIM_BLK_HOST && latched_mode == SIM_ACL_HOST) {
        b->shadow = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (b->shadow == MAP_FAILED) {
            munmap(b->host_view, mapped);
            free(b);
            return NULL;
        }
        memset(b->host_view, SIM_CANARY, mapped);
    }
    b->dev = (uintptr_t)b->host_view;
    b->size = size;
    b->mapped = mapped;
    b->kind = kind;
    b->device = device;
    b->next = blocks;
    blocks = b;
    (*kind_counter(kind))++;
    if (kind == SIM_BLK_DVPP) {
        simcore_n.dvpp_bytes += (long long)size;
    }
    return b;
}

void simcore_check_canary(sim_blk *b)
{
    if (b->shadow == b->host_view) {
        return;
    }
    for (size_t i = 0; i < b->mapped; i++) {
        if (b->host_view[i] != SIM_CANARY) {
            simcore_n.host_access_violations++;
            simcore_report("ACL_HOST violation: the host wrote device memory %p directly (byte %zu); "
                           "use aclrtMemcpy", (void *)b->dev, i);
            memset(b->host_view, SIM_CANARY, b->mapped);
            return;
        }
    }
}

/* Caller holds simcore_lock. */
int simcore_free(void *addr, int kind)
{
    sim_blk **pp = &blocks;
    while (*pp != NULL && ((*pp)->dev != (uintptr_t)addr || (*pp)->kind != kind)) {
        pp = &(*pp)->next;
    }
    if (*pp == NULL) {
        return -1;
    }
    sim_blk *b = *pp;
    *pp = b->next;
    simcore_check_canary(b);
    (*kind_counter(kind))--;
    if (kind == SIM_BLK_DVPP) {
        simcore_n.dvpp_bytes -= (long long)b->size;
    }
    if (b->shadow != b->host_view) {
        munmap(b->shadow, b->mapped);
    }
    munmap(b->host_view, b->mapped);
    free(b);
    return 0;
}

/* Caller holds simcore_lock. */
unsigned char *simcore_dev(uintptr_t addr, size_t len, sim_blk **blk)
{
    for (sim_blk *b = blocks; b != NULL; b = b->next) {
        if (b->kind != SIM_BLK_HOST && addr >= b->dev && len <= b->size && addr - b->dev <= b->size - len) {
            if (blk != NULL) {
                *blk = b;
            }
            return b->shadow + (addr - b->dev);
        }
    }
    return NULL;
}

long long simcore_live_blocks_of(int kind, int device, long long *bytes)
{
    long long n = 0, sum = 0;
    for (sim_blk *b = blocks; b != NULL; b = b->next) {
        if (b->kind == kind && b->device == device) {
            n++;
            sum += (long long)b->size;
        }
    }
    if (bytes != NULL) {
        *bytes = sum;
    }
    return n;
}

long long simcore_live_blocks(int kind, long long *bytes)
{
    long long n = 0, sum = 0;
    for (sim_blk *b = blocks; b != NULL; b = b->next) {
        if (b->kind == kind) {
            n++;
            sum += (long long)b->size;
        }
    }
    if (bytes != NULL) {
        *bytes = sum;
    }
    return n;
}

/* ---------------- ACL ---------------- */

/* acl.h: aclInit once per process; a second call answers ACL_ERROR_REPEAT_INITIALIZE (acl_base.h). */
static int impl_aclInit(const char *config)
{
    (void)config;
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (acl_inited) {
        rc = ACL_ERROR_REPEAT_INITIALIZE;
    } else if (acl_finalized) {
        /*
         * ASSUMPTION (docs/ascend.md): aclInit after aclFinalize is refused. Every Huawei sample
         * (venc_sample main(), the FFmpeg plugin's hwcontext) initialises and finalizes ACL once per
         * process and older CANN documents aclInit as once per process; the code a board returns is not
         * documented, REPEAT_INITIALIZE (acl_base.h) is used, and ACL stays uninitialised.
         */
        rc = ACL_ERROR_REPEAT_INITIALIZE;
        simcore_n.acl_reinit_refused++;
        simcore_report("aclInit after aclFinalize in the same process: refused");
    } else {
        acl_inited = 1;
        latched_mode = run_mode >= 0 ? run_mode : env_mode();
        simcore_n.acl_initialized = 1;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* acl.h: releases ACL; without aclInit ACL_ERROR_UNINITIALIZE. Leaks are reported (simulator aid). */
static int impl_aclFinalize(void)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else {
        long long acl_bytes, host_bytes, dvpp_bytes;
        long long nacl = simcore_live_blocks(SIM_BLK_ACL, &acl_bytes);
        long long nhost = simcore_live_blocks(SIM_BLK_HOST, &host_bytes);
        long long ndvpp = simcore_live_blocks(SIM_BLK_DVPP, &dvpp_bytes);
        int ndev = 0;
        for (int i = 0; i < SIM_MAX_DEVICES; i++) {
            ndev += devref[i];
        }
        if (nacl + nhost + ndvpp > 0 || contexts != NULL || ndev > 0) {
            simcore_report("leak at aclFinalize: %lld aclrtMalloc blocks (%lld bytes), %lld aclrtMallocHost "
                           "blocks (%lld bytes), %lld dvpp blocks (%lld bytes), %lld contexts, %d device refs",
                           nacl, acl_bytes, nhost, host_bytes, ndvpp, dvpp_bytes, simcore_n.contexts, ndev);
            simcore_n.leaks_reported++;
        }
        acl_inited = 0;
        acl_finalized = 1;
        simcore_n.acl_initialized = 0;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* acl_rt.h: device ids [0, aclrtGetDeviceCount); ACL_ERROR_RT_INVALID_DEVICEID (rt_error_codes.h) otherwise. */
static int impl_aclrtSetDevice(int32_t id)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (id < 0 || id >= device_count || id >= SIM_MAX_DEVICES) {
        rc = ACL_ERROR_RT_INVALID_DEVICEID;
    } else {
        int open = 0;
        for (int i = 0; i < SIM_MAX_DEVICES; i++) {
            open += devref[i];
        }
        if (open == 0) {
            /* test convenience: the run mode a test chose applies from the next first device opened */
            latched_mode = run_mode >= 0 ? run_mode : env_mode();
        }
        devref[id]++;
        simcore_n.devices_open++;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* acl_rt.h: one reset per aclrtSetDevice. */
static int impl_aclrtResetDevice(int32_t id)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (id < 0 || id >= SIM_MAX_DEVICES || devref[id] == 0) {
        rc = ACL_ERROR_RT_INVALID_DEVICEID;
    } else {
        devref[id]--;
        simcore_n.devices_open--;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* acl_rt.h: a context on an opened device; it becomes the calling thread's current context. */
static int impl_aclrtCreateContext(aclrtContext *ctx, int32_t id)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (ctx == NULL) {
        rc = ACL_ERROR_INVALID_PARAM;
    } else if (id < 0 || id >= SIM_MAX_DEVICES || devref[id] == 0) {
        rc = ACL_ERROR_RT_INVALID_DEVICEID;
    } else {
        sim_ctx *c = calloc(1, sizeof *c);
        if (c == NULL) {
            rc = ACL_ERROR_BAD_ALLOC;
        } else {
            c->magic = SIM_CTX_MAGIC;
            c->device = id;
            c->next = contexts;
            contexts = c;
            current = c;
            *ctx = c;
            simcore_n.contexts++;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_aclrtDestroyContext(aclrtContext ctx)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_ERROR_INVALID_PARAM;
    for (sim_ctx **pp = &contexts; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == ctx) {
            sim_ctx *c = *pp;
            *pp = c->next;
            if (current == c) {
                current = NULL;
            }
            c->magic = 0;
            free(c);
            simcore_n.contexts--;
            rc = ACL_SUCCESS;
            break;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

/* acl_rt.h: contexts are per thread; every thread that calls ACL/HiMPI binds one (plugin, sample). */
static int impl_aclrtSetCurrentContext(aclrtContext ctx)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_ERROR_INVALID_PARAM;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (ctx != NULL && ctx_live(ctx)) {
        current = ctx;
        rc = ACL_SUCCESS;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_aclrtGetCurrentContext(aclrtContext *ctx)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_ERROR_INVALID_PARAM;
    if (ctx != NULL) {
        if (current != NULL && ctx_live(current)) {
            *ctx = current;
            rc = ACL_SUCCESS;
        } else {
            rc = ACL_ERROR_RT_CONTEXT_NULL;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_aclrtGetRunMode(int32_t *mode)
{
    if (mode == NULL) {
        return ACL_ERROR_INVALID_PARAM;
    }
    pthread_mutex_lock(&simcore_lock);
    *mode = acl_inited ? latched_mode : (run_mode >= 0 ? run_mode : env_mode());
    pthread_mutex_unlock(&simcore_lock);
    return ACL_SUCCESS;
}

/* acl_rt.h: aclrtMalloc / aclrtMallocHost need aclInit and a current context. */
static int alloc_common(void **p, size_t size, int kind)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (!simcore_acl_ready()) {
        rc = ACL_ERROR_RT_CONTEXT_NULL;
    } else if (p == NULL || size == 0) {
        rc = ACL_ERROR_INVALID_PARAM;
    } else {
        sim_blk *b = simcore_alloc(size, kind, current->device);
        if (b == NULL) {
            rc = ACL_ERROR_BAD_ALLOC;
        } else {
            *p = (void *)b->dev;
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int free_common(void *p, int kind)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (!simcore_acl_ready()) {
        rc = ACL_ERROR_RT_CONTEXT_NULL;
    } else if (simcore_free(p, kind) != 0) {
        rc = ACL_ERROR_INVALID_PARAM;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

static int impl_aclrtMalloc(void **p, size_t size, int32_t policy)
{
    if (policy < 0) {
        return ACL_ERROR_INVALID_PARAM;
    }
    return alloc_common(p, size, SIM_BLK_ACL);
}

static int impl_aclrtFree(void *p)
{
    return free_common(p, SIM_BLK_ACL);
}

static int impl_aclrtMallocHost(void **p, size_t size)
{
    return alloc_common(p, size, SIM_BLK_HOST);
}

static int impl_aclrtFreeHost(void *p)
{
    return free_common(p, SIM_BLK_HOST);
}

/* acl_rt.h aclrtMemcpyKind: H2H 0, H2D 1, D2H 2, D2D 3, DEFAULT 4; count <= destMax. In ACL_HOST the
 * kind must match where the addresses live (device memory is not host-readable there). */
static int impl_aclrtMemcpy(void *dst, size_t dest_max, const void *src, size_t count, int32_t kind)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = ACL_SUCCESS;
    if (!acl_inited) {
        rc = ACL_ERROR_UNINITIALIZE;
    } else if (!simcore_acl_ready()) {
        rc = ACL_ERROR_RT_CONTEXT_NULL;
    } else if (dst == NULL || src == NULL || count > dest_max || kind < 0 || kind > 4) {
        rc = ACL_ERROR_INVALID_PARAM;
    } else {
        unsigned char *ddev = simcore_dev((uintptr_t)dst, count, NULL);
        unsigned char *sdev = simcore_dev((uintptr_t)src, count, NULL);
        int want_ddev = kind == ACL_MEMCPY_HOST_TO_DEVICE || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
        int want_sdev = kind == ACL_MEMCPY_DEVICE_TO_HOST || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
        if (kind == 4) {
            want_ddev = ddev != NULL;
            want_sdev = sdev != NULL;
        }
        if (latched_mode == SIM_ACL_HOST && ((ddev != NULL) != want_ddev || (sdev != NULL) != want_sdev)) {
            simcore_report("aclrtMemcpy kind %d does not match the addresses (dst %s, src %s)", kind,
                           ddev != NULL ? "device" : "host", sdev != NULL ? "device" : "host");
            rc = ACL_ERROR_INVALID_PARAM;
        } else if (want_ddev && ddev == NULL) {
            rc = ACL_ERROR_INVALID_PARAM;
        } else if (want_sdev && sdev == NULL) {
            rc = ACL_ERROR_INVALID_PARAM;
        } else {
            memmove(ddev != NULL ? ddev : dst, sdev != NULL ? sdev : src, count);
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

WRAP(aclInit, (const char *config), (config))
WRAP(aclFinalize, (void), ())
WRAP(aclrtSetDevice, (int32_t id), (id))
WRAP(aclrtResetDevice, (int32_t id), (id))
WRAP(aclrtCreateContext, (aclrtContext *ctx, int32_t id), (ctx, id))
WRAP(aclrtDestroyContext, (aclrtContext ctx), (ctx))
WRAP(aclrtSetCurrentContext, (aclrtContext ctx), (ctx))
WRAP(aclrtGetCurrentContext, (aclrtContext *ctx), (ctx))
WRAP(aclrtGetRunMode, (int32_t *mode), (mode))
WRAP(aclrtMalloc, (void **p, size_t size, int32_t policy), (p, size, policy))
WRAP(aclrtFree, (void *p), (p))
WRAP(aclrtMallocHost, (void **p, size_t size), (p, size))
WRAP(aclrtFreeHost, (void *p), (p))
WRAP(aclrtMemcpy, (void *dst, size_t dest_max, const void *src, size_t count, int32_t kind),
     (dst, dest_max, src, count, kind))

/* acl.h: ACL runtime API version; CANN 8.1.RC1's acl.h says 1.13.0. The old-CANN build answers 1.0.0. */
static int impl_aclrtGetVersion(int32_t *major, int32_t *minor, int32_t *patch)
{
    if (major == NULL || minor == NULL || patch == NULL) {
        return ACL_ERROR_INVALID_PARAM;
    }
#ifdef SIM_OLD_CANN
    *major = 1;
    *minor = 0;
#else
    *major = 1;
    *minor = 13;
#endif
    *patch = 0;
    return ACL_SUCCESS;
}

WRAP(aclrtGetVersion, (int32_t *major, int32_t *minor, int32_t *patch), (major, minor, patch))

/* acl_rt.h: aclrtGetDeviceCount(uint32_t *count). */
static int impl_aclrtGetDeviceCount(uint32_t *count)
{
    if (count == NULL) {
        return ACL_ERROR_INVALID_PARAM;
    }
    *count = (uint32_t)device_count;
    return ACL_SUCCESS;
}

WRAP(aclrtGetDeviceCount, (uint32_t *count), (count))

int simcore_width_align(void)
{
    return width_align;
}

int simcore_video_mode(void)
{
    if (video_mode < 0) {
        const char *m = getenv("VENC_SIM_VIDEO");
        video_mode = m != NULL && strcmp(m, "real") == 0;
    }
    return video_mode;
}

int simcore_timing(void)
{
    if (timing_mode < 0) {
        const char *t = getenv("VENC_SIM_TIMING");
        timing_mode = t != NULL && strcmp(t, "1") == 0;
    }
    return timing_mode;
}

/* 1: the timing model is on (shared encoder cores, per-frame encode time); 0: encode at once. */
void sim_set_timing(int on)
{
    pthread_mutex_lock(&simcore_lock);
    timing_mode = on != 0;
    pthread_mutex_unlock(&simcore_lock);
}

/* 1: channels created from now on encode real video with libx264/libx265; 0: record mode. */
void sim_set_video(int on)
{
    pthread_mutex_lock(&simcore_lock);
    video_mode = on != 0;
    pthread_mutex_unlock(&simcore_lock);
}

const char *aclrtGetSocName(void)
{
    return simcore_is_310b() ? "Ascend310B1" : "Ascend310P3";
}

/* ---------------- control API for tests ---------------- */

void sim_set_run_mode(int mode)
{
    pthread_mutex_lock(&simcore_lock);
    run_mode = mode;
    pthread_mutex_unlock(&simcore_lock);
}

void sim_set_soc(const char *soc)
{
    soc_310b = soc != NULL && strcmp(soc, "310B") == 0;
}

void sim_set_device_count(int n)
{
    device_count = n;
}

void sim_set_encode_delay_us(int us)
{
    encode_delay_us = us;
}

/* Width alignment answered by hi_mpi_sys_get_image_align_info (a multiple of 16). */
void sim_set_width_align(int a)
{
    width_align = a >= 16 && a % 16 == 0 ? a : 16;
}

void sim_set_flags(int f)
{
    flags = f;
}

void sim_occupy_chn(int chn, int busy)
{
    if (chn >= 0 && chn < SIM_MAX_CHN) {
        occupied[chn] = (unsigned char)(busy != 0);
    }
}

void sim_zero_length_frames(int chn, int n)
{
    pthread_mutex_lock(&simcore_lock);
    if (chn >= 0 && chn < SIM_MAX_CHN) {
        zero_frames[chn] = n;
    }
    pthread_mutex_unlock(&simcore_lock);
}

int sim_inject(const char *fn, int code, int skip, int times)
{
    pthread_mutex_lock(&simcore_lock);
    int rc = -1;
    if (nfaults < SIM_MAX_FAULTS && fn != NULL && strlen(fn) < sizeof faults[0].fn) {
        sim_fault *f = &faults[nfaults++];
        strcpy(f->fn, fn);
        f->code = code;
        f->skip = skip;
        f->times = times;
        rc = 0;
    }
    pthread_mutex_unlock(&simcore_lock);
    return rc;
}

int sim_faults_pending(void)
{
    pthread_mutex_lock(&simcore_lock);
    int n = 0;
    for (int i = 0; i < nfaults; i++) {
        n += faults[i].times;
    }
    pthread_mutex_unlock(&simcore_lock);
    return n;
}

void sim_clear_faults(void)
{
    pthread_mutex_lock(&simcore_lock);
    nfaults = 0;
    pthread_mutex_unlock(&simcore_lock);
}

long long sim_counter(const char *name)
{
    static const struct {
        const char *name;
        size_t off;
    } table[] = {
#define C(f) {#f, offsetof(sim_counters, f)}
        C(dvpp_blocks), C(dvpp_bytes), C(acl_blocks), C(host_blocks), C(stream_blocks),
        C(channels), C(epolls), C(contexts), C(devices_open), C(encoder_threads),
        C(acl_initialized), C(sys_initialized), C(host_access_violations), C(buf_full_returned),
        C(max_queue_depth), C(leaks_reported), C(frames_received), C(frames_encoded),
        C(frames_dropped_at_stop), C(acl_reinit_refused), C(ring_wraps), C(no_buf_returned), C(starved_us),
        C(encoded_to_released_us), C(encoded_to_released_n), C(released_to_queued_us), C(released_to_queued_n),
#undef C
    };
    long long v = -1;
    pthread_mutex_lock(&simcore_lock);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, name) == 0) {
            v = *(long long *)((char *)&simcore_n + table[i].off);
        }
    }
    pthread_mutex_unlock(&simcore_lock);
    return v;
}

/* Clears counters of events (not of live resources), faults, flags and the trace. */
void sim_reset_events(void)
{
    pthread_mutex_lock(&simcore_lock);
    simcore_n.host_access_violations = 0;
    simcore_n.buf_full_returned = 0;
    simcore_n.max_queue_depth = 0;
    simcore_n.leaks_reported = 0;
    simcore_n.frames_received = 0;
    simcore_n.frames_encoded = 0;
    simcore_n.frames_dropped_at_stop = 0;
    simcore_n.ring_wraps = 0;
    simcore_n.no_buf_returned = 0;
    simcore_n.starved_us = 0;
    simcore_n.encoded_to_released_us = 0;
    simcore_n.encoded_to_released_n = 0;
    simcore_n.released_to_queued_us = 0;
    simcore_n.released_to_queued_n = 0;
    width_align = 16;
    nfaults = 0;
    flags = 0;
    encode_delay_us = 0;
    memset(occupied, 0, sizeof occupied);
    memset(zero_frames, 0, sizeof zero_frames);
    trace_len = 0;
    if (trace_buf != NULL) {
        trace_buf[0] = '\0';
    }
    pthread_mutex_unlock(&simcore_lock);
}

void sim_trace_enable(int on)
{
    pthread_mutex_lock(&simcore_lock);
    trace_on = on;
    pthread_mutex_unlock(&simcore_lock);
}

/* Copies the call trace ("function rc" per line) into buf; returns its full length. */
int sim_trace_read(char *buf, int cap)
{
    pthread_mutex_lock(&simcore_lock);
    int n = (int)trace_len;
    if (buf != NULL && cap > 0) {
        int k = n < cap - 1 ? n : cap - 1;
        if (k > 0) {
            memcpy(buf, trace_buf, (size_t)k);
        }
        buf[k] = '\0';
    }
    pthread_mutex_unlock(&simcore_lock);
    return n;
}

int sim_queue_depth(void)
{
    return 6;
}
