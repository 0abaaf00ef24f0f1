package io.github.camelvenc.engine.ascend;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.camelvenc.engine.ChannelClosedException;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencH264ModParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencModParam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide ACL/HiMPI state, in the order of Huawei's samples: {@code aclInit} once per process
 * (an "already initialised" answer is tolerated, and then this runtime never finalizes ACL), per device
 * {@code aclrtSetDevice}, one context, and under that context {@code hi_mpi_sys_init} and the module
 * parameters. When the last channel of a device closes, {@code hi_mpi_sys_exit} runs under its context,
 * then the context and the device are released. {@code aclFinalize} runs once, at JVM shutdown (a hook
 * that first closes the channels still open), as in every Huawei sample, which initialises and
 * finalizes ACL exactly once per process.
 *
 * <p>All methods are synchronized on the runtime; channel ids are handed out here (per device) so that
 * channels opened concurrently never race for the same id.
 */
final class AscendRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AscendRuntime.class);
    private static AscendRuntime instance;
    private static VencException loadFailure;

    final AclLibrary acl;
    final HiMpiLibrary himpi;
    final AscendLibraries libs;
    private boolean aclInitialized;
    private boolean aclOwned;
    private final Map<Integer, Device> devices = new HashMap<>();
    private final Set<AscendChannel> channels = new LinkedHashSet<>();
    private Thread shutdownHook;

    private AscendRuntime(AscendLibraries libs) {
        this.libs = libs;
        this.acl = libs.acl;
        this.himpi = libs.himpi;
    }

    /** The runtime, loading the libraries on first use; a load failure is cached and rethrown. */
    static synchronized AscendRuntime get() {
        if (instance == null) {
            if (loadFailure != null) {
                throw loadFailure;
            }
            try {
                instance = new AscendRuntime(AscendLibraries.load());
            } catch (VencException e) {
                loadFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /** One opened device: its context, run mode, limits and the channel ids this JVM uses on it. */
    final class Device {
        final int id;
        final Pointer context;
        final int runMode;
        final DeviceLimits limits;
        private final Set<Integer> usedChannelIds = new HashSet<>();
        private int users;

        private Device(int id, Pointer context, int runMode, DeviceLimits limits) {
            this.id = id;
            this.context = context;
            this.runMode = runMode;
            this.limits = limits;
        }

        /** Binds the device context to the calling thread; every thread that calls ACL/HiMPI must. */
        void bind() {
            AscendException.check("aclrtSetCurrentContext", acl.aclrtSetCurrentContext(context),
                    "binding the context of device " + id + " to thread " + Thread.currentThread().getName());
        }

        boolean hostMode() {
            return runMode == AclLibrary.ACL_HOST;
        }

        String describe() {
            return "device " + id + " (" + limits.soc() + ", run mode " + (hostMode() ? "ACL_HOST" : "ACL_DEVICE")
                    + ") via " + libs.himpiPath;
        }
    }

    /** Opens the device (and ACL first, once per process) for one more user. */
    synchronized Device acquire(int deviceId) {
        Device d = devices.get(deviceId);
        if (d != null) {
            d.users++;
            return d;
        }
        initAcl();
        boolean deviceSet = false;
        Pointer ctx = null;
        boolean sysInit = false;
        try {
            AscendException.check("aclrtSetDevice", acl.aclrtSetDevice(deviceId), "opening device " + deviceId);
            deviceSet = true;
            PointerByReference ref = new PointerByReference();
            AscendException.check("aclrtCreateContext", acl.aclrtCreateContext(ref, deviceId),
                    "creating the context of device " + deviceId);
            ctx = ref.getValue();
            AscendException.check("aclrtSetCurrentContext", acl.aclrtSetCurrentContext(ctx),
                    "binding the context of device " + deviceId);
            IntByReference mode = new IntByReference();
            AscendException.check("aclrtGetRunMode", acl.aclrtGetRunMode(mode), "reading the run mode");
            AscendException.check("hi_mpi_sys_init", himpi.hi_mpi_sys_init(),
                    "initialising the media system of device " + deviceId);
            sysInit = true;
            applyModuleParams(deviceId);
            d = new Device(deviceId, ctx, mode.getValue(), DeviceLimits.detect(acl));
            d.users = 1;
            devices.put(deviceId, d);
            return d;
        } catch (RuntimeException | Error e) {
            if (sysInit) {
                AscendException.keep(e, () -> AscendException.teardown("hi_mpi_sys_exit", himpi::hi_mpi_sys_exit,
                        "closing the media system of device " + deviceId));
            }
            undoDevice(deviceId, ctx, deviceSet, e);
            throw e;
        }
    }

    private void initAcl() {
        if (aclInitialized) {
            return;
        }
        int rc = acl.aclInit(null);
        if (rc == AclLibrary.ACL_ERROR_REPEAT_INITIALIZE) {
            LOG.info("aclInit: ACL already initialised in this process; it will not be finalized here");
        } else {
            AscendException.check("aclInit", rc, "initialising ACL");
            aclOwned = true;
        }
        aclInitialized = true;
        shutdownHook = new Thread(this::shutdown, "venc-ascend-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Releases one user of the device; the last user closes the device's media system under its
     * context ({@code hi_mpi_sys_exit}, as Huawei's FFmpeg plugin does per encoder), then destroys the
     * context and resets the device. ACL stays initialised until JVM shutdown.
     */
    synchronized void release(Device d) {
        if (--d.users > 0) {
            return;
        }
        devices.remove(d.id);
        Throwable failure = AscendException.keep(null, () -> {
            d.bind();
            AscendException.teardown("hi_mpi_sys_exit", himpi::hi_mpi_sys_exit,
                    "closing the media system of device " + d.id);
        });
        AscendException.rethrow(undoDevice(d.id, d.context, true, failure));
    }

    private Throwable undoDevice(int deviceId, Pointer ctx, boolean deviceSet, Throwable first) {
        Throwable failure = first;
        if (ctx != null) {
            failure = AscendException.keep(failure, () -> AscendException.teardown("aclrtDestroyContext",
                    () -> acl.aclrtDestroyContext(ctx), "destroying the context of device " + deviceId));
        }
        if (deviceSet) {
            failure = AscendException.keep(failure, () -> AscendException.teardown("aclrtResetDevice",
                    () -> acl.aclrtResetDevice(deviceId), "resetting device " + deviceId));
        }
        return failure;
    }

    /**
     * Sets the H.264/H.265 module parameters of the device's media system before its first channel:
     * {@code one_stream_buf = 1} (one pack per frame, its NAL units listed in {@code pack_info[]}), as
     * Huawei's FFmpeg plugin and the VENC guide's sample set it. NOT_PERM means another user of the
     * process created channels first; the module then keeps its settings, and the receive path handles
     * both stream-buffer modes.
     */
    private void applyModuleParams(int deviceId) {
        for (int type : new int[] {HiMpiLibrary.HI_VENC_MOD_H264, HiMpiLibrary.HI_VENC_MOD_H265}) {
            String member = type == HiMpiLibrary.HI_VENC_MOD_H264 ? "h264_mod_param" : "h265_mod_param";
            HiVencModParam p = new HiVencModParam();
            p.mod_type = type;
            p.u.setType(member);
            AscendException.check("hi_mpi_venc_get_mod_param", himpi.hi_mpi_venc_get_mod_param(p),
                    "reading the " + member + " of device " + deviceId);
            HiVencH264ModParam m = type == HiMpiLibrary.HI_VENC_MOD_H264 ? p.u.h264_mod_param : p.u.h265_mod_param;
            m.one_stream_buf = HiMpiLibrary.HI_TRUE;
            int rc = himpi.hi_mpi_venc_set_mod_param(p);
            if (rc == HiMpiErrors.HI_ERR_VENC_NOT_PERM) {
                LOG.info("hi_mpi_venc_set_mod_param: channels already exist on device " + deviceId
                        + "; keeping the module parameters in force");
                return;
            }
            AscendException.check("hi_mpi_venc_set_mod_param", rc, "setting the " + member);
        }
    }

    /** Fails with a message naming the function and the CANN version when the library lacks it. */
    void requireFunction(String function, String purpose) {
        if (!libs.has(function)) {
            throw new VencException(function + " is not exported by " + libs.himpiPath + " (" + cannVersion()
                    + "), needed for " + purpose + ". CANN 8.1.RC1 has it, older releases do not (docs/ascend.md,"
                    + " 'CANN versions'): upgrade CANN or do without " + purpose);
        }
    }

    /** The ACL runtime version ({@code aclrtGetVersion}) and the toolkit version from its install info. */
    String cannVersion() {
        String aclVersion = "ACL version unknown: aclrtGetVersion missing";
        if (libs.aclHas("aclrtGetVersion")) {
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            IntByReference patch = new IntByReference();
            int rc = acl.aclrtGetVersion(major, minor, patch);
            aclVersion = rc == 0 ? "ACL " + major.getValue() + "." + minor.getValue() + "." + patch.getValue()
                    : "aclrtGetVersion failed with " + HiMpiErrors.describe(rc);
        }
        String toolkit = CannInstall.toolkitVersion(System.getenv("ASCEND_HOME_PATH"));
        return toolkit == null ? aclVersion : "CANN " + toolkit + ", " + aclVersion;
    }

    /**
     * Creates a VENC channel on the first free id: ids used by this JVM are skipped, and an id that the
     * hardware reports as existing (another process, or JPEG encoding, which shares the id space) is
     * passed over.
     */
    synchronized int createChannel(Device d, HiMpiTypes.HiVencChnAttr attr) {
        int max = d.limits.maxChannels();
        for (int id = 0; id < max; id++) {
            if (d.usedChannelIds.contains(id)) {
                continue;
            }
            int rc = himpi.hi_mpi_venc_create_chn(id, attr);
            if (rc == HiMpiErrors.HI_ERR_VENC_EXIST) {
                continue;
            }
            AscendException.check("hi_mpi_venc_create_chn", rc, "creating channel " + id + " ("
                    + attr.venc_attr.pic_width + "x" + attr.venc_attr.pic_height + ", buf_size "
                    + attr.venc_attr.buf_size + ", rc_mode " + attr.rc_attr.rc_mode + ")");
            d.usedChannelIds.add(id);
            return id;
        }
        throw new VencException("No free VENC channel on device " + d.id + ": all " + max
                + " ids are in use (they are shared with JPEG encoding and other processes)");
    }

    synchronized void channelIdFreed(Device d, int id) {
        d.usedChannelIds.remove(id);
    }

    synchronized void register(AscendChannel c) {
        channels.add(c);
    }

    synchronized void unregister(AscendChannel c) {
        channels.remove(c);
    }

    /** Opens and releases the device: proves that ACL, the device and the media system answer. */
    String probe(int deviceId) {
        Device d = acquire(deviceId);
        String detail = d.describe();
        release(d);
        return detail;
    }

    /** Opens and releases the device to check the configuration against its limits. */
    void requireSupported(ChannelConfig config) {
        Device d = acquire(config.deviceId());
        try {
            d.limits.check(config);
        } finally {
            release(d);
        }
    }

    AscendChannel open(ChannelConfig config, PacketSink sink) {
        return new AscendChannel(this, config, sink);
    }

    /** Closes every channel still open, newest first (which releases the devices), then finalizes ACL. */
    void shutdown() {
        List<AscendChannel> open;
        synchronized (this) {
            open = new ArrayList<>(channels);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (ChannelClosedException e) {
                LOG.debug("channel closed concurrently during shutdown");
            } catch (RuntimeException | Error e) {
                LOG.warn("closing an Ascend channel at JVM shutdown failed", e);
            }
        }
        synchronized (this) {
            if (devices.isEmpty() && aclOwned) {
                aclOwned = false;
                aclInitialized = false;
                try {
                    AscendException.teardown("aclFinalize", acl::aclFinalize, "finalizing ACL at JVM shutdown");
                } catch (RuntimeException | Error e) {
                    LOG.warn("finalizing ACL at JVM shutdown failed", e);
                }
            }
        }
    }

    /** Per-SoC picture and channel limits of the VENC. */
    record DeviceLimits(String soc, int minSide, int maxSide, long maxH264Area, int maxChannels) {

        static DeviceLimits detect(AclLibrary acl) {
            String soc = System.getProperty("venc.ascend.soc");
            if (soc == null || soc.isBlank()) {
                try {
                    soc = acl.aclrtGetSocName();
                } catch (UnsatisfiedLinkError e) {
                    soc = null;
                }
            }
            soc = soc == null || soc.isBlank() ? "Ascend310P (assumed: aclrtGetSocName unavailable)" : soc.trim();
            if (soc.toUpperCase(Locale.ROOT).contains("310B")) {
                return new DeviceLimits(soc, 114, 8192, Long.MAX_VALUE, 128);
            }
            return new DeviceLimits(soc, 128, 4096, 4096L * 2304L, 256);
        }

        /** Rejects sizes this SoC's VENC cannot encode, naming the option. */
        void check(ChannelConfig c) {
            side("width", c.width());
            side("height", c.height());
            side("maxWidth", c.maxWidth());
            side("maxHeight", c.maxHeight());
            if (c.codec() == Codec.H264 && (long) c.width() * c.height() > maxH264Area) {
                throw new UnsupportedOptionException("width", c.width() + "x" + c.height(), "ascend",
                        soc + " encodes H.264 pictures up to " + maxH264Area + " pixels (4096x2304); use H.265 or a"
                                + " smaller size");
            }
        }

        private void side(String option, int value) {
            if (value < minSide || value > maxSide) {
                throw new UnsupportedOptionException(option, value, "ascend",
                        soc + " VENC accepts " + minSide + ".." + maxSide + " pixels per side");
            }
        }
    }
}
