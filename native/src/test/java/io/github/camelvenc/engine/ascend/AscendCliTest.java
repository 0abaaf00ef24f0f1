package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelvenc.cli.Tools;
import io.github.camelvenc.cli.Venc;
import io.github.camelvenc.engine.testing.MediaTools;

/** {@code bin/venc} on the simulator: the doctor passes (and fails on undecodable output), encode gives a playable file. */
class AscendCliTest {
    private static final Path BIN = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
            .resolve("bin/venc");

    @TempDir
    Path dir;

    private record Run(int status, String out) {
    }

    private Run venc(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN.toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("venc-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VENC_NO_BUILD", "1");
        pb.environment().put("VENC_ACL_LIBRARY", Sim.ACL.getPath());
        pb.environment().put("VENC_HIMPI_LIBRARY", Sim.HIMPI.getPath());
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        return new Run(status, Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void doctorPassesOnTheSimulatorInHostMode() throws Exception {
        Run r = venc(Map.of("VENC_SIM_VIDEO", "real", "VENC_SIM_RUN_MODE", "host"), "doctor", "--backend", "ascend",
                "--device", "0");
        assertEquals(0, r.status(), r.out());
        for (String line : new String[] {"libascendcl.so, tried in order:", "device count: 2", "ACL 1.13.0",
            "run mode: ACL_HOST (1)", "SoC: Ascend310P3", " 1 hi_mpi_sys_init", "17 hi_mpi_sys_exit",
            "first IDR: pack 1/1 type 5 offset 8", "first IDR: pack 1/1 type 19 offset 8", "nal 32@0+",
            "decodes (ffprobe): 64 frames, key frames at [0, 30, 60]: OK", "== result: PASS"}) {
            assertTrue(r.out().contains(line), "doctor output lacks '" + line + "':\n" + r.out());
        }
    }

    @Test
    void doctorRejectsOtherBackendsAndUnknownOptions() {
        for (String[] args : new String[][] {{"doctor", "--backend", "software"}, {"doctor", "--bogus"},
            {"doctor", "--device"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Venc.run(args, InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, text);
            assertTrue(text.startsWith("venc: ") && (text.contains("checks the ascend backend, not 'software'")
                    || text.contains("unknown option '--bogus'") || text.contains("--device needs a value")), text);
        }
    }

    @Test
    void doctorFailsWhenTheOutputDoesNotDecode() throws Exception {
        Run r = venc(Map.of("VENC_SIM_VIDEO", "record"), "doctor");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("== result: FAIL (2 of 2 codecs)"), r.out());
    }

    @Test
    void encodeWithTheAscendBackendGivesAPlayableFile() throws Exception {
        Path in = Tools.testClip(dir, "in.nv12", 320, 240, 30, 30, "nv12", "rawvideo");
        for (String codec : new String[] {"h264", "h265"}) {
            Path out = dir.resolve("out." + codec);
            Run r = venc(Map.of("VENC_SIM_VIDEO", "real"), "encode", "--codec", codec, "--size", "320x240", "--fps",
                    "30", "--gop", "10", "--backend", "ascend", in.toString(), out.toString());
            assertEquals(0, r.status(), r.out());
            assertEquals(30, MediaTools.frames(out).size(), codec);
            assertEquals(List.of(0, 10, 20), MediaTools.keyFrameIndexes(out), codec);
        }
    }
}
