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
 * The process-wide ACL/HiMPI state, in the order of the VENC guide: {@code aclInit} once (an
 * "already initialised" answer is tolerated, and then this runtime never finalizes ACL), per device
 * {@code aclrtSetDevice} and one context, {@code hi_mpi_sys_init} once, the module parameters before
 * the first channel. When the last channel of a device closes, its context and device are released;
 * when the last device goes, {@code hi_mpi_sys_exit} runs first and {@code aclFinalize} last (or at JVM
 * shutdown with {@value #KEEP_ACL_PROPERTY}={@code true}). A JVM
 * shutdown hook closes the channels still open, which runs the same teardown.
 *
 * <p>All methods are synchronized on the runtime; channel ids are handed out here so that channels
 * opened concurrently never race for the same id.
 */
final class AscendRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AscendRuntime.class);
    /**
     * System property: when {@code true}, ACL stays initialised after the last channel closes and is
     * finalized only at JVM shutdown (for CANN versions that refuse {@code aclInit} after {@code aclFinalize}).
     */
    static final String KEEP_ACL_PROPERTY = "venc.ascend.keepAclInitialized";
    private static AscendRuntime instance;
    private static VencException loadFailure;

    final AclLibrary acl;
    final HiMpiLibrary himpi;
    final AscendLibraries libs;
    private boolean aclInitialized;
    private boolean aclOwned;
    private boolean sysInitialized;
    private boolean modParamsApplied;
    private final Map<Integer, Device> devices = new HashMap<>();
    private final Set<Integer> usedChannelIds = new HashSet<>();
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

    /** One opened device: its context, run mode and limits. */
    final class Device {
        final int id;
        final Pointer context;
        final int runMode;
        final DeviceLimits limits;
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

    /** Opens the device (and ACL and the media system first, when needed) for one more user. */
    synchronized Device acquire(int deviceId) {
        Device d = devices.get(deviceId);
        if (d != null) {
            d.users++;
            return d;
        }
        if (!aclInitialized) {
            int rc = acl.aclInit(null);
            if (rc == AclLibrary.ACL_ERROR_REPEAT_INITIALIZE) {
                LOG.info("aclInit: ACL already initialised in this process; it will not be finalized here");
            } else {
                AscendException.check("aclInit", rc, "initialising ACL");
                aclOwned = true;
            }
            aclInitialized = true;
        }
        boolean deviceSet = false;
        Pointer ctx = null;
        try {
            AscendException.check("aclrtSetDevice", acl.aclrtSetDevice(deviceId), "opening device " + deviceId);
            deviceSet = true;
            PointerByReference ref = new PointerByReference();
            AscendException.check("aclrtCreateContext", acl.aclrtCreateContext(ref, deviceId),
                    "creating the context of device " + deviceId);
            ctx = ref.getValue();
            IntByReference mode = new IntByReference();
            AscendException.check("aclrtGetRunMode", acl.aclrtGetRunMode(mode), "reading the run mode");
            if (!sysInitialized) {
                AscendException.check("hi_mpi_sys_init", himpi.hi_mpi_sys_init(), "initialising the media system");
                sysInitialized = true;
                modParamsApplied = false;
            }
            d = new Device(deviceId, ctx, mode.getValue(), DeviceLimits.detect(acl));
            d.users = 1;
            devices.put(deviceId, d);
            installShutdownHook();
            return d;
        } catch (RuntimeException e) {
            undoDevice(deviceId, ctx, deviceSet, e);
            if (devices.isEmpty()) {
                finishProcess(e);
            }
            throw e;
        }
    }

    /** Releases one user of the device; the last user tears the device (and the process state) down. */
    synchronized void release(Device d) {
        if (--d.users > 0) {
            return;
        }
        devices.remove(d.id);
        RuntimeException failure = null;
        try {
            d.bind();
            if (devices.isEmpty() && sysInitialized) {
                sysInitialized = false;
                AscendException.teardown("hi_mpi_sys_exit", himpi::hi_mpi_sys_exit, "closing the media system");
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        failure = undoDevice(d.id, d.context, true, failure);
        if (devices.isEmpty()) {
            failure = finishProcess(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException undoDevice(int deviceId, Pointer ctx, boolean deviceSet, RuntimeException first) {
        RuntimeException failure = first;
        if (ctx != null) {
            failure = keep(failure, () -> AscendException.teardown("aclrtDestroyContext",
                    () -> acl.aclrtDestroyContext(ctx), "destroying the context of device " + deviceId));
        }
        if (deviceSet) {
            failure = keep(failure, () -> AscendException.teardown("aclrtResetDevice",
                    () -> acl.aclrtResetDevice(deviceId), "resetting device " + deviceId));
        }
        return failure;
    }

    private RuntimeException finishProcess(RuntimeException first) {
        RuntimeException failure = first;
        if (sysInitialized) {
            sysInitialized = false;
            failure = keep(failure, () -> AscendException.teardown("hi_mpi_sys_exit", himpi::hi_mpi_sys_exit,
                    "closing the media system"));
        }
        if (aclOwned && Boolean.getBoolean(KEEP_ACL_PROPERTY)) {
            return failure;
        }
        return finalizeAcl(failure);
    }

    private RuntimeException finalizeAcl(RuntimeException first) {
        RuntimeException failure = first;
        if (aclOwned) {
            aclOwned = false;
            failure = keep(failure, () -> AscendException.teardown("aclFinalize", acl::aclFinalize, "finalizing ACL"));
        }
        aclInitialized = false;
        return failure;
    }

    private static RuntimeException keep(RuntimeException first, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
        }
        return first;
    }

    /**
     * Sets the H.264/H.265 module parameters (multi-pack streams, {@code one_stream_buf} = 0) once per
     * media-system session, before its first channel. NOT_PERM means another user of this process
     * created channels first; the module then keeps its settings, which the receive path handles too.
     */
    synchronized void applyModuleParams(Device d) {
        if (modParamsApplied) {
            return;
        }
        modParamsApplied = true;
        for (int type : new int[] {HiMpiLibrary.HI_VENC_MOD_H264, HiMpiLibrary.HI_VENC_MOD_H265}) {
            String member = type == HiMpiLibrary.HI_VENC_MOD_H264 ? "h264_mod_param" : "h265_mod_param";
            HiVencModParam p = new HiVencModParam();
            p.mod_type = type;
            p.u.setType(member);
            AscendException.check("hi_mpi_venc_get_mod_param", himpi.hi_mpi_venc_get_mod_param(p),
                    "reading the " + member + " of device " + d.id);
            HiVencH264ModParam m = type == HiMpiLibrary.HI_VENC_MOD_H264 ? p.u.h264_mod_param : p.u.h265_mod_param;
            m.one_stream_buf = 0;
            int rc = himpi.hi_mpi_venc_set_mod_param(p);
            if (rc == HiMpiErrors.HI_ERR_VENC_NOT_PERM) {
                LOG.info("hi_mpi_venc_set_mod_param: channels already exist in this process; keeping the "
                        + "module parameters in force");
                return;
            }
            AscendException.check("hi_mpi_venc_set_mod_param", rc, "setting the " + member);
        }
    }

    /**
     * Creates a VENC channel on the first free id: ids used by this JVM are skipped, and an id that the
     * hardware reports as existing (another process, or JPEG encoding, which shares the id space) is
     * passed over.
     */
    synchronized int createChannel(Device d, HiMpiTypes.HiVencChnAttr attr) {
        int max = d.limits.maxChannels();
        for (int id = 0; id < max; id++) {
            if (usedChannelIds.contains(id)) {
                continue;
            }
            int rc = himpi.hi_mpi_venc_create_chn(id, attr);
            if (rc == HiMpiErrors.HI_ERR_VENC_EXIST) {
                continue;
            }
            AscendException.check("hi_mpi_venc_create_chn", rc, "creating channel " + id + " ("
                    + attr.venc_attr.pic_width + "x" + attr.venc_attr.pic_height + ", buf_size "
                    + attr.venc_attr.buf_size + ", rc_mode " + attr.rc_attr.rc_mode + ")");
            usedChannelIds.add(id);
            return id;
        }
        throw new VencException("No free VENC channel on device " + d.id + ": all " + max
                + " ids are in use (they are shared with JPEG encoding and other processes)");
    }

    synchronized void channelIdFreed(int id) {
        usedChannelIds.remove(id);
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

    private void installShutdownHook() {
        if (shutdownHook != null) {
            return;
        }
        shutdownHook = new Thread(this::shutdown, "venc-ascend-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Closes every channel still open, newest first, which releases devices, the media system and ACL. */
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
            } catch (RuntimeException e) {
                LOG.warn("closing an Ascend channel at JVM shutdown failed", e);
            }
        }
        synchronized (this) {
            if (devices.isEmpty()) {
                RuntimeException failure = finalizeAcl(null);
                if (failure != null) {
                    LOG.warn("finalizing ACL at JVM shutdown failed", failure);
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
            if (c.codec() == Codec.H264 && (long) c.maxWidth() * c.maxHeight() > maxH264Area) {
                throw new UnsupportedOptionException("maxWidth", c.maxWidth() + "x" + c.maxHeight(), "ascend",
                        soc + " encodes H.264 up to " + maxH264Area + " pixels (4096x2304); use H.265 or a smaller size");
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
