package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.VencException;

/**
 * Every HiMPI/ACL call site, failed on purpose by the simulator: each gives an exception naming the
 * function, the code in hex and its name, and afterwards no native memory, channel, context or thread
 * is left (the simulator's counters are zero).
 */
class AscendFaultTest {

    /** rowQpDelta is explicit, so the rc parameters are read and written (get, change, set). */
    private static final ChannelConfig CFG = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264)
            .width(176).height(144).rowQpDelta(0).build();

    @AfterEach
    void nothingLeft() {
        Sim.SIM.sim_clear_faults();
        Sim.SIM.sim_trace_enable(0);
        Sim.assertNothingLeft();
    }

    static Stream<Arguments> openSites() {
        return Stream.of(
                Arguments.of("aclrtSetDevice", 0x1A1F9, 0, 0),
                Arguments.of("aclrtCreateContext", 0x32899, 0, 0),
                Arguments.of("aclrtGetRunMode", 0x186A0, 0, 0),
                Arguments.of("hi_mpi_sys_init", 0xA0028010, 0, 0),
                Arguments.of("aclrtSetCurrentContext", 0x1A1FA, 0, 0),
                Arguments.of("hi_mpi_dvpp_malloc", 0xA002800C, 3, 0),
                Arguments.of("aclrtMallocHost", 0x32899, 0, 1),
                Arguments.of("hi_mpi_sys_create_epoll", 0xA002800C, 0, 0),
                Arguments.of("hi_mpi_venc_get_mod_param", 0xA0088010, 0, 0),
                Arguments.of("hi_mpi_venc_set_mod_param", 0xA0088003, 0, 0),
                Arguments.of("hi_mpi_venc_create_chn", 0xA008800C, 0, 0),
                Arguments.of("hi_mpi_venc_set_scene_mode", 0xA0088003, 0, 0),
                Arguments.of("hi_mpi_venc_get_rc_param", 0xA0088005, 0, 1),
                Arguments.of("hi_mpi_venc_set_rc_param", 0xA0088003, 0, 0),
                Arguments.of("hi_mpi_venc_get_fd", 0xA0088005, 0, 0),
                Arguments.of("hi_mpi_sys_ctl_epoll", 0xA0028003, 0, 1),
                Arguments.of("hi_mpi_venc_start_chn", 0xA0088009, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openSites")
    void openFailsCleanly(String function, int code, int skip, int runMode) {
        Sim.reset(runMode);
        Sim.SIM.sim_inject(function, code, skip, 1);
        VencException e = assertThrows(VencException.class, () -> Encoders.open(CFG, new Collector()));
        assertNames(e, function, code);
        assertEquals(0, Sim.SIM.sim_faults_pending(), "the fault was not reached");
    }

    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void sendFailureRejectsOnlyThatFrame(int runMode) {
        Sim.reset(runMode);
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        try (Channel ch = Encoders.open(CFG, sink)) {
            sent.add(send(ch, 0));
            Sim.SIM.sim_inject("hi_mpi_venc_send_frame", 0xA0088015, 0, 1);
            AscendException e = assertThrows(AscendException.class, () -> send(ch, 1));
            assertNames(e, "hi_mpi_venc_send_frame", 0xA0088015);
            if (runMode == 1) {
                ch.flush();
                Sim.SIM.sim_inject("aclrtMemcpy", 0x7BC78, 0, 1);
                AscendException m = assertThrows(AscendException.class, () -> send(ch, 2));
                assertNames(m, "aclrtMemcpy", 0x7BC78);
            }
            sent.add(send(ch, 3));
        }
        List<Packet> out = sink.encoded();
        assertEquals(2, out.size(), "the failed frames are not counted, the others all come out");
        for (int i = 0; i < 2; i++) {
            assertEquals(i, out.get(i).frameIndex());
            SimFrames.assertSameFrame(sent.get(i), out.get(i));
        }
    }

    @Test
    void bufFullIsBackpressureNotAnError() {
        Sim.reset(0);
        Collector sink = new Collector();
        try (Channel ch = Encoders.open(CFG, sink)) {
            Sim.SIM.sim_inject("hi_mpi_venc_send_frame", HiMpiErrors.HI_ERR_VENC_BUF_FULL, 0, 3);
            send(ch, 0);
            Sim.SIM.sim_inject("hi_mpi_venc_send_frame", HiMpiErrors.HI_ERR_VENC_NO_BUF, 0, 2);
            send(ch, 1);
        }
        assertEquals(2, sink.encoded().size());
        assertEquals(0, Sim.SIM.sim_faults_pending());
    }

    static Stream<Arguments> receiveSites() {
        return Stream.of(
                Arguments.of("hi_mpi_sys_wait_epoll", 0xA0028003, 0),
                Arguments.of("hi_mpi_venc_query_status", 0xA0088005, 1),
                Arguments.of("hi_mpi_venc_get_stream", 0xA0088015, 0),
                Arguments.of("hi_mpi_venc_release_stream", 0xA0088003, 1));
    }

    /** One failure is retried and loses nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("receiveSites")
    void transientReceiveFailureLosesNothing(String function, int code, int runMode) throws InterruptedException {
        Sim.reset(runMode);
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        try (Channel ch = Encoders.open(CFG, sink)) {
            sent.add(send(ch, 0));
            ch.flush();
            Sim.SIM.sim_inject(function, code, 0, 1);
            for (int i = 1; i < 5; i++) {
                sent.add(send(ch, i));
            }
            ch.flush();
            for (int t = 0; t < 100 && Sim.SIM.sim_faults_pending() > 0; t++) {
                Thread.sleep(20);
            }
        }
        assertEquals(0, Sim.SIM.sim_faults_pending());
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        assertEquals(5, sink.encoded().size());
        for (int i = 0; i < 5; i++) {
            SimFrames.assertSameFrame(sent.get(i), sink.encoded().get(i));
        }
    }

    /** A failure that persists breaks the channel with a clear error; close still frees everything. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("receiveSites")
    void persistentReceiveFailureIsReported(String function, int code, int runMode) throws InterruptedException {
        Sim.reset(runMode);
        Collector sink = new Collector();
        Channel ch = Encoders.open(CFG, sink);
        try {
            send(ch, 0);
            ch.flush();
            Sim.SIM.sim_inject(function, code, 0, 1_000_000);
            VencException later = null;
            for (int i = 1; i < 100 && later == null && sink.errors.isEmpty(); i++) {
                try {
                    send(ch, i);
                    ch.flush();
                    Thread.sleep(20);
                } catch (VencException e) {
                    later = e;
                }
            }
            List<Throwable> seen = new ArrayList<>(sink.errors);
            if (later != null) {
                seen.add(later);
            }
            assertTrue(seen.stream().anyMatch(t -> names(t, function, code)),
                    "no error names " + function + ": " + seen + " / " + later);
            Sim.SIM.sim_clear_faults();
        } finally {
            ch.close();
        }
    }

    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void zeroLengthPackFailsThatFrameOnly(int runMode) {
        Sim.reset(runMode);
        Collector sink = new Collector();
        try (Channel ch = Encoders.open(CFG, sink)) {
            send(ch, 0);
            ch.flush();
            Sim.SIM.sim_zero_length_frames(chnOf(ch), 1);
            send(ch, 1);
            send(ch, 2);
        }
        assertEquals(List.of(1L), sink.errorFrames);
        assertTrue(sink.errors.get(0).getMessage().contains("empty pack"), sink.errors.get(0).getMessage());
        assertEquals(List.of(0L, 2L), sink.encoded().stream().map(Packet::frameIndex).toList());
    }

    static Stream<Arguments> closeSites() {
        return Stream.of(
                Arguments.of("hi_mpi_venc_stop_chn", 0xA0088012, 0),
                Arguments.of("hi_mpi_sys_ctl_epoll", 0xA0028012, 0),
                Arguments.of("hi_mpi_venc_destroy_chn", 0xA0088012, 1),
                Arguments.of("hi_mpi_sys_close_epoll", 0xA0028012, 0),
                Arguments.of("hi_mpi_dvpp_free", 0xA0028012, 1),
                Arguments.of("aclrtFreeHost", 0x7BC78, 1),
                Arguments.of("hi_mpi_sys_exit", 0xA0028012, 0),
                Arguments.of("aclrtDestroyContext", 0x7BC78, 0),
                Arguments.of("aclrtResetDevice", 0x7BC78, 1));
    }

    /** A teardown call that fails once is retried, so nothing leaks; the failure is visible in the trace. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("closeSites")
    void teardownFailureIsRetried(String function, int code, int runMode) {
        Sim.reset(runMode);
        Collector sink = new Collector();
        Channel ch = Encoders.open(CFG, sink);
        send(ch, 0);
        ch.flush();
        Sim.SIM.sim_trace_enable(1);
        Sim.SIM.sim_inject(function, code, 0, 1);
        ch.close();
        assertEquals(0, Sim.SIM.sim_faults_pending());
        String trace = Sim.trace();
        int failed = trace.indexOf(function + " " + code + "\n");
        assertTrue(failed >= 0, trace);
        assertTrue(trace.indexOf(function + " 0\n", failed) > failed, "no successful retry of " + function + ":\n" + trace);
        assertEquals(1, sink.encoded().size());
    }

    private static int chnOf(Channel ch) {
        String n = ch.backendName();
        int at = n.indexOf(" chn ") + 5;
        return Integer.parseInt(n.substring(at, n.indexOf(' ', at)));
    }

    private static SimFrames.Sent send(Channel ch, int i) {
        SimFrames.Sent s = SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i);
        ch.send(s.frame());
        return s;
    }

    static void assertNames(Throwable e, String function, int code) {
        assertTrue(names(e, function, code), "message does not name " + function + " " + String.format("0x%08X", code)
                + " " + HiMpiErrors.name(code) + ": " + e.getMessage());
    }

    static boolean names(Throwable e, String function, int code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains(function) && m.contains(String.format("0x%08X", code)) && m.contains(HiMpiErrors.name(code))
                    && !HiMpiErrors.name(code).equals("UNKNOWN")) {
                return true;
            }
        }
        return false;
    }
}
