package io.github.camelvenc.engine.ascend;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiDvppEpollEvent;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencChnStatus;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencH264ModParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencModParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencPack;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStartParam;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVencStream;
import io.github.camelvenc.engine.ascend.HiMpiTypes.HiVideoFrameInfo;
import io.github.camelvenc.engine.io.SyntheticFrames;

/**
 * The board self-test behind {@code venc doctor}: where the libraries were looked for, the CANN
 * version, SoC, run mode and device count, then the VENC guide's 17 steps on a 64-frame synthetic
 * 1280x720 clip for H.264 and H.265, with each step's return code and time, the packs of the first
 * IDR, and whether the output decodes (ffprobe when present) with IDRs at frames 0, 30 and 60. It
 * drives HiMPI directly, one frame at a time, so that a failure points at one call.
 */
public final class AscendDoctor {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FRAMES = 64;
    static final int GOP = 30;
    private static final int BUFFERS = 6;
    private static final int TIMEOUT_MS = 1000;

    private final PrintStream out;
    private final int device;
    private AscendLibraries libs;
    private HiMpiLibrary hi;
    private AclLibrary acl;
    private boolean hostMode;

    private AscendDoctor(PrintStream out, int device) {
        this.out = out;
        this.device = device;
    }

    /** Runs the self-test on {@code device}; 0 only when both codecs decode with the IDRs expected. */
    public static int run(PrintStream out, int device) {
        return new AscendDoctor(out, device).run();
    }

    private int run() {
        out.println("== libraries");
        if (!findLibraries()) {
            return 1;
        }
        out.println("== ACL");
        if (call("aclInit", () -> acl.aclInit(null)) != 0) {
            return 1;
        }
        try {
            return withDevice();
        } finally {
            call("aclFinalize", acl::aclFinalize);
        }
    }

    private boolean findLibraries() {
        for (String[] lib : new String[][] {{AscendLibraries.ACL_NAME, AscendLibraries.ACL_PROPERTY, AscendLibraries.ACL_ENV},
            {AscendLibraries.HIMPI_NAME, AscendLibraries.HIMPI_PROPERTY, AscendLibraries.HIMPI_ENV}}) {
            out.println(lib[0] + ", tried in order:");
            for (String c : AscendLibraries.candidates(lib[0], lib[1], lib[2], System::getenv, System::getProperty)) {
                int note = c.indexOf(" (");
                String path = note < 0 ? c : c.substring(0, note);
                String state = c.endsWith("(system loader)") ? "system loader" : new File(path).isFile() ? "present" : "absent";
                out.println("  " + c + ": " + state);
            }
        }
        try {
            libs = AscendLibraries.load();
        } catch (VencException e) {
            out.println("FAIL: " + e.getMessage());
            return false;
        }
        hi = libs.himpi;
        acl = libs.acl;
        out.println("loaded " + libs.aclPath + " and " + libs.himpiPath);
        List<String> missing = HiMpiLibrary.OPTIONAL.stream().filter(f -> !libs.has(f)).toList();
        out.println("optional functions missing: " + (missing.isEmpty() ? "none" : String.join(", ", missing)));
        return true;
    }

    private int withDevice() {
        IntByReference count = new IntByReference();
        int rc = call("aclrtGetDeviceCount", () -> acl.aclrtGetDeviceCount(count));
        out.println("device count: " + (rc == 0 ? count.getValue() : "unknown"));
        out.println("version: " + version());
        if (call("aclrtSetDevice(" + device + ")", () -> acl.aclrtSetDevice(device)) != 0) {
            return 1;
        }
        PointerByReference ctx = new PointerByReference();
        try {
            if (call("aclrtCreateContext", () -> acl.aclrtCreateContext(ctx, device)) != 0) {
                return 1;
            }
            IntByReference mode = new IntByReference();
            call("aclrtGetRunMode", () -> acl.aclrtGetRunMode(mode));
            hostMode = mode.getValue() == AclLibrary.ACL_HOST;
            out.println("run mode: " + (hostMode ? "ACL_HOST (1)" : "ACL_DEVICE (0)"));
            AscendRuntime.DeviceLimits limits = AscendRuntime.DeviceLimits.detect(acl);
            out.println("SoC: " + limits.soc());
            int failures = 0;
            for (Codec codec : Codec.values()) {
                failures += codec(codec) ? 0 : 1;
            }
            out.println("== result: " + (failures == 0 ? "PASS (H.264 and H.265 decode, IDRs at 0, 30, 60)"
                    : "FAIL (" + failures + " of 2 codecs)"));
            return failures == 0 ? 0 : 1;
        } finally {
            if (ctx.getValue() != null) {
                call("aclrtDestroyContext", () -> acl.aclrtDestroyContext(ctx.getValue()));
            }
            call("aclrtResetDevice", () -> acl.aclrtResetDevice(device));
        }
    }

    private String version() {
        String toolkit = CannInstall.toolkitVersion(System.getenv("ASCEND_HOME_PATH"));
        String aclVersion = "ACL version unknown (no aclrtGetVersion)";
        if (libs.aclHas("aclrtGetVersion")) {
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            IntByReference patch = new IntByReference();
            if (acl.aclrtGetVersion(major, minor, patch) == 0) {
                aclVersion = "ACL " + major.getValue() + "." + minor.getValue() + "." + patch.getValue();
            }
        }
        return (toolkit == null ? "CANN toolkit version unknown (no ascend_toolkit_install.info under ASCEND_HOME_PATH)"
                : "CANN " + toolkit) + ", " + aclVersion;
    }

    /** One timed call, printed with its return code; returns the code. */
    private int call(String what, IntSupplier fn) {
        long t0 = System.nanoTime();
        int rc = fn.getAsInt();
        out.printf(Locale.ROOT, "  %-46s rc %-40s %8.2f ms%n", what, rc == 0 ? "0" : HiMpiErrors.describe(rc),
                (System.nanoTime() - t0) / 1e6);
        return rc;
    }

    /** Repeated calls of one step, printed once: count, failures, first failure, total time. */
    private static final class Repeated {
        int calls;
        int failures;
        int firstFailure;
        long nanos;

        int run(IntSupplier fn) {
            long t0 = System.nanoTime();
            int rc = fn.getAsInt();
            nanos += System.nanoTime() - t0;
            calls++;
            if (rc != 0 && failures++ == 0) {
                firstFailure = rc;
            }
            return rc;
        }
    }

    private void print(String step, Repeated r) {
        out.printf(Locale.ROOT, "  %-46s %d calls, %d failed%s, %8.2f ms in all%n", step, r.calls, r.failures,
                r.failures == 0 ? "" : " (first " + HiMpiErrors.describe(r.firstFailure) + ")", r.nanos / 1e6);
    }

    private boolean codec(Codec codec) {
        out.println("== " + (codec == Codec.H264 ? "H.264" : "H.265") + ": the guide's 17 steps, " + FRAMES + " frames "
                + WIDTH + "x" + HEIGHT + ", CBR 2000 kbit/s, gop " + GOP);
        ChannelConfig config = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(codec).width(WIDTH)
                .height(HEIGHT).gop(GOP).bitRate(2000).srcFrameRate(30).build();
        if (call(" 1 hi_mpi_sys_init", hi::hi_mpi_sys_init) != 0) {
            return false;
        }
        try {
            moduleParams(codec);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<String> firstIdr = new ArrayList<>();
            if (!channel(config, stream, firstIdr)) {
                return false;
            }
            out.println("  first IDR: " + String.join("; ", firstIdr));
            return decodes(codec, stream.toByteArray());
        } finally {
            call("17 hi_mpi_sys_exit", hi::hi_mpi_sys_exit);
        }
    }

    private void moduleParams(Codec codec) {
        HiVencModParam p = new HiVencModParam();
        boolean h264 = codec == Codec.H264;
        p.mod_type = h264 ? HiMpiLibrary.HI_VENC_MOD_H264 : HiMpiLibrary.HI_VENC_MOD_H265;
        p.u.setType(h264 ? "h264_mod_param" : "h265_mod_param");
        if (call("   hi_mpi_venc_get_mod_param", () -> hi.hi_mpi_venc_get_mod_param(p)) == 0) {
            HiVencH264ModParam m = h264 ? p.u.h264_mod_param : p.u.h265_mod_param;
            m.one_stream_buf = HiMpiLibrary.HI_TRUE;
            call("   hi_mpi_venc_set_mod_param(one_stream_buf 1)", () -> hi.hi_mpi_venc_set_mod_param(p));
        }
    }

    private boolean channel(ChannelConfig config, ByteArrayOutputStream stream, List<String> firstIdr) {
        int chn = createChannel(config);
        if (chn < 0) {
            return false;
        }
        boolean ok = false;
        IntByReference ep = new IntByReference(-1);
        int fd = -1;
        List<Pointer> buffers = new ArrayList<>();
        boolean started = false;
        boolean added = false;
        try {
            fd = hi.hi_mpi_venc_get_fd(chn);
            out.printf(Locale.ROOT, "  %-46s fd %d%n", " 3 hi_mpi_venc_get_fd", fd);
            if (fd < 0 || call(" 4 hi_mpi_sys_create_epoll(10)", () -> hi.hi_mpi_sys_create_epoll(10, ep)) != 0) {
                return false;
            }
            HiDvppEpollEvent ev = new HiDvppEpollEvent();
            ev.events = HiMpiLibrary.HI_DVPP_EPOLL_IN;
            ev.data = new Pointer(fd);
            int fd0 = fd;
            added = call(" 5 hi_mpi_sys_ctl_epoll(ADD)", () -> hi.hi_mpi_sys_ctl_epoll(ep.getValue(),
                    HiMpiLibrary.HI_DVPP_EPOLL_CTL_ADD, fd0, ev)) == 0;
            HiVencStartParam start = new HiVencStartParam();
            start.recv_pic_num = -1;
            started = added && call(" 6 hi_mpi_venc_start_chn(-1)", () -> hi.hi_mpi_venc_start_chn(chn, start)) == 0;
            FrameLayout layout = FrameLayout.of(libs, config);
            out.println("  input layout: width_stride " + layout.widthStride() + ", height_stride "
                    + layout.heightStride() + ", " + layout.bufferSize() + " bytes" + (libs.has(FrameLayout.ALIGN_FUNCTION)
                    ? " (hi_mpi_sys_get_image_align_info)" : " (documented ALIGN16)"));
            Repeated malloc = new Repeated();
            for (int i = 0; i < BUFFERS && started; i++) {
                PointerByReference p = new PointerByReference();
                if (malloc.run(() -> hi.hi_mpi_dvpp_malloc(device, p, layout.bufferSize())) == 0) {
                    buffers.add(p.getValue());
                }
            }
            print(" 7 hi_mpi_dvpp_malloc", malloc);
            ok = started && buffers.size() == BUFFERS && encode(chn, ep.getValue(), layout, buffers, stream, firstIdr);
            if (ok) {
                freeBuffers(buffers);
            }
        } finally {
            if (started) {
                call("13 hi_mpi_venc_stop_chn", () -> hi.hi_mpi_venc_stop_chn(chn));
            }
            if (added) {
                int fd0 = fd;
                call("14 hi_mpi_sys_ctl_epoll(DEL)", () -> hi.hi_mpi_sys_ctl_epoll(ep.getValue(),
                        HiMpiLibrary.HI_DVPP_EPOLL_CTL_DEL, fd0, new HiDvppEpollEvent()));
            }
            call("15 hi_mpi_venc_destroy_chn", () -> hi.hi_mpi_venc_destroy_chn(chn));
            if (ep.getValue() >= 0) {
                call("16 hi_mpi_sys_close_epoll", () -> hi.hi_mpi_sys_close_epoll(ep.getValue()));
            }
            if (!buffers.isEmpty()) {
                out.println("  (input buffers freed after destroy: frames may still have been queued)");
                freeBuffers(buffers);
            }
        }
        return ok;
    }

    private void freeBuffers(List<Pointer> buffers) {
        Repeated free = new Repeated();
        for (Pointer b : buffers) {
            free.run(() -> hi.hi_mpi_dvpp_free(b));
        }
        buffers.clear();
        print("12 hi_mpi_dvpp_free", free);
    }

    private int createChannel(ChannelConfig config) {
        HiMpiTypes.HiVencChnAttr attr = AscendChannel.channelAttr(config);
        for (int id = 0; id < 256; id++) {
            int chn = id;
            long t0 = System.nanoTime();
            int rc = hi.hi_mpi_venc_create_chn(chn, attr);
            if (rc == HiMpiErrors.HI_ERR_VENC_EXIST) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-46s rc %-40s %8.2f ms%n", " 2 hi_mpi_venc_create_chn(" + chn + ")",
                    rc == 0 ? "0" : HiMpiErrors.describe(rc), (System.nanoTime() - t0) / 1e6);
            return rc == 0 ? chn : -1;
        }
        out.println("  no free channel id");
        return -1;
    }

    /** Steps 8 to 11 per frame: send, wait on epoll, query and get the stream, copy, release. */
    private boolean encode(int chn, int epfd, FrameLayout layout, List<Pointer> buffers, ByteArrayOutputStream stream,
            List<String> firstIdr) {
        SyntheticFrames frames = new SyntheticFrames(WIDTH, HEIGHT);
        Repeated send = new Repeated();
        Repeated wait = new Repeated();
        Repeated query = new Repeated();
        Repeated get = new Repeated();
        Repeated release = new Repeated();
        HiVideoFrameInfo info = new HiVideoFrameInfo();
        HiDvppEpollEvent event = new HiDvppEpollEvent();
        IntByReference n = new IntByReference();
        HiVencChnStatus status = new HiVencChnStatus();
        HiVencStream s = new HiVencStream();
        Memory host = new Memory(layout.bufferSize());
        int got = 0;
        for (int f = 0; f < FRAMES; f++) {
            Pointer buf = buffers.get(f % buffers.size());
            byte[] nv12 = frames.frame(f);
            Pointer target = hostMode ? host : buf;
            long chroma = (long) layout.widthStride() * layout.heightStride();
            for (int r = 0; r < HEIGHT; r++) {
                target.write((long) r * layout.widthStride(), nv12, r * WIDTH, WIDTH);
            }
            for (int r = 0; r < HEIGHT / 2; r++) {
                target.write(chroma + (long) r * layout.widthStride(), nv12, WIDTH * HEIGHT + r * WIDTH, WIDTH);
            }
            if (hostMode && acl.aclrtMemcpy(buf, layout.bufferSize(), host, layout.bufferSize(),
                    AclLibrary.ACL_MEMCPY_HOST_TO_DEVICE) != 0) {
                out.println("  aclrtMemcpy host to device failed");
                return false;
            }
            AscendChannel.describeFrame(info, buf, WIDTH, HEIGHT, layout.widthStride(), chroma,
                    HiMpiLibrary.HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420, 2L * f, f);
            if (send.run(() -> hi.hi_mpi_venc_send_frame(chn, info, TIMEOUT_MS)) != 0) {
                break;
            }
            if (wait.run(() -> hi.hi_mpi_sys_wait_epoll(epfd, event, 1, TIMEOUT_MS, n)) != 0 || n.getValue() == 0
                    || query.run(() -> hi.hi_mpi_venc_query_status(chn, status)) != 0 || status.cur_packs <= 0) {
                break;
            }
            HiVencPack[] packs = (HiVencPack[]) new HiVencPack().toArray(status.cur_packs);
            s.pack = packs[0].getPointer();
            s.pack_cnt = packs.length;
            if (get.run(() -> hi.hi_mpi_venc_get_stream(chn, s, TIMEOUT_MS)) != 0) {
                break;
            }
            try {
                for (int i = 0; i < s.pack_cnt; i++) {
                    packs[i].read();
                    byte[] data = copy(packs[i]);
                    stream.write(data, 0, data.length);
                    if (f == 0) {
                        firstIdr.add(shape(packs[i], i, s.pack_cnt));
                    }
                }
            } finally {
                release.run(() -> hi.hi_mpi_venc_release_stream(chn, s));
            }
            got++;
        }
        print(" 8 hi_mpi_sys_wait_epoll", wait);
        print(" 9 hi_mpi_venc_send_frame", send);
        print("10 hi_mpi_venc_query_status", query);
        print("10 hi_mpi_venc_get_stream", get);
        print("11 hi_mpi_venc_release_stream", release);
        out.println("  streams: " + got + " of " + FRAMES + " frames, " + stream.size() + " bytes");
        return got == FRAMES;
    }

    private byte[] copy(HiVencPack p) {
        int len = p.len - p.offset;
        if (p.addr == null || len <= 0) {
            return new byte[0];
        }
        byte[] data = new byte[len];
        if (hostMode) {
            Memory m = new Memory(len);
            if (acl.aclrtMemcpy(m, len, p.addr.share(Integer.toUnsignedLong(p.offset)), len,
                    AclLibrary.ACL_MEMCPY_DEVICE_TO_HOST) != 0) {
                return new byte[0];
            }
            m.read(0, data, 0, len);
        } else {
            p.addr.read(Integer.toUnsignedLong(p.offset), data, 0, len);
        }
        return data;
    }

    private static String shape(HiVencPack p, int index, int count) {
        StringBuilder b = new StringBuilder("pack " + (index + 1) + "/" + count + " type " + p.data_type.h264_type
                + " offset " + p.offset + " len " + p.len + " end " + p.is_frame_end);
        if (p.data_num > 0) {
            b.append(" nal");
            for (int j = 0; j < Math.min(p.data_num, p.pack_info.length); j++) {
                b.append(' ').append(p.pack_info[j].pack_type.h264_type).append('@').append(p.pack_info[j].pack_offset)
                        .append('+').append(p.pack_info[j].pack_len);
            }
        }
        return b.toString();
    }

    /** ffprobe (when on the PATH) must see 64 frames with key frames exactly at 0, 30, 60. */
    private boolean decodes(Codec codec, byte[] stream) {
        List<Integer> expected = List.of(0, GOP, 2 * GOP);
        int[] nals = AnnexB.nalTypes(codec, stream);
        long idrs = Arrays.stream(nals).filter(t -> codec == Codec.H264 ? t == 5 : t == 19 || t == 20).count();
        out.println("  NAL units: " + nals.length + ", IDR slices: " + idrs);
        Map<String, Object> probe;
        try {
            probe = ffprobe(codec, stream);
        } catch (IOException e) {
            out.println("  decodes: not checked (" + e.getMessage() + "); IDR slices " + (idrs == expected.size()
                    ? "as expected" : "NOT as expected"));
            return idrs == expected.size();
        }
        boolean ok = Integer.valueOf(FRAMES).equals(probe.get("frames")) && expected.equals(probe.get("keys"));
        out.println("  decodes (ffprobe): " + probe.get("frames") + " frames, key frames at " + probe.get("keys")
                + (ok ? ": OK" : ": FAIL, expected " + FRAMES + " frames with key frames at " + expected));
        return ok;
    }

    private static Map<String, Object> ffprobe(Codec codec, byte[] stream) throws IOException {
        Path file = Files.createTempFile("venc-doctor-", codec == Codec.H264 ? ".h264" : ".h265");
        try {
            Files.write(file, stream);
            Process p;
            try {
                p = new ProcessBuilder("ffprobe", "-v", "error", "-f", codec == Codec.H264 ? "h264" : "hevc",
                        "-show_entries", "frame=key_frame", "-of", "csv=p=0", file.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("ffprobe not found", e);
            }
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("ffprobe did not finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            List<Integer> keys = new ArrayList<>();
            int frames = 0;
            for (String line : text.split("\n")) {
                String v = line.strip().replace(",", "");
                if (v.equals("0") || v.equals("1")) {
                    if (v.equals("1")) {
                        keys.add(frames);
                    }
                    frames++;
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frames", frames);
            m.put("keys", keys);
            return m;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
