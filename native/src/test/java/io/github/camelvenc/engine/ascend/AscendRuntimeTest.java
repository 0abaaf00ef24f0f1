package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.VencException;

/** Library discovery, backend selection, device limits, channel ids and start/module-parameter rules. */
class AscendRuntimeTest {

    @AfterEach
    void nothingLeft() {
        Sim.SIM.sim_trace_enable(0);
        Sim.assertNothingLeft();
    }

    private static UnaryOperator<String> map(Map<String, String> m) {
        return m::get;
    }

    /** In a fresh JVM with no CANN installed, probe() answers (never throws) and lists every place. */
    @Test
    void discoveryFailureListsEveryPlace() throws Exception {
        java.util.List<String> cmd = java.util.List.of(
                new java.io.File(System.getProperty("java.home"), "bin/java").getPath(), "-cp",
                System.getProperty("java.class.path"), DiscoveryMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("VENC_ACL_LIBRARY");
        pb.environment().remove("VENC_HIMPI_LIBRARY");
        pb.environment().put("ASCEND_HOME_PATH", "/opt/cann-missing");
        pb.environment().put("LD_LIBRARY_PATH", "/opt/ld-missing");
        Process p = pb.start();
        String m = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), m);
        System.out.println("discovery message: " + m);
        assertTrue(m.contains("usable=false same=true"), m);
        for (String place : new String[] {"/opt/cann-missing/lib64/libascendcl.so: absent",
            "/opt/cann-missing/runtime/lib64/libascendcl.so: absent",
            "/usr/local/Ascend/ascend-toolkit/latest/lib64/libascendcl.so: absent",
            "/usr/local/Ascend/driver/lib64/libascendcl.so: absent", "/opt/ld-missing/libascendcl.so: absent",
            "libascendcl.so (system loader)", "venc.acl.library", "VENC_HIMPI_LIBRARY", "ASCEND_HOME_PATH"}) {
            assertTrue(m.contains(place), "message lacks " + place + ": " + m);
        }
    }

    @Test
    void explicitOverrideIsTheOnlyPlaceTried() {
        VencException e = assertThrows(VencException.class, () -> AscendLibraries.load(map(Map.of()),
                map(Map.of(AscendLibraries.ACL_PROPERTY, "/nowhere/libascendcl.so"))));
        assertTrue(e.getMessage().contains("/nowhere/libascendcl.so (system property venc.acl.library): absent"),
                e.getMessage());
        assertFalse(e.getMessage().contains("/usr/local/Ascend"), e.getMessage());
    }

    @Test
    void foundUnderAscendHomePathAndLdLibraryPath(@TempDir Path home) throws Exception {
        Path lib64 = Files.createDirectories(home.resolve("lib64"));
        Files.createSymbolicLink(lib64.resolve(AscendLibraries.ACL_NAME), Sim.ACL.toPath());
        Files.createSymbolicLink(lib64.resolve(AscendLibraries.HIMPI_NAME), Sim.HIMPI.toPath());
        AscendLibraries viaHome = AscendLibraries.load(map(Map.of("ASCEND_HOME_PATH", home.toString())),
                map(Map.of()));
        assertEquals(lib64.resolve(AscendLibraries.HIMPI_NAME).toString(), viaHome.himpiPath);
        Map<String, String> env = new HashMap<>();
        env.put("LD_LIBRARY_PATH", "/opt/none:" + Sim.DIR);
        AscendLibraries viaLd = AscendLibraries.load(map(env), map(Map.of()));
        assertEquals(Sim.ACL.getPath(), viaLd.aclPath);
        AscendLibraries viaEnvDir = AscendLibraries.load(map(Map.of(AscendLibraries.ACL_ENV, Sim.DIR.getPath(),
                AscendLibraries.HIMPI_ENV, Sim.DIR.getPath())), map(Map.of()));
        assertEquals(Sim.HIMPI.getPath(), viaEnvDir.himpiPath);
    }

    @Test
    void probeAndAutoSelection() {
        Sim.reset(1);
        AscendBackend backend = new AscendBackend();
        EncoderBackend.Availability ok = backend.probe(0);
        assertTrue(ok.usable(), ok.detail());
        assertTrue(ok.detail().contains("Ascend310P3") && ok.detail().contains("ACL_HOST"), ok.detail());
        EncoderBackend.Availability bad = backend.probe(7);
        assertFalse(bad.usable());
        assertTrue(bad.detail().contains("aclrtSetDevice") && bad.detail().contains("ACL_ERROR_RT_INVALID_DEVICEID"),
                bad.detail());
        assertInstanceOf(AscendBackend.class, Encoders.select(BackendKind.AUTO, 0));
    }

    @Test
    void limitsOf310P() {
        Sim.reset(0);
        ChannelConfig.Builder b = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144);
        try (Channel ch = Encoders.open(b.codec(Codec.H264).maxWidth(4096).maxHeight(2304).build(), new Collector())) {
            ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, 0, 0).frame());
        }
        Encoders.open(b.codec(Codec.H264).maxWidth(4096).maxHeight(4096).build(), new Collector()).close();
        UnsupportedOptionException area = assertThrows(UnsupportedOptionException.class, () -> Encoders.open(
                b.codec(Codec.H264).width(4096).height(2400).maxWidth(4096).maxHeight(4096).build(), new Collector()));
        assertEquals("width", area.option());
        assertTrue(area.getMessage().contains("4096x2304"), area.getMessage());
        b.width(176).height(144);
        Encoders.open(b.codec(Codec.H265).maxWidth(4096).maxHeight(4096).build(), new Collector()).close();
        UnsupportedOptionException wide = assertThrows(UnsupportedOptionException.class,
                () -> Encoders.open(b.codec(Codec.H265).width(4160).maxWidth(4160).maxHeight(144).build(), new Collector()));
        assertEquals("width", wide.option());
        assertTrue(wide.getMessage().contains("128..4096"), wide.getMessage());
        UnsupportedOptionException small = assertThrows(UnsupportedOptionException.class,
                () -> Encoders.open(ChannelConfig.builder().backend(BackendKind.ASCEND).width(120).height(144).build(),
                        new Collector()));
        assertEquals("width", small.option());
    }

    @Test
    void limitsOf310B() {
        Sim.reset(0);
        Sim.SIM.sim_set_soc("310B");
        try {
            try (Channel ch = Encoders.open(ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264)
                    .width(120).height(116).maxWidth(8192).maxHeight(8192).build(), new Collector())) {
                assertTrue(ch.backendName().contains("Ascend310B1"), ch.backendName());
                ch.send(SimFrames.frame(120, 116, 120, PixelFormat.NV12, 0, 0).frame());
            }
            assertThrows(UnsupportedOptionException.class, () -> Encoders.open(ChannelConfig.builder()
                    .backend(BackendKind.ASCEND).width(112).height(116).build(), new Collector()));
        } finally {
            Sim.SIM.sim_set_soc("310P");
        }
    }

    @Test
    void channelIdsInUseElsewhereAreSkipped() {
        Sim.reset(0);
        Sim.SIM.sim_occupy_chn(0, 1);
        Sim.SIM.sim_occupy_chn(1, 1);
        Sim.SIM.sim_occupy_chn(3, 1);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144).build();
        try (Channel a = Encoders.open(cfg, new Collector()); Channel b = Encoders.open(cfg, new Collector())) {
            assertTrue(a.backendName().contains(" chn 2 "), a.backendName());
            assertTrue(b.backendName().contains(" chn 4 "), b.backendName());
        }
    }

    @Test
    void startRetriesWithIntMaxAndModuleParamsAreSetBeforeTheFirstChannelOnly() {
        Sim.reset(0);
        Sim.SIM.sim_set_flags(Sim.FLAG_REFUSE_UNLIMITED_RECV);
        Sim.SIM.sim_trace_enable(1);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144).build();
        Collector sink = new Collector();
        try (Channel a = Encoders.open(cfg, sink); Channel b = Encoders.open(cfg, sink)) {
            a.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, 0, 0).frame());
            b.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, 0, 0).frame());
        }
        assertEquals(2, sink.encoded().size());
        String trace = Sim.trace();
        assertTrue(trace.contains("hi_mpi_venc_start_chn " + HiMpiErrors.HI_ERR_VENC_ILLEGAL_PARAM + "\nhi_mpi_venc_start_chn 0"),
                trace);
        int firstCreate = trace.indexOf("hi_mpi_venc_create_chn 0");
        int lastModParam = trace.lastIndexOf("hi_mpi_venc_set_mod_param 0");
        assertTrue(lastModParam >= 0 && lastModParam < firstCreate, "mod params after a channel:\n" + trace);
        assertEquals(2 * count(trace, "hi_mpi_sys_init 0"), count(trace, "hi_mpi_venc_set_mod_param 0"),
                "H.264 and H.265 module params once per media-system session:\n" + trace);
    }

    @Test
    void modParamNotPermittedIsTolerated() {
        Sim.reset(0);
        Sim.SIM.sim_inject("hi_mpi_venc_set_mod_param", HiMpiErrors.HI_ERR_VENC_NOT_PERM, 0, 1);
        Collector sink = new Collector();
        try (Channel ch = Encoders.open(ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144)
                .build(), sink)) {
            ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, 0, 0).frame());
        }
        assertEquals(1, sink.encoded().size());
        assertEquals(0, Sim.SIM.sim_faults_pending());
    }

    /**
     * Point 1: ACL is initialised once per process and finalized once, at JVM shutdown, although the
     * channels (and a probe) open and release the device several times; the simulator refuses aclInit
     * after aclFinalize, as an older CANN documents.
     */
    @Test
    void aclIsInitialisedOncePerProcess(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        String out = fork(AclOnceMain.class, trace);
        assertTrue(out.contains("REINIT " + AclLibrary.ACL_ERROR_REPEAT_INITIALIZE + " refused=1"), out);
        String t = Files.readString(trace);
        assertEquals(1, count(t, "aclInit 0"), t);
        assertEquals(1, count(t, "aclFinalize "), t);
        assertTrue(count(t, "hi_mpi_sys_init 0") >= 3, "per device acquisition: two channels and a probe\n" + t);
        assertEquals(count(t, "hi_mpi_sys_init 0"), count(t, "hi_mpi_sys_exit 0"), t);
    }

    /** Point 2: each device gets its own media system and module parameters, under its own context. */
    @Test
    void twoDevicesEachInitialiseTheirMediaSystem() {
        Sim.reset(0);
        Sim.SIM.sim_trace_enable(1);
        Collector a = new Collector();
        Collector b = new Collector();
        ChannelConfig.Builder cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144);
        try (Channel c0 = Encoders.open(cfg.deviceId(0).build(), a); Channel c1 = Encoders.open(cfg.deviceId(1).build(), b)) {
            assertTrue(c0.backendName().contains("device 0 chn 0"), c0.backendName());
            assertTrue(c1.backendName().contains("device 1 chn 0"), "channel ids are per device: " + c1.backendName());
            assertEquals(2, Sim.counter("sys_initialized"));
            for (int i = 0; i < 3; i++) {
                SimFrames.Sent s0 = SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i);
                SimFrames.Sent s1 = SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, 50 + i);
                c0.send(s0.frame());
                c1.send(s1.frame());
                c0.flush();
                c1.flush();
                SimFrames.assertSameFrame(s0, a.encoded().get(i));
                SimFrames.assertSameFrame(s1, b.encoded().get(i));
            }
        }
        assertEquals(0, Sim.counter("sys_initialized"));
        String t = Sim.trace();
        assertEquals(count(t, "hi_mpi_sys_init 0"), count(t, "hi_mpi_sys_exit 0"), t);
        assertEquals(2 * count(t, "hi_mpi_sys_init 0"), count(t, "hi_mpi_venc_set_mod_param 0"),
                "H.264 and H.265 module params per device\n" + t);
    }

    /** Point 3: a CANN without set_chn_attr fails reconfigure with a clear error; encoding still works. */
    @Test
    void olderCannWithoutOptionalFunctions(@TempDir Path dir) throws Exception {
        String out = fork(OldCannMain.class, dir.resolve("trace.txt"), "-D" + AscendLibraries.ACL_PROPERTY + "="
                + new java.io.File(Sim.DIR, "cann-old/libascendcl.so"), "-D" + AscendLibraries.HIMPI_PROPERTY + "="
                + new java.io.File(Sim.DIR, "cann-old/libacl_dvpp_mpi.so"));
        assertTrue(out.contains("ENCODED 3"), out);
        assertTrue(out.contains("RECONFIGURE io.github.camelvenc.engine.VencException: hi_mpi_venc_get_chn_attr is not "
                + "exported by"), out);
        assertTrue(out.contains("ACL 1.0.0"), "the message names the version: " + out);
        assertTrue(out.contains("STRIDE 176"), "documented alignment without hi_mpi_sys_get_image_align_info: " + out);
    }

    private static String fork(Class<?> main, Path trace, String... jvmArgs) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(new java.io.File(System.getProperty("java.home"), "bin/java").getPath());
        cmd.addAll(java.util.List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dbasedir=" + System.getProperty("basedir", new java.io.File(".").getAbsolutePath()));
        cmd.add(main.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VENC_SIM_TRACE", trace.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
