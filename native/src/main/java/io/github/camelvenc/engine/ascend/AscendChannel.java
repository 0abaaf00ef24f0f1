package io.github.camelvenc.engine.ascend;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.camelvenc.engine.AbstractChannel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiDvppEpollEvent;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnAttr;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnStatus;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencPack;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencRcParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStartParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStream;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVideoFrame;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVideoFrameInfo;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VENC channel. Ownership: the sending thread (serialized by {@link AbstractChannel}) owns the
 * frame struct and the upload staging buffer; the receive thread owns the stream structs and the
 * download staging buffer; the pool of input buffers moves between them through a blocking queue
 * (a buffer goes back only after the stream of its frame was released); the in-flight list and all
 * reporting are guarded by its own monitor. Native resources are freed in {@link #doClose} in the
 * reverse order of creation: stop, epoll delete, destroy, close epoll, free buffers, release device.
 */
final class AscendChannel extends AbstractChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AscendChannel.class);
    /** Input buffers per channel: the VENC input queue holds 6 frames, so it is never overrun. */
    static final int POOL_SIZE = 6;
    private static final int WAIT_MS = 100;
    private static final int SEND_TIMEOUT_MS = Integer.getInteger("venc.ascend.sendTimeoutMs", 10_000);
    private static final int STALL_TIMEOUT_MS = Integer.getInteger("venc.ascend.stallTimeoutMs", 10_000);
    private static final int MAX_RETRIES = 3;

    private final AscendRuntime rt;
    private final HiMpiLibrary hi;
    private final AclLibrary acl;
    private final AscendRuntime.Device dev;
    private final Codec codec;
    private final int width;
    private final int height;
    private final int stride;
    private final int bufferSize;
    private final boolean hostMode;
    private final ArrayDeque<Runnable> cleanup = new ArrayDeque<>();
    private final List<Pointer> buffers = new ArrayList<>();
    private final ArrayBlockingQueue<Pointer> free = new ArrayBlockingQueue<>(POOL_SIZE);
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final HiVideoFrameInfo frameInfo = new HiVideoFrameInfo();
    private final String name;
    private Pointer upload;
    private Pointer download;
    private long downloadSize;
    private byte[] row;
    /** Contiguous hi_venc_pack array of the receive thread, grown to the largest cur_packs seen. */
    private HiVencPack[] packCache = new HiVencPack[0];
    private int chn = -1;
    private int epfd = -1;
    private Thread receiver;
    private volatile boolean stopping;
    private volatile VencException broken;
    private long lastProgress = System.nanoTime();

    AscendChannel(AscendRuntime rt, ChannelConfig config, PacketSink sink) {
        super(config, sink);
        this.rt = rt;
        this.hi = rt.himpi;
        this.acl = rt.acl;
        this.codec = config.codec();
        this.width = config.width();
        this.height = config.height();
        this.stride = config.alignedStride();
        this.bufferSize = stride * height * 3 / 2;
        AscendRuntime.Device d = rt.acquire(config.deviceId());
        this.dev = d;
        this.hostMode = d.hostMode();
        try {
            cleanup.push(() -> rt.release(d));
            d.limits.check(config);
            d.bind();
            allocateBuffers();
            IntByReference ep = new IntByReference();
            AscendException.check("hi_mpi_sys_create_epoll", hi.hi_mpi_sys_create_epoll(10, ep),
                    "creating the epoll instance");
            epfd = ep.getValue();
            int ep0 = epfd;
            cleanup.push(() -> AscendException.teardown("hi_mpi_sys_close_epoll", () -> hi.hi_mpi_sys_close_epoll(ep0),
                    "closing epoll " + ep0));
            rt.applyModuleParams(d);
            HiVencChnAttr attr = channelAttr(config);
            chn = rt.createChannel(d, attr);
            int id = chn;
            cleanup.push(() -> {
                try {
                    AscendException.teardown("hi_mpi_venc_destroy_chn", () -> hi.hi_mpi_venc_destroy_chn(id),
                            "destroying channel " + id);
                } finally {
                    rt.channelIdFreed(id);
                }
            });
            AscendException.check("hi_mpi_venc_set_scene_mode", hi.hi_mpi_venc_set_scene_mode(chn, config.sceneMode()),
                    "scene mode " + config.sceneMode());
            applyRcParam(config);
            int fd = hi.hi_mpi_venc_get_fd(chn);
            if (fd < 0) {
                throw new AscendException("hi_mpi_venc_get_fd", fd, "channel " + chn);
            }
            HiDvppEpollEvent ev = new HiDvppEpollEvent();
            ev.events = HiMpiLibrary.HI_DVPP_EPOLL_IN;
            ev.data = new Pointer(fd);
            AscendException.check("hi_mpi_sys_ctl_epoll", hi.hi_mpi_sys_ctl_epoll(epfd,
                    HiMpiLibrary.HI_DVPP_EPOLL_CTL_ADD, fd, ev), "adding the fd of channel " + chn);
            cleanup.push(() -> AscendException.teardown("hi_mpi_sys_ctl_epoll", () -> hi.hi_mpi_sys_ctl_epoll(ep0,
                    HiMpiLibrary.HI_DVPP_EPOLL_CTL_DEL, fd, new HiDvppEpollEvent()), "removing the fd of channel " + id));
            start();
            cleanup.push(() -> AscendException.teardown("hi_mpi_venc_stop_chn", () -> hi.hi_mpi_venc_stop_chn(id),
                    "stopping channel " + id));
            name = "ascend/" + d.limits.soc() + " device " + d.id + " chn " + chn + (hostMode ? " ACL_HOST" : " ACL_DEVICE");
            receiver = new Thread(this::receiveLoop, "venc-ascend-rx-" + d.id + "-" + chn);
            receiver.setDaemon(true);
            receiver.start();
            cleanup.push(this::stopReceiver);
            rt.register(this);
        } catch (RuntimeException e) {
            runCleanup(e);
            throw e;
        }
    }

    @Override
    public String backendName() {
        return name;
    }

    private void allocateBuffers() {
        for (int i = 0; i < POOL_SIZE; i++) {
            PointerByReference p = new PointerByReference();
            AscendException.check("hi_mpi_dvpp_malloc", hi.hi_mpi_dvpp_malloc(dev.id, p, bufferSize),
                    "allocating input buffer " + (i + 1) + " of " + POOL_SIZE + " (" + bufferSize + " bytes)");
            Pointer buf = p.getValue();
            buffers.add(buf);
            free.add(buf);
            cleanup.push(() -> AscendException.teardown("hi_mpi_dvpp_free", () -> hi.hi_mpi_dvpp_free(buf),
                    "freeing an input buffer"));
        }
        if (hostMode) {
            PointerByReference p = new PointerByReference();
            AscendException.check("aclrtMallocHost", acl.aclrtMallocHost(p, bufferSize),
                    "allocating the upload staging buffer (" + bufferSize + " bytes)");
            upload = p.getValue();
            Pointer up = upload;
            cleanup.push(() -> AscendException.teardown("aclrtFreeHost", () -> acl.aclrtFreeHost(up),
                    "freeing the upload staging buffer"));
            cleanup.push(this::freeDownload);
        }
    }

    private void freeDownload() {
        if (download != null) {
            Pointer p = download;
            download = null;
            AscendException.teardown("aclrtFreeHost", () -> acl.aclrtFreeHost(p), "freeing the download staging buffer");
        }
    }

    private void start() {
        HiVencStartParam p = new HiVencStartParam();
        p.recv_pic_num = -1;
        int rc = hi.hi_mpi_venc_start_chn(chn, p);
        if (rc == HiMpiErrors.HI_ERR_VENC_ILLEGAL_PARAM) {
            LOG.debug("hi_mpi_venc_start_chn refused recv_pic_num -1; using INT_MAX");
            p.recv_pic_num = Integer.MAX_VALUE;
            rc = hi.hi_mpi_venc_start_chn(chn, p);
        }
        AscendException.check("hi_mpi_venc_start_chn", rc, "starting channel " + chn);
    }

    /** hi_venc_chn_attr from the configuration; frame rates are dropped in Java, so src = dst. */
    private static HiVencChnAttr channelAttr(ChannelConfig c) {
        HiVencChnAttr a = new HiVencChnAttr();
        boolean h264 = c.codec() == Codec.H264;
        a.venc_attr.type = h264 ? HiMpiLibrary.HI_PT_H264 : HiMpiLibrary.HI_PT_H265;
        a.venc_attr.max_pic_width = c.maxWidth();
        a.venc_attr.max_pic_height = c.maxHeight();
        a.venc_attr.buf_size = streamBufferSize(c.maxWidth(), c.maxHeight());
        a.venc_attr.profile = c.profile().himpiValue(c.codec());
        a.venc_attr.is_by_frame = HiMpiLibrary.HI_TRUE;
        a.venc_attr.pic_width = c.width();
        a.venc_attr.pic_height = c.height();
        a.venc_attr.u.setType(h264 ? "h264_attr" : "h265_attr");
        fillRcAttr(a, c);
        return a;
    }

    /** ALIGN64(w * h * 3 / 2), at least the documented 32 KiB minimum. */
    static int streamBufferSize(int maxWidth, int maxHeight) {
        long size = ((long) maxWidth * maxHeight * 3 / 2 + 63) & ~63L;
        return (int) Math.max(32 * 1024, size);
    }

    private static String rcMember(ChannelConfig c) {
        return (c.codec() == Codec.H264 ? "h264_" : "h265_") + c.rcMode().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Fills rc_attr and gop_attr: the members that {@code rc_mode}/{@code gop_mode} select. */
    private static void fillRcAttr(HiVencChnAttr a, ChannelConfig c) {
        boolean h264 = c.codec() == Codec.H264;
        a.rc_attr.rc_mode = (h264 ? HiMpiLibrary.HI_VENC_RC_MODE_H264_CBR : HiMpiLibrary.HI_VENC_RC_MODE_H265_CBR)
                + c.rcMode().ordinal();
        String member = rcMember(c);
        a.rc_attr.u.setType(member);
        int fps = c.dstFrameRate();
        switch (c.rcMode()) {
            case CBR -> {
                HiMpiTypes.HiVencH264Cbr r = h264 ? a.rc_attr.u.h264_cbr : a.rc_attr.u.h265_cbr;
                r.gop = c.gop();
                r.stats_time = c.statsTime();
                r.src_frame_rate = fps;
                r.dst_frame_rate = fps;
                r.bit_rate = c.bitRate();
            }
            case VBR, AVBR -> {
                HiMpiTypes.HiVencH264Vbr r = c.rcMode() == RcMode.VBR ? (h264 ? a.rc_attr.u.h264_vbr : a.rc_attr.u.h265_vbr)
                        : (h264 ? a.rc_attr.u.h264_avbr : a.rc_attr.u.h265_avbr);
                r.gop = c.gop();
                r.stats_time = c.statsTime();
                r.src_frame_rate = fps;
                r.dst_frame_rate = fps;
                r.max_bit_rate = c.maxBitRate();
            }
            case QVBR -> {
                HiMpiTypes.HiVencH264Qvbr r = h264 ? a.rc_attr.u.h264_qvbr : a.rc_attr.u.h265_qvbr;
                r.gop = c.gop();
                r.stats_time = c.statsTime();
                r.src_frame_rate = fps;
                r.dst_frame_rate = fps;
                r.target_bit_rate = c.targetBitRate();
            }
            case CVBR -> {
                HiMpiTypes.HiVencH264Cvbr r = h264 ? a.rc_attr.u.h264_cvbr : a.rc_attr.u.h265_cvbr;
                r.gop = c.gop();
                r.stats_time = c.statsTime();
                r.src_frame_rate = fps;
                r.dst_frame_rate = fps;
                r.max_bit_rate = c.maxBitRate();
                r.short_term_stats_time = c.shortTermStatsTime();
                r.long_term_stats_time = c.longTermStatsTime();
                r.long_term_max_bit_rate = c.longTermMaxBitRate();
                r.long_term_min_bit_rate = c.longTermMinBitRate();
            }
            case FIXQP -> {
                HiMpiTypes.HiVencH264Fixqp r = h264 ? a.rc_attr.u.h264_fixqp : a.rc_attr.u.h265_fixqp;
                r.gop = c.gop();
                r.src_frame_rate = fps;
                r.dst_frame_rate = fps;
                r.i_qp = c.iQp();
                r.p_qp = c.pQp();
                r.b_qp = c.bQp();
            }
            default -> throw new IllegalStateException("rc mode " + c.rcMode());
        }
        GopMode g = c.gopMode();
        a.gop_attr.gop_mode = switch (g) {
            case NORMAL_P -> HiMpiLibrary.HI_VENC_GOP_MODE_NORMAL_P;
            case DUAL_P -> HiMpiLibrary.HI_VENC_GOP_MODE_DUAL_P;
            case SMART_P -> HiMpiLibrary.HI_VENC_GOP_MODE_SMART_P;
        };
        switch (g) {
            case NORMAL_P -> {
                a.gop_attr.u.setType("normal_p");
                a.gop_attr.u.normal_p.ip_qp_delta = c.ipQpDelta();
            }
            case DUAL_P -> {
                a.gop_attr.u.setType("dual_p");
                a.gop_attr.u.dual_p.sp_interval = c.spInterval();
                a.gop_attr.u.dual_p.sp_qp_delta = c.spQpDelta();
                a.gop_attr.u.dual_p.ip_qp_delta = c.ipQpDelta();
            }
            case SMART_P -> {
                a.gop_attr.u.setType("smart_p");
                a.gop_attr.u.smart_p.bg_interval = c.bgInterval();
                a.gop_attr.u.smart_p.bg_qp_delta = c.bgQpDelta();
                a.gop_attr.u.smart_p.vi_qp_delta = c.viQpDelta();
            }
            default -> throw new IllegalStateException("gop mode " + g);
        }
    }

    /** get_rc_param, set every configured value in the member of the rc mode, set_rc_param. */
    private void applyRcParam(ChannelConfig c) {
        HiVencRcParam p = new HiVencRcParam();
        String member = c.rcMode() == RcMode.FIXQP ? null : rcMember(c) + "_param";
        if (member != null) {
            p.u.setType(member);
        }
        AscendException.check("hi_mpi_venc_get_rc_param", hi.hi_mpi_venc_get_rc_param(chn, p),
                "reading the rc parameters of channel " + chn);
        for (int i = 0; i < ChannelConfig.THRESHOLD_COUNT; i++) {
            p.threshold_i[i] = c.thresholdI().get(i);
            p.threshold_p[i] = c.thresholdP().get(i);
            p.threshold_b[i] = c.thresholdB().get(i);
        }
        p.direction = c.direction();
        p.row_qp_delta = c.rowQpDelta();
        p.first_frame_start_qp = c.firstFrameStartQp();
        if (member != null) {
            fillRcParamMember(p, c);
        }
        AscendException.check("hi_mpi_venc_set_rc_param", hi.hi_mpi_venc_set_rc_param(chn, p),
                "setting the rc parameters of channel " + chn + " (qp " + c.minQp() + ".." + c.maxQp() + ", I qp "
                        + c.minIQp() + ".." + c.maxIQp() + ")");
    }

    private static void fillRcParamMember(HiVencRcParam p, ChannelConfig c) {
        boolean h264 = c.codec() == Codec.H264;
        HiMpiTypes.HiVencRcParamUnion u = p.u;
        switch (c.rcMode()) {
            case CBR -> {
                if (h264) {
                    var m = u.h264_cbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                } else {
                    var m = u.h265_cbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                }
            }
            case VBR -> {
                if (h264) {
                    var m = u.h264_vbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes(); m.chg_pos = c.chgPos();
                } else {
                    var m = u.h265_vbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes(); m.chg_pos = c.chgPos();
                }
            }
            case AVBR -> {
                if (h264) {
                    var m = u.h264_avbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes(); m.chg_pos = c.chgPos();
                } else {
                    var m = u.h265_avbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes(); m.chg_pos = c.chgPos();
                }
            }
            case QVBR -> {
                if (h264) {
                    var m = u.h264_qvbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                } else {
                    var m = u.h265_qvbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                }
            }
            case CVBR -> {
                if (h264) {
                    var m = u.h264_cvbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                    m.long_term_stats_time_unit = c.longTermStatsTimeUnit();
                } else {
                    var m = u.h265_cvbr_param;
                    m.max_qp = c.maxQp(); m.min_qp = c.minQp(); m.max_i_qp = c.maxIQp(); m.min_i_qp = c.minIQp();
                    m.max_i_proportion = c.maxIProportion(); m.min_i_proportion = c.minIProportion();
                    m.max_reencode_times = c.maxReencodeTimes();
                    m.long_term_stats_time_unit = c.longTermStatsTimeUnit();
                }
            }
            default -> throw new IllegalStateException("rc mode " + c.rcMode());
        }
    }

    // ---------------------------------------------------------------- input

    @Override
    protected void doSend(Frame frame, long frameIndex) {
        throwIfBroken();
        dev.bind();
        Pointer buf = takeBuffer();
        boolean queued = false;
        InFlight entry = new InFlight(frameIndex, frame.pts(), buf);
        try {
            upload(frame, buf);
            fillFrameInfo(buf, frame.pts(), frameIndex);
            synchronized (inFlight) {
                inFlight.addLast(entry);
                queued = true;
            }
            sendWithRetry();
        } catch (RuntimeException e) {
            if (queued) {
                synchronized (inFlight) {
                    inFlight.remove(entry);
                }
            }
            free.offer(buf);
            throw e;
        }
    }

    private void throwIfBroken() {
        VencException b = broken;
        if (b != null) {
            throw new VencException("The Ascend channel " + chn + " failed earlier and cannot encode: " + b.getMessage(), b);
        }
    }

    private Pointer takeBuffer() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(SEND_TIMEOUT_MS, STALL_TIMEOUT_MS));
        try {
            while (true) {
                Pointer p = free.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                if (p != null) {
                    return p;
                }
                throwIfBroken();
                if (!receiver.isAlive()) {
                    throw new VencException("The receive thread of Ascend channel " + chn + " stopped");
                }
                if (System.nanoTime() > deadline) {
                    throw new VencException("No input buffer of Ascend channel " + chn + " came back for "
                            + Math.max(SEND_TIMEOUT_MS, STALL_TIMEOUT_MS) + " ms: the encoder produces no streams");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VencException("Interrupted while waiting for a free input buffer of Ascend channel " + chn, e);
        }
    }

    /** Copies the visible rows into the buffer at stride {@code ALIGN16(width)}; in ACL_HOST via aclrtMemcpy. */
    private void upload(Frame frame, Pointer buf) {
        Pointer target = hostMode ? upload : buf;
        ByteBuffer data = frame.data();
        int srcStride = frame.stride();
        if (data.hasArray() && srcStride == stride && frame.chromaOffset() == stride * height) {
            int len = stride * height + stride * (height / 2 - 1) + width;
            target.write(0, data.array(), data.arrayOffset() + data.position(), len);
        } else {
            copyPlane(data, 0, srcStride, target, 0, height);
            copyPlane(data, frame.chromaOffset(), srcStride, target, (long) stride * height, height / 2);
        }
        if (hostMode) {
            AscendException.check("aclrtMemcpy", acl.aclrtMemcpy(buf, bufferSize, upload, bufferSize,
                    AclLibrary.ACL_MEMCPY_HOST_TO_DEVICE), "copying a frame to the device");
        }
    }

    private void copyPlane(ByteBuffer data, int srcOffset, int srcStride, Pointer target, long dstOffset, int rows) {
        if (data.hasArray()) {
            byte[] a = data.array();
            int base = data.arrayOffset() + data.position() + srcOffset;
            for (int r = 0; r < rows; r++) {
                target.write(dstOffset + (long) r * stride, a, base + r * srcStride, width);
            }
            return;
        }
        if (row == null) {
            row = new byte[width];
        }
        int base = data.position() + srcOffset;
        for (int r = 0; r < rows; r++) {
            data.get(base + r * srcStride, row, 0, width);
            target.write(dstOffset + (long) r * stride, row, 0, width);
        }
    }

    private void fillFrameInfo(Pointer buf, long pts, long frameIndex) {
        HiVideoFrame v = frameInfo.v_frame;
        long y = Pointer.nativeValue(buf);
        v.width = width;
        v.height = height;
        v.field = HiMpiLibrary.HI_VIDEO_FIELD_FRAME;
        v.pixel_format = config().pixelFormat().himpiValue();
        v.video_format = HiMpiLibrary.HI_VIDEO_FORMAT_LINEAR;
        v.compress_mode = HiMpiLibrary.HI_COMPRESS_MODE_NONE;
        v.dynamic_range = HiMpiLibrary.HI_DYNAMIC_RANGE_SDR8;
        v.color_gamut = HiMpiLibrary.HI_COLOR_GAMUT_BT709;
        v.width_stride[0] = stride;
        v.width_stride[1] = stride;
        v.height_stride[0] = height;
        v.height_stride[1] = height;
        v.phys_addr[0] = y;
        v.phys_addr[1] = y + (long) stride * height;
        v.virt_addr[0] = buf;
        v.virt_addr[1] = buf.share((long) stride * height);
        v.time_ref = (int) (frameIndex * 2);
        v.pts = pts;
        frameInfo.pool_id = HiMpiLibrary.HI_VB_INVALID_POOL_ID;
        frameInfo.mod_id = HiMpiLibrary.HI_ID_VENC;
    }

    /** Queues the frame; a full queue (which the pool normally prevents) is waited out, never reported. */
    private void sendWithRetry() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SEND_TIMEOUT_MS);
        while (true) {
            int rc = hi.hi_mpi_venc_send_frame(chn, frameInfo, WAIT_MS);
            if (rc == 0) {
                return;
            }
            boolean full = rc == HiMpiErrors.HI_ERR_VENC_BUF_FULL || rc == HiMpiErrors.HI_ERR_VENC_NO_BUF
                    || rc == HiMpiErrors.VENC_ERR_TIMEOUT;
            if (!full) {
                throw new AscendException("hi_mpi_venc_send_frame", rc, "sending a frame to channel " + chn);
            }
            throwIfBroken();
            if (System.nanoTime() > deadline) {
                throw new AscendException("hi_mpi_venc_send_frame", rc, "the input queue of channel " + chn
                        + " stayed full for " + SEND_TIMEOUT_MS + " ms");
            }
        }
    }

    // ---------------------------------------------------------------- output

    private void receiveLoop() {
        HiDvppEpollEvent event = new HiDvppEpollEvent();
        IntByReference count = new IntByReference();
        HiVencChnStatus status = new HiVencChnStatus();
        HiVencStream stream = new HiVencStream();
        stream.u.setType(codec == Codec.H264 ? "h264_info" : "h265_info");
        Calls calls = new Calls();
        try {
            dev.bind();
            while (!stopping && broken == null) {
                int rc = hi.hi_mpi_sys_wait_epoll(epfd, event, 1, WAIT_MS, count);
                if (rc != 0) {
                    calls.failed("hi_mpi_sys_wait_epoll", rc, "waiting for streams of channel " + chn);
                    continue;
                }
                calls.ok("hi_mpi_sys_wait_epoll");
                if (count.getValue() > 0 || hasInFlight()) {
                    drain(status, stream, calls);
                }
            }
        } catch (VencException e) {
            markBroken(e);
        } catch (RuntimeException | Error e) {
            markBroken(new VencException("The receive thread of Ascend channel " + chn + " failed: " + e, e));
        }
    }

    /** Counts consecutive failures of each call; the channel breaks after {@link #MAX_RETRIES}. */
    private final class Calls {
        private String last;
        private int streak;

        void ok(String function) {
            if (function.equals(last)) {
                streak = 0;
            }
        }

        void failed(String function, int rc, String context) {
            streak = function.equals(last) ? streak + 1 : 1;
            last = function;
            LOG.warn(function + " failed with " + HiMpiErrors.describe(rc) + " (" + streak + "/"
                    + MAX_RETRIES + "), " + context);
            if (streak >= MAX_RETRIES) {
                throw new AscendException(function, rc, context + " (failed " + streak + " times in a row)");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean hasInFlight() {
        synchronized (inFlight) {
            return !inFlight.isEmpty();
        }
    }

    private void drain(HiVencChnStatus status, HiVencStream stream, Calls calls) {
        while (!stopping) {
            int rc = hi.hi_mpi_venc_query_status(chn, status);
            if (rc != 0) {
                calls.failed("hi_mpi_venc_query_status", rc, "querying channel " + chn);
                return;
            }
            calls.ok("hi_mpi_venc_query_status");
            if (status.cur_packs <= 0) {
                return;
            }
            HiVencPack[] packs = packArray(status.cur_packs);
            stream.pack = packs[0].getPointer();
            stream.pack_cnt = packs.length;
            rc = hi.hi_mpi_venc_get_stream(chn, stream, 0);
            if (rc == HiMpiErrors.HI_ERR_VENC_BUF_EMPTY) {
                return;
            }
            if (rc != 0) {
                calls.failed("hi_mpi_venc_get_stream", rc, "fetching a stream of channel " + chn);
                return;
            }
            calls.ok("hi_mpi_venc_get_stream");
            onStream(stream, packs, calls);
        }
    }

    private HiVencPack[] packArray(int n) {
        if (packCache.length < n) {
            packCache = (HiVencPack[]) new HiVencPack().toArray(Math.max(n, 4));
        }
        return packCache;
    }

    /** Copies the packs out, releases the stream (always), then reports the frame and frees its buffer. */
    private void onStream(HiVencStream stream, HiVencPack[] packs, Calls calls) {
        int n = stream.pack_cnt;
        byte[] data = null;
        VencException failure = null;
        long pts = 0;
        FrameType type = FrameType.P;
        try {
            for (int i = 0; i < n; i++) {
                packs[i].read();
            }
            pts = n > 0 ? packs[0].pts : 0;
            type = frameType(packs, n);
            data = copyPacks(packs, n, pts);
        } catch (VencException e) {
            failure = e;
        } finally {
            release(stream, calls);
        }
        report(pts, data, type, failure);
    }

    private byte[] copyPacks(HiVencPack[] packs, int n, long pts) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            HiVencPack p = packs[i];
            if (p.len == 0 || Integer.compareUnsigned(p.len, p.offset) <= 0 || p.addr == null) {
                throw new VencException("The VENC returned an empty pack (" + (i + 1) + " of " + n + ", len " + p.len
                        + ", offset " + p.offset + ") for the frame with pts " + pts + ": encoding failed");
            }
            total += Integer.toUnsignedLong(p.len) - Integer.toUnsignedLong(p.offset);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new VencException("The VENC returned an access unit of " + total + " bytes");
        }
        byte[] out = new byte[(int) total];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            HiVencPack p = packs[i];
            int len = p.len - p.offset;
            if (hostMode) {
                ensureDownload(len);
                AscendException.check("aclrtMemcpy", acl.aclrtMemcpy(download, downloadSize, p.addr.share(
                        Integer.toUnsignedLong(p.offset)), len, AclLibrary.ACL_MEMCPY_DEVICE_TO_HOST),
                        "copying pack " + (i + 1) + " of " + n + " (" + len + " bytes) from the device");
                download.read(0, out, pos, len);
            } else {
                p.addr.read(Integer.toUnsignedLong(p.offset), out, pos, len);
            }
            pos += len;
        }
        return out;
    }

    private void ensureDownload(long len) {
        if (download != null && downloadSize >= len) {
            return;
        }
        freeDownload();
        long size = Math.max(len, 256 * 1024);
        PointerByReference p = new PointerByReference();
        AscendException.check("aclrtMallocHost", acl.aclrtMallocHost(p, size),
                "allocating the download staging buffer (" + size + " bytes)");
        download = p.getValue();
        downloadSize = size;
    }

    private void release(HiVencStream stream, Calls calls) {
        for (int attempt = 1; ; attempt++) {
            int rc = hi.hi_mpi_venc_release_stream(chn, stream);
            if (rc == 0) {
                calls.ok("hi_mpi_venc_release_stream");
                return;
            }
            calls.failed("hi_mpi_venc_release_stream", rc, "releasing stream " + stream.seq + " of channel " + chn);
        }
    }

    private FrameType frameType(HiVencPack[] packs, int n) {
        FrameType t = FrameType.P;
        for (int i = 0; i < n; i++) {
            int dt = packs[i].data_type.h264_type;
            if (codec == Codec.H264) {
                if (dt == HiMpiLibrary.HI_VENC_H264_NALU_IDR_SLICE) {
                    return FrameType.IDR;
                } else if (dt == HiMpiLibrary.HI_VENC_H264_NALU_I_SLICE) {
                    t = FrameType.I;
                } else if (dt == HiMpiLibrary.HI_VENC_H264_NALU_B_SLICE) {
                    t = FrameType.B;
                }
            } else {
                if (dt == HiMpiLibrary.HI_VENC_H265_NALU_IDR_SLICE) {
                    return FrameType.IDR;
                } else if (dt == HiMpiLibrary.HI_VENC_H265_NALU_I_SLICE) {
                    t = FrameType.I;
                } else if (dt == HiMpiLibrary.HI_VENC_H265_NALU_B_SLICE) {
                    t = FrameType.B;
                }
            }
        }
        return t;
    }

    /**
     * Reports the stream to the frame it belongs to (by pts, in order): frames ahead of it that the
     * encoder skipped are failed first. Then returns the frame's buffer to the pool.
     */
    private void report(long pts, byte[] data, FrameType type, VencException failure) {
        synchronized (inFlight) {
            boolean known = inFlight.stream().anyMatch(f -> f.pts == pts);
            if (!known) {
                LOG.warn("Ascend channel " + chn + " returned a stream with pts " + pts
                        + " that matches no frame in flight; dropped");
                return;
            }
            InFlight f;
            while ((f = inFlight.pollFirst()) != null && f.pts != pts) {
                finish(f, null, null, new VencException("The VENC produced no stream for frame " + f.index
                        + " (pts " + f.pts + ")"));
            }
            finish(f, data, type, failure);
            lastProgress = System.nanoTime();
            inFlight.notifyAll();
        }
    }

    /** Caller holds the inFlight monitor. */
    private void finish(InFlight f, byte[] data, FrameType type, VencException failure) {
        free.offer(f.buffer);
        try {
            if (failure != null) {
                fail(f.index, failure);
            } else {
                deliver(f.index, type, data, nalTypes(data));
            }
        } catch (Throwable e) {
            LOG.warn("The packet sink of Ascend channel " + chn + " threw; frame " + f.index, e);
        }
    }

    int[] nalTypes(byte[] d) {
        int[] types = new int[8];
        int n = 0;
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                int h = d[i + 3] & 0xFF;
                if (n == types.length) {
                    types = java.util.Arrays.copyOf(types, n * 2);
                }
                types[n++] = codec == Codec.H264 ? h & 0x1F : (h >> 1) & 0x3F;
                i += 3;
            }
        }
        return java.util.Arrays.copyOf(types, n);
    }

    private void markBroken(VencException e) {
        if (broken == null) {
            broken = e;
        }
        LOG.error("Ascend channel " + chn + " stopped encoding", e);
        synchronized (inFlight) {
            InFlight f;
            while ((f = inFlight.pollFirst()) != null) {
                finish(f, null, null, e);
            }
            inFlight.notifyAll();
        }
    }

    // ---------------------------------------------------------------- controls

    /**
     * The VENC applies an IDR request to the next frame it encodes, which may be one already queued;
     * waiting for the queued frames first makes the next frame sent the IDR, as the API promises.
     */
    @Override
    protected void doRequestIdr() {
        throwIfBroken();
        doFlush();
        throwIfBroken();
        dev.bind();
        AscendException.check("hi_mpi_venc_request_idr", hi.hi_mpi_venc_request_idr(chn, HiMpiLibrary.HI_TRUE),
                "requesting an IDR on channel " + chn);
    }

    /**
     * set_chn_attr with the new rates and gop, then re-applies the rc parameters (the change resets
     * them). Queued frames are encoded first, so the change starts exactly at the next frame sent.
     */
    @Override
    protected void doReconfigure(ChannelConfig next) {
        throwIfBroken();
        doFlush();
        throwIfBroken();
        dev.bind();
        HiVencChnAttr a = new HiVencChnAttr();
        a.venc_attr.u.setType(codec == Codec.H264 ? "h264_attr" : "h265_attr");
        a.rc_attr.u.setType(rcMember(next));
        AscendException.check("hi_mpi_venc_get_chn_attr", hi.hi_mpi_venc_get_chn_attr(chn, a),
                "reading the attributes of channel " + chn);
        fillRcAttr(a, next);
        AscendException.check("hi_mpi_venc_set_chn_attr", hi.hi_mpi_venc_set_chn_attr(chn, a),
                "changing the rates of channel " + chn);
        applyRcParam(next);
    }

    @Override
    protected void doFlush() {
        synchronized (inFlight) {
            lastProgress = System.nanoTime();
            while (!inFlight.isEmpty()) {
                if (broken != null || !receiver.isAlive()) {
                    VencException e = broken != null ? broken
                            : new VencException("The receive thread of Ascend channel " + chn + " stopped");
                    InFlight f;
                    while ((f = inFlight.pollFirst()) != null) {
                        finish(f, null, null, e);
                    }
                    return;
                }
                if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_TIMEOUT_MS)) {
                    VencException e = new VencException("The VENC of channel " + chn + " produced no stream for "
                            + STALL_TIMEOUT_MS + " ms with " + inFlight.size() + " frames queued");
                    broken = e;
                    InFlight f;
                    while ((f = inFlight.pollFirst()) != null) {
                        finish(f, null, null, e);
                    }
                    return;
                }
                try {
                    inFlight.wait(WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VencException("Interrupted while flushing Ascend channel " + chn, e);
                }
            }
        }
    }

    @Override
    protected void doClose() {
        rt.unregister(this);
        RuntimeException failure = null;
        try {
            dev.bind();
        } catch (RuntimeException e) {
            failure = e;
        }
        failure = runCleanup(failure);
        if (failure != null) {
            throw failure;
        }
    }

    private void stopReceiver() {
        stopping = true;
        Thread t = receiver;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new VencException("The receive thread of Ascend channel " + chn + " did not stop within 10 s");
        }
    }

    /** Runs the cleanup steps newest first, each even when an earlier one failed. */
    private RuntimeException runCleanup(RuntimeException first) {
        RuntimeException failure = first;
        Runnable step;
        while ((step = cleanup.poll()) != null) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    private record InFlight(long index, long pts, Pointer buffer) {
    }
}
