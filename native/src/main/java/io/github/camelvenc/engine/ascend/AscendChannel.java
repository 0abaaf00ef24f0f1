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
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
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
    private final long chromaOffset;
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
    private boolean inputAddrWarned;
    private boolean ptsWarned;
    private long lastProgress = System.nanoTime();
    /** Frames accepted by send_frame; {@code time_ref} steps by 2 per frame sent, as in Huawei's samples. */
    private long sent;

    AscendChannel(AscendRuntime rt, ChannelConfig config, PacketSink sink) {
        super(config, sink);
        this.rt = rt;
        this.hi = rt.himpi;
        this.acl = rt.acl;
        this.codec = config.codec();
        this.width = config.width();
        this.height = config.height();
        AscendRuntime.Device d = rt.acquire(config.deviceId());
        this.dev = d;
        this.hostMode = d.hostMode();
        cleanup.push(() -> rt.release(d));
        FrameLayout layout;
        try {
            d.limits.check(config);
            d.bind();
            layout = FrameLayout.of(rt.libs, config);
        } catch (RuntimeException | Error e) {
            runCleanup(e);
            throw e;
        }
        this.stride = layout.widthStride();
        this.chromaOffset = (long) layout.widthStride() * layout.heightStride();
        this.bufferSize = layout.bufferSize();
        try {
            allocateBuffers();
            IntByReference ep = new IntByReference();
            AscendException.check("hi_mpi_sys_create_epoll", hi.hi_mpi_sys_create_epoll(10, ep),
                    "creating the epoll instance");
            epfd = ep.getValue();
            int ep0 = epfd;
            cleanup.push(() -> AscendException.teardown("hi_mpi_sys_close_epoll", () -> hi.hi_mpi_sys_close_epoll(ep0),
                    "closing epoll " + ep0));
            HiVencChnAttr attr = channelAttr(config);
            chn = rt.createChannel(d, attr);
            int id = chn;
            cleanup.push(() -> {
                try {
                    AscendException.teardown("hi_mpi_venc_destroy_chn", () -> hi.hi_mpi_venc_destroy_chn(id),
                            "destroying channel " + id);
                } finally {
                    rt.channelIdFreed(d, id);
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
        } catch (RuntimeException | Error e) {
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
    static HiVencChnAttr channelAttr(ChannelConfig c) {
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

    /**
     * get_rc_param, change only the options the configuration sets explicitly (or by its preset), then
     * set_rc_param, as Huawei's venc_sample does: options left unset keep the driver's values. When no
     * option is explicit the parameters are not written at all.
     */
    private void applyRcParam(ChannelConfig c) {
        if (ChannelConfig.RC_PARAM_OPTIONS.stream().noneMatch(c::isRcParamExplicit)) {
            return;
        }
        HiVencRcParam p = new HiVencRcParam();
        String member = c.rcMode() == RcMode.FIXQP ? null : rcMember(c) + "_param";
        if (member != null) {
            p.u.setType(member);
        }
        AscendException.check("hi_mpi_venc_get_rc_param", hi.hi_mpi_venc_get_rc_param(chn, p),
                "reading the rc parameters of channel " + chn);
        for (int i = 0; i < ChannelConfig.THRESHOLD_COUNT; i++) {
            p.threshold_i[i] = c.isRcParamExplicit("thresholdI") ? c.thresholdI().get(i) : p.threshold_i[i];
            p.threshold_p[i] = c.isRcParamExplicit("thresholdP") ? c.thresholdP().get(i) : p.threshold_p[i];
            p.threshold_b[i] = c.isRcParamExplicit("thresholdB") ? c.thresholdB().get(i) : p.threshold_b[i];
        }
        p.direction = pick(c, "direction", c.direction(), p.direction);
        p.row_qp_delta = pick(c, "rowQpDelta", c.rowQpDelta(), p.row_qp_delta);
        p.first_frame_start_qp = pick(c, "firstFrameStartQp", c.firstFrameStartQp(), p.first_frame_start_qp);
        if (member != null) {
            fillRcParamMember(p, c);
        }
        AscendException.check("hi_mpi_venc_set_rc_param", hi.hi_mpi_venc_set_rc_param(chn, p),
                "setting the rc parameters of channel " + chn + " (explicit: " + ChannelConfig.RC_PARAM_OPTIONS.stream()
                        .filter(c::isRcParamExplicit).toList() + ")");
    }

    /** The configured value when the option is explicit, else the driver's. */
    private static int pick(ChannelConfig c, String option, int configured, int driver) {
        return c.isRcParamExplicit(option) ? configured : driver;
    }

    /** A field of the rc-mode members of {@code hi_venc_rc_param}; not every member has every field. */
    private record MemberField(String option, String field, ToIntFunction<ChannelConfig> value) {
    }

    private static final List<MemberField> MEMBER_FIELDS = List.of(
            new MemberField("maxQp", "max_qp", ChannelConfig::maxQp),
            new MemberField("minQp", "min_qp", ChannelConfig::minQp),
            new MemberField("maxIQp", "max_i_qp", ChannelConfig::maxIQp),
            new MemberField("minIQp", "min_i_qp", ChannelConfig::minIQp),
            new MemberField("maxIProportion", "max_i_proportion", ChannelConfig::maxIProportion),
            new MemberField("minIProportion", "min_i_proportion", ChannelConfig::minIProportion),
            new MemberField("maxReencodeTimes", "max_reencode_times", ChannelConfig::maxReencodeTimes),
            new MemberField("chgPos", "chg_pos", ChannelConfig::chgPos),
            new MemberField("longTermStatsTimeUnit", "long_term_stats_time_unit", ChannelConfig::longTermStatsTimeUnit));

    /** Writes the explicit options into the member of the rc mode (e.g. {@code h265_vbr_param}) that the driver filled. */
    private static void fillRcParamMember(HiVencRcParam p, ChannelConfig c) {
        String name = rcMember(c) + "_param";
        try {
            Object member = HiMpiTypes.HiVencRcParamUnion.class.getField(name).get(p.u);
            for (MemberField f : MEMBER_FIELDS) {
                Field field = fieldOrNull(member.getClass(), f.field());
                if (field != null && c.isRcParamExplicit(f.option())) {
                    field.setInt(member, f.value().applyAsInt(c));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("hi_venc_rc_param has no member " + name, e);
        }
    }

    private static Field fieldOrNull(Class<?> type, String name) {
        try {
            return type.getField(name);
        } catch (NoSuchFieldException e) {
            return null;
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
            fillFrameInfo(buf, frame.pts());
            synchronized (inFlight) {
                inFlight.addLast(entry);
                queued = true;
            }
            sendWithRetry();
            sent++;
        } catch (Throwable e) {
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

    /** Copies the visible rows into the buffer at the VENC's stride ({@link FrameLayout}); in ACL_HOST via aclrtMemcpy. */
    private void upload(Frame frame, Pointer buf) {
        Pointer target = hostMode ? upload : buf;
        ByteBuffer data = frame.data();
        int srcStride = frame.stride();
        if (data.hasArray() && srcStride == stride && frame.chromaOffset() == chromaOffset) {
            int len = (int) chromaOffset + stride * (height / 2 - 1) + width;
            target.write(0, data.array(), data.arrayOffset() + data.position(), len);
        } else {
            copyPlane(data, 0, srcStride, target, 0, height);
            copyPlane(data, frame.chromaOffset(), srcStride, target, chromaOffset, height / 2);
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

    /**
     * The frame descriptor as Huawei's venc_sample fills it: {@code virt_addr[0..1]} (the driver reads
     * these), {@code phys_addr} and {@code height_stride} left 0 (reserved for VENC per the
     * {@code hi_video_frame} API page), {@code time_ref} stepping by 2 per frame actually sent.
     */
    private void fillFrameInfo(Pointer buf, long pts) {
        describeFrame(frameInfo, buf, width, height, stride, chromaOffset, config().pixelFormat().himpiValue(),
                sent * 2, pts);
    }

    /** Fills {@code info} for a frame in {@code buf} (see {@link #fillFrameInfo}). */
    static void describeFrame(HiVideoFrameInfo info, Pointer buf, int width, int height, int stride, long chromaOffset,
            int pixelFormat, long timeRef, long pts) {
        HiVideoFrame v = info.v_frame;
        v.width = width;
        v.height = height;
        v.field = HiMpiLibrary.HI_VIDEO_FIELD_FRAME;
        v.pixel_format = pixelFormat;
        v.video_format = HiMpiLibrary.HI_VIDEO_FORMAT_LINEAR;
        v.compress_mode = HiMpiLibrary.HI_COMPRESS_MODE_NONE;
        v.dynamic_range = HiMpiLibrary.HI_DYNAMIC_RANGE_SDR8;
        v.color_gamut = HiMpiLibrary.HI_COLOR_GAMUT_BT709;
        v.width_stride[0] = stride;
        v.width_stride[1] = stride;
        v.virt_addr[0] = buf;
        v.virt_addr[1] = buf.share(chromaOffset);
        v.time_ref = (int) timeRef;
        v.pts = pts;
        info.pool_id = HiMpiLibrary.HI_VB_INVALID_POOL_ID;
        info.mod_id = HiMpiLibrary.HI_ID_VENC;
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
            for (HiVencPack p : packCache) {
                p.u.setType("input_addr");
            }
        }
        return packCache;
    }

    /** Copies the packs out, releases the stream (always), then reports the frame and frees its buffer. */
    private void onStream(HiVencStream stream, HiVencPack[] packs, Calls calls) {
        int n = stream.pack_cnt;
        byte[] data = null;
        int[] nals = null;
        VencException failure = null;
        long pts = 0;
        long inputAddr = 0;
        FrameType type = FrameType.P;
        try {
            for (int i = 0; i < n; i++) {
                packs[i].read();
            }
            pts = n > 0 ? packs[0].pts : 0;
            inputAddr = n > 0 ? packs[0].u.input_addr : 0;
            data = copyPacks(packs, n, pts);
            nals = AnnexB.nalTypes(codec, data);
            type = frameType(packs, n, data);
        } catch (VencException e) {
            failure = e;
        } finally {
            release(stream, calls);
        }
        report(pts, inputAddr, data, nals, type, failure);
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

    /**
     * The frame type: IDR when the Annex-B bytes hold an IDR NAL unit, else what the pack fields say
     * ({@code data_type} of each pack and, in one-stream-buffer mode, the {@code pack_info[]} entries of
     * the {@code data_num} NAL units), else the {@code slice_type} of the first slice header.
     */
    private FrameType frameType(HiVencPack[] packs, int n, byte[] data) {
        FrameType fromBytes = AnnexB.frameType(codec, data);
        if (fromBytes == FrameType.IDR) {
            return FrameType.IDR;
        }
        FrameType fromPacks = null;
        for (int i = 0; i < n; i++) {
            fromPacks = stronger(fromPacks, packType(packs[i].data_type.h264_type));
            int infos = Math.min(Math.max(packs[i].data_num, 0), packs[i].pack_info.length);
            for (int j = 0; j < infos; j++) {
                fromPacks = stronger(fromPacks, packType(packs[i].pack_info[j].pack_type.h264_type));
            }
        }
        if (fromPacks != null) {
            return fromPacks;
        }
        return fromBytes != null ? fromBytes : FrameType.P;
    }

    /** The picture type a {@code hi_venc_h264/h265_nalu_type} code names, or null for non-slice codes. */
    private FrameType packType(int code) {
        int idr = codec == Codec.H264 ? HiMpiLibrary.HI_VENC_H264_NALU_IDR_SLICE : HiMpiLibrary.HI_VENC_H265_NALU_IDR_SLICE;
        if (code == idr) {
            return FrameType.IDR;
        }
        return switch (code) {
            case HiMpiLibrary.HI_VENC_H264_NALU_I_SLICE -> FrameType.I;
            case HiMpiLibrary.HI_VENC_H264_NALU_P_SLICE -> FrameType.P;
            case HiMpiLibrary.HI_VENC_H264_NALU_B_SLICE -> FrameType.B;
            default -> null;
        };
    }

    private static FrameType stronger(FrameType a, FrameType b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        List<FrameType> order = List.of(FrameType.P, FrameType.B, FrameType.I, FrameType.IDR);
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    /**
     * Reports the stream to the frame it belongs to: the one whose input buffer the driver names in
     * {@code pack.input_addr} (pts as a cross-check), else the one with the same pts. Frames ahead of it
     * that the encoder skipped are failed first. Then returns the frame's buffer to the pool.
     */
    private void report(long pts, long inputAddr, byte[] data, int[] nals, FrameType type, VencException failure) {
        synchronized (inFlight) {
            InFlight match = inFlight.stream().filter(f -> Pointer.nativeValue(f.buffer) == inputAddr).findFirst()
                    .orElse(null);
            if (match == null) {
                match = inFlight.stream().filter(f -> f.pts == pts).findFirst().orElse(null);
                if (match != null && inputAddr != 0 && !inputAddrWarned) {
                    inputAddrWarned = true;
                    LOG.warn("Ascend channel " + chn + ": pack.input_addr 0x" + Long.toHexString(inputAddr)
                            + " names no input buffer; matching streams to frames by pts");
                }
            } else if (match.pts != pts && !ptsWarned) {
                ptsWarned = true;
                LOG.warn("Ascend channel " + chn + ": the stream of the buffer at 0x"
                        + Long.toHexString(inputAddr) + " has pts " + pts + ", the frame sent had " + match.pts
                        + "; trusting input_addr (reported once)");
            }
            if (match == null) {
                LOG.warn("Ascend channel " + chn + " returned a stream with pts " + pts
                        + " that matches no frame in flight; dropped");
                return;
            }
            InFlight f;
            while ((f = inFlight.pollFirst()) != null && f != match) {
                finish(f, null, null, null, new VencException("The VENC produced no stream for frame " + f.index
                        + " (pts " + f.pts + ")"));
            }
            finish(match, data, nals, type, failure);
            lastProgress = System.nanoTime();
            inFlight.notifyAll();
        }
    }

    /** Caller holds the inFlight monitor. */
    private void finish(InFlight f, byte[] data, int[] nals, FrameType type, VencException failure) {
        free.offer(f.buffer);
        try {
            if (failure != null) {
                fail(f.index, failure);
            } else {
                deliver(f.index, type, data, nals);
            }
        } catch (Throwable e) {
            LOG.warn("The packet sink of Ascend channel " + chn + " threw; frame " + f.index, e);
        }
    }

    private void markBroken(VencException e) {
        if (broken == null) {
            broken = e;
        }
        LOG.error("Ascend channel " + chn + " stopped encoding", e);
        synchronized (inFlight) {
            InFlight f;
            while ((f = inFlight.pollFirst()) != null) {
                finish(f, null, null, null, e);
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
        rt.requireFunction("hi_mpi_venc_get_chn_attr", "changing rates or gop on an open channel (reconfigure)");
        rt.requireFunction("hi_mpi_venc_set_chn_attr", "changing rates or gop on an open channel (reconfigure)");
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
                        finish(f, null, null, null, e);
                    }
                    return;
                }
                if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_TIMEOUT_MS)) {
                    VencException e = new VencException("The VENC of channel " + chn + " produced no stream for "
                            + STALL_TIMEOUT_MS + " ms with " + inFlight.size() + " frames queued");
                    broken = e;
                    InFlight f;
                    while ((f = inFlight.pollFirst()) != null) {
                        finish(f, null, null, null, e);
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
        AscendException.rethrow(runCleanup(AscendException.keep(null, dev::bind)));
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

    /** Runs the cleanup steps newest first, each even when an earlier one failed; see {@link AscendException#keep}. */
    private Throwable runCleanup(Throwable first) {
        Throwable failure = first;
        Runnable step;
        while ((step = cleanup.poll()) != null) {
            failure = AscendException.keep(failure, step);
        }
        return failure;
    }

    private record InFlight(long index, long pts, Pointer buffer) {
    }
}
