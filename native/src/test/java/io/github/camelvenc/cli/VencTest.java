package io.github.camelvenc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.testing.MediaTools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in this process: real encodes decoded by ffprobe, and every kind of bad command line. */
class VencTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) frames in, (\\d+) out, (\\d+) dropped, (\\d+) bytes, ([\\d.]+) kbit/s, ([\\d.]+) fps \\[(.+)\\]");

    @TempDir
    Path dir;

    /** Outcome of one in-process run. */
    record Run(int status, String out, byte[] outBytes, String err) {
        Matcher summary(String text) {
            Matcher m = SUMMARY.matcher(text.strip());
            assertTrue(m.matches(), "summary line: '" + text + "' (stderr: " + err + ")");
            return m;
        }
    }

    /** Runs the CLI in this process with the given standard input. */
    static Run venc(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
            status = Venc.run(args, stdin, o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), out.toByteArray(),
                err.toString(StandardCharsets.UTF_8));
    }

    private static Run venc(String... args) {
        return venc(new ByteArrayInputStream(new byte[0]), args);
    }

    private Path nv12(int frames) throws Exception {
        return Tools.testClip(dir, "clip.nv12", 320, 240, 30, frames, "nv12", "rawvideo");
    }

    @Test
    void encodesARawClipToH264WithTheRightFrameCountAndSize() throws Exception {
        Path in = nv12(30);
        Path out = dir.resolve("out.h264");
        Run r = venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--rc", "CBR",
                "--bitrate", "800", "--gop", "10", in.toString(), out.toString());
        assertEquals(0, r.status(), r.err());
        Matcher m = r.summary(r.out());
        assertEquals("30", m.group(1));
        assertEquals("30", m.group(2));
        assertEquals("0", m.group(3));
        assertEquals(Files.size(out), Long.parseLong(m.group(4)));
        double kbps = Double.parseDouble(m.group(5));
        assertEquals(Files.size(out) * 8 / 1000.0 / 1.0, kbps, 0.1);
        assertTrue(m.group(7).startsWith("software"), m.group(7));
        assertDecodes(out, "h264", 320, 240, 30);
    }

    @Test
    void encodesAY4mClipToH265WithSizeAndRateFromItsHeader() throws Exception {
        Path in = Tools.testClip(dir, "clip.y4m", 352, 288, 25, 20, "yuv420p", "yuv4mpegpipe");
        Path out = dir.resolve("out.h265");
        Run r = venc("encode", "--codec", "h265", "--bitrate", "500", in.toString(), out.toString());
        assertEquals(0, r.status(), r.err());
        Matcher m = r.summary(r.out());
        assertEquals("20", m.group(1));
        double seconds = 20 / 25.0;
        assertEquals(Files.size(out) * 8 / 1000.0 / seconds, Double.parseDouble(m.group(5)), 0.1,
                "kbit/s must use the header's 25 fps");
        assertDecodes(out, "hevc", 352, 288, 20);
    }

    /** docs/cli.md's Y4M example, word for word: the I-frame QP bounds follow --min-qp/--max-qp. */
    @Test
    void theDocumentedVbrQpRangeExampleEncodesWithinThatRange() throws Exception {
        Path in = Tools.testClip(dir, "movie.y4m", 320, 240, 25, 12, "yuv420p", "yuv4mpegpipe");
        Path out = dir.resolve("movie.h265");
        String command = "encode --codec h265 --rc VBR --max-bitrate 3000 --min-qp 20 --max-qp 45 movie.y4m movie.h265";
        String[] args = command.replace("movie.", dir + "/movie.").split(" ");
        Run r = venc(args);
        assertEquals(0, r.status(), r.err());
        assertDecodes(out, "hevc", 320, 240, 12);
        List<Integer> qps = MediaTools.h265SliceQps(out);
        assertEquals(12, qps.size(), "slices: " + qps);
        assertTrue(qps.stream().allMatch(q -> q >= 20 && q <= 45), "slice QPs within [20, 45]: " + qps);
    }

    @Test
    void readsStdinAndWritesStdoutWithTheSummaryOnStderr() throws Exception {
        Path in = nv12(12);
        Run r = venc(Files.newInputStream(in), "encode", "--codec", "h264", "--size", "320x240", "--fps", "30",
                "--pix-fmt", "nv21", "-", "-");
        assertEquals(0, r.status(), r.err());
        r.summary(r.err());
        Path out = dir.resolve("stdout.h264");
        Files.write(out, r.outBytes());
        assertDecodes(out, "h264", 320, 240, 12);
    }

    @Test
    void binVencScriptPipesStdinToStdout() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/venc");
        Path in = nv12(10);
        Path out = dir.resolve("pipe.h265");
        Path err = dir.resolve("pipe.err");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "encode", "--codec", "h265", "--size", "320x240",
                "--fps", "30", "-", "-").redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("VENC_NO_BUILD", "1");
        Process p = pb.start();
        assertEquals(0, p.waitFor(), Files.readString(err));
        String[] lines = Files.readString(err).strip().split("\n");
        assertEquals(1, lines.length, "one summary line on stderr: " + Files.readString(err));
        assertTrue(SUMMARY.matcher(lines[0]).matches(), lines[0]);
        assertDecodes(out, "hevc", 320, 240, 10);
    }

    @Test
    void trailingPartialFrameFailsBeforeEncodingAndLeavesNoOutput() throws Exception {
        Path in = nv12(3);
        Files.write(in, new byte[1000], java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("out.h264");
        Run r = venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", in.toString(), out.toString());
        assertEquals(1, r.status());
        assertOneLine(r.err(), "ends inside a frame: 346600 bytes is 3 whole 320x240 frames of 115200 bytes plus 1000");
        assertFalse(Files.exists(out));
    }

    @Test
    void trailingPartialFrameOnStdinFailsWithOneLine() throws Exception {
        byte[] clip = Files.readAllBytes(nv12(2));
        byte[] cut = java.util.Arrays.copyOf(clip, clip.length - 5);
        Run r = venc(new ByteArrayInputStream(cut), "encode", "--codec", "h264", "--size", "320x240", "--fps", "30",
                "-", "-");
        assertEquals(1, r.status());
        assertOneLine(r.err(), "Clip ends inside frame 1");
    }

    @Test
    void badCommandLinesExitTwoWithOneLineNamingTheProblem() throws Exception {
        Path in = nv12(1);
        String i = in.toString();
        String o = dir.resolve("x.h264").toString();
        assertUsage(venc(), "usage: venc");
        assertUsage(venc("transcode"), "unknown command 'transcode'");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", i), "expected INPUT and OUTPUT");
        assertUsage(venc("encode", "--size", "320x240", "--fps", "30", i, o), "--codec h264|h265 is required");
        assertUsage(venc("encode", "--codec", "h264", "--fps", "30", i, o), "--size WxH is required for raw input");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", i, o), "--fps N is required for raw input");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--frobnicate", "1", i, o),
                "unknown option --frobnicate");
        assertUsage(venc("encode", "--codec", "h263", "--size", "320x240", "--fps", "30", i, o),
                "Invalid value for option 'codec': h263");
        assertUsage(venc("encode", "--codec", "h264", "--size", "321x240", "--fps", "30", i, o),
                "Invalid value for option 'width': 321");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320by240", "--fps", "30", i, o),
                "--size expects WxH");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--bitrate", "fast", i, o),
                "--bit-rate 'fast' is not an integer");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--bitrate", "1", i, o),
                "Invalid value for option 'bitRate': 1 (allowed: [2, 614400]) [--bit-rate]");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--bitrate", "100",
                "--bit-rate", "200", i, o), "option --bit-rate given twice");
        assertUsage(venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--gop"), "--gop needs a value");
        assertFalse(Files.exists(Path.of(o)));
    }

    @Test
    void y4mSizeMismatchAndNv21AreRejected() throws Exception {
        Path in = Tools.testClip(dir, "clip.y4m", 320, 240, 30, 1, "yuv420p", "yuv4mpegpipe");
        String o = dir.resolve("x.h264").toString();
        assertUsage(venc("encode", "--codec", "h264", "--size", "640x480", in.toString(), o),
                "size 640x480 does not match the Y4M header (320x240)");
        assertUsage(venc("encode", "--codec", "h264", "--pix-fmt", "nv21", in.toString(), o),
                "--pix-fmt applies to raw input");
    }

    @Test
    void runtimeFailuresExitOneWithOneLine() throws Exception {
        Path in = nv12(1);
        Run missing = venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30",
                dir.resolve("nope.nv12").toString(), dir.resolve("x.h264").toString());
        assertEquals(1, missing.status());
        assertOneLine(missing.err(), "cannot open INPUT " + dir.resolve("nope.nv12") + ": no such file");
        Run ascend = venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", "--backend", "ascend",
                in.toString(), dir.resolve("y.h264").toString());
        assertEquals(1, ascend.status());
        assertOneLine(ascend.err(), "ascend");
        assertFalse(Files.exists(dir.resolve("y.h264")));
        Path empty = Files.createFile(dir.resolve("empty.nv12"));
        Run none = venc("encode", "--codec", "h264", "--size", "320x240", "--fps", "30", empty.toString(),
                dir.resolve("z.h264").toString());
        assertEquals(1, none.status());
        assertOneLine(none.err(), "is empty");
    }

    @Test
    void everyBuilderSetterIsAFlagInHelp() throws Exception {
        Run help = venc("encode", "--help");
        assertEquals(0, help.status());
        for (String values : List.of("CBR|VBR|AVBR|QVBR|CVBR|FIXQP", "NORMAL_P|DUAL_P|SMART_P", "nv12|nv21",
                "baseline|main|high", "auto|software|ascend")) {
            assertTrue(help.out().contains(values), values + ": enum values in the case the catalog and docs show");
        }
        List<String> setters = new ArrayList<>();
        for (Method m : ChannelConfig.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 1
                    && m.getReturnType() == ChannelConfig.Builder.class) {
                setters.add(m.getName());
            }
        }
        assertTrue(setters.size() > 40, "setters found: " + setters);
        for (String s : setters) {
            String flag = "--" + EngineOptions.kebab(s);
            assertTrue(help.out().contains("\n  " + flag + " "), flag + " missing from help");
        }
        assertEquals("min-i-qp", EngineOptions.kebab("minIQp"));
        assertEquals("threshold-i", EngineOptions.kebab("thresholdI"));
    }

    @Test
    void derivedFlagsSetTheEngineOptionsTheyName() {
        ChannelConfig.Builder b = ChannelConfig.builder().width(320).height(240);
        apply(b, "gop-mode", "dual-p");
        apply(b, "gop", "60");
        apply(b, "sp-interval", "5");
        apply(b, "profile", "main");
        apply(b, "threshold-i", String.join(",", Collections.nCopies(16, "7")));
        apply(b, "low-latency", "false");
        apply(b, "sw-preset", "slow");
        apply(b, "min-i-qp", "20");
        apply(b, "scene-mode", "2");
        ChannelConfig c = b.build();
        assertEquals(GopMode.DUAL_P, c.gopMode());
        assertEquals(5, c.spInterval());
        assertEquals(Profile.MAIN, c.profile());
        assertEquals(Collections.nCopies(16, 7), c.thresholdI());
        assertFalse(c.lowLatency());
        assertEquals("slow", c.swPreset());
        assertEquals(20, c.minIQp());
        assertEquals(2, c.sceneMode());
    }

    @Test
    void benchChannelsPrintsEachStepAndTheTargets() {
        Run r = venc("bench", "--channels", "3", "--rounds", "2", "--codec", "h265", "--size", "64x64");
        assertEquals(0, r.status(), r.err());
        for (String step : List.of("start (after warm-up)", "round 1: 3 open", "round 1: all closed",
                "round 2: 3 open", "round 2: all closed")) {
            assertTrue(r.out().contains(step), step + " missing: " + r.out());
        }
        assertTrue(r.out().contains("9 packets; targets: threads <= 2 per open channel + 8: met"), r.out());
        assertUsage(venc("bench", "--channels", "-1"), "--channels must be positive");
    }

    @Test
    void recommendPrintsEveryScenarioAndTheSource() {
        Run r = venc("recommend", "1920x1080", "--fps", "25");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("1080p: frame rate 25 or 30"), r.out());
        assertTrue(r.out().contains("game                             h265  3000-6000 kbit/s"), r.out());
        assertTrue(r.out().contains("video-data-obtaining             h265  1000-4000 kbit/s"), r.out());
        assertTrue(r.out().contains("low < 1667 kbit/s, medium 1667-6667 kbit/s, high > 6667 kbit/s"), r.out());
        assertUsage(venc("recommend", "640x360"), "Invalid value for option 'resolution'");
    }

    @Test
    void recommendForOneScenarioAndCodecPrintsTheGuidesRangeOrNa() {
        Run r = venc("recommend", "1080p", "--scenario", "game", "--codec", "h265");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("1080p: frame rate 25 or 30, GOP an integral multiple of the frame rate (25 or 50 at 25 fps)",
                "  game                             h265  3000-6000 kbit/s"), r.out().lines().limit(2).toList());
        Run na = venc("recommend", "4K", "--scenario", "livestreaming", "--codec", "h264");
        assertTrue(na.out().contains("show-livestreaming-short-video   h264  N/A"), na.out());
        assertUsage(venc("recommend", "720p", "--scenario", "sports"), "Invalid value for option 'scenario'");
    }

    /** ffprobe's codec, size and frame count; H.265 also decoded by dec265 to the same frame count. */
    private static void assertDecodes(Path stream, String codec, int width, int height, int frames) throws IOException {
        MediaTools.StreamInfo info = MediaTools.streamInfo(stream);
        assertEquals(codec, info.codec());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        assertEquals(frames, MediaTools.frames(stream).size(), "frames decoded by ffmpeg");
        if (codec.equals("hevc")) {
            assertEquals((long) frames * width * height * 3 / 2, MediaTools.decodeI420WithDec265(stream).length,
                    "bytes decoded by dec265");
        }
    }

    private static void apply(ChannelConfig.Builder b, String flag, String value) {
        EngineOptions.apply(b, EngineOptions.find(flag), value);
    }

    private static void assertUsage(Run r, String expected) {
        assertEquals(2, r.status(), r.err());
        if (expected.startsWith("usage:")) {
            assertTrue(r.err().startsWith(expected), r.err());
            return;
        }
        assertOneLine(r.err(), expected);
    }

    private static void assertOneLine(String err, String expected) {
        String[] lines = err.strip().split("\n");
        assertEquals(1, lines.length, "exactly one line: " + err);
        assertTrue(lines[0].startsWith("venc: "), lines[0]);
        assertTrue(lines[0].contains(expected), "'" + lines[0] + "' should contain '" + expected + "'");
    }
}
