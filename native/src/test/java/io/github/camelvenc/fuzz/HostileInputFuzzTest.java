package io.github.camelvenc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.camelvenc.cli.Venc;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.ChannelStats;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.ClipReader;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.PacketCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred generated hostile inputs (a fixed seed, so a failure repeats) for the engine and
 * the CLI in this process: random option values for every rc mode, truncated, garbage,
 * huge-dimension and randomly headed Y4M and raw clips, and mistyped {@code --fps} values. Each must give either a clean
 * {@link VencException} whose message names the problem (printable, one line) or an output that
 * ffprobe decodes with the right frame count; never another exception type, never an output file
 * for a failed input. It runs in its own JVM with a 64 MB heap and 32 MB of direct memory
 * ({@code native/pom.xml}, execution {@code bounded-memory-test}), so a reader or encoder that
 * allocated what a header claims (100 MB for W8192 H8192) fails with an {@link OutOfMemoryError}.
 */
class HostileInputFuzzTest {
    private static final long SEED = 0x10a;
    private static final long MAX_HEAP = 64L << 20;
    private static final int CLIPS = 120;
    private static final Pattern PRINTABLE_LINE = Pattern.compile("[\\x20-\\x7e]{1,600}");
    /** How an error looks when something other than a VencException escaped to the CLI's last resort. */
    private static final Pattern UNEXPECTED = Pattern.compile("venc: [A-Z][A-Za-z]*(Exception|Error): .*");
    private static final List<Method> SETTERS = setters();
    /** --fps values a user might type that are not a frame rate in [1, 240]. */
    private static final List<String> BAD_FRAME_RATES = List.of("abc", "99999999999", "-5", "0", "241", "3\u00070",
            "", "1e3", "30.5", " ", "99999999999999999999999", "\u00ff");

    @TempDir
    Path dir;

    @BeforeAll
    static void theJvmIsBounded() {
        assertTrue(Runtime.getRuntime().maxMemory() <= MAX_HEAP, "fork with -Xmx64m, got "
                + Runtime.getRuntime().maxMemory());
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:MaxDirectMemorySize=32m"),
                "fork with -XX:MaxDirectMemorySize=32m");
    }

    @Test
    void randomOptionValuesForEveryRcModeFailCleanlyOrEncode() throws IOException {
        Random random = new Random(SEED);
        int encoded = 0;
        for (int i = 0; i < 200; i++) {
            RcMode rc = RcMode.values()[i % RcMode.values().length];
            Codec codec = i % 5 == 4 ? Codec.H265 : Codec.H264;
            ChannelConfig.Builder b = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).rcMode(rc)
                    .width(32).height(32);
            StringBuilder what = new StringBuilder("case " + i + ": " + codec + " " + rc);
            int options = 1 + random.nextInt(4);
            for (int k = 0; k < options; k++) {
                Method setter = SETTERS.get(random.nextInt(SETTERS.size()));
                Object value = randomValue(setter.getParameterTypes()[0], random);
                what.append(' ').append(setter.getName()).append('=').append(value);
                invoke(b, setter, value);
            }
            if (encodeOrFailCleanly(b, what.toString())) {
                encoded++;
            }
        }
        assertTrue(encoded >= 20, "some random configurations are valid and encode: " + encoded);
    }

    @Test
    void hostileClipsThroughTheEngineFailCleanlyOrEncodeEveryFrame() throws IOException {
        int encoded = clips(SEED + 1, (i, clip) -> engine(clip));
        assertTrue(encoded >= 15, "the valid clips encode: " + encoded);
    }

    @Test
    void hostileClipsThroughTheCliFailCleanlyOrEncodeEveryFrameAndLeaveNoFileOnFailure() throws IOException {
        int encoded = clips(SEED + 2, this::cli);
        assertTrue(encoded >= 15, "the valid clips encode: " + encoded);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> temporary = files.filter(p -> p.getFileName().toString().contains(".venc-")).toList();
            assertEquals(List.of(), temporary, "temporary files left");
        }
    }

    /** One way of encoding a clip: true when it encoded, false after a clean failure. */
    @FunctionalInterface
    private interface ClipRun {
        boolean run(int index, Clip clip) throws IOException;
    }

    /** Runs {@value #CLIPS} generated clips; returns how many encoded. */
    private static int clips(long seed, ClipRun run) throws IOException {
        Random random = new Random(seed);
        int encoded = 0;
        for (int i = 0; i < CLIPS; i++) {
            if (run.run(i, Clip.generate(i, random))) {
                encoded++;
            }
        }
        return encoded;
    }

    /** True when the configuration encoded 3 frames that ffprobe decodes; false after a clean failure. */
    private boolean encodeOrFailCleanly(ChannelConfig.Builder b, String what) throws IOException {
        PacketCollector sink = new PacketCollector();
        ChannelStats stats;
        ChannelConfig config;
        try {
            config = b.build();
            byte[] frame = new byte[config.frameSize()];
            Arrays.fill(frame, (byte) 100);
            try (Channel channel = Encoders.open(config, sink)) {
                for (int f = 0; f < 3; f++) {
                    channel.send(Frame.of(frame, config.width(), config.height(), config.pixelFormat(), f));
                }
                channel.flush();
                stats = channel.stats();
            }
        } catch (VencException e) {
            assertNamesTheProblem(e, what);
            return false;
        } catch (Throwable t) {
            throw new AssertionError(what + ": " + t, t);
        }
        assertEquals(List.of(), sink.errors(), what);
        assertEquals(3, stats.framesIn(), what);
        Path out = sink.write(dir.resolve(config.codec() == Codec.H264 ? "options.h264" : "options.h265"));
        assertEquals(stats.framesOut(), MediaTools.frameCount(out), what + ": frames decoded");
        assertEquals(3 - stats.framesDropped(), stats.framesOut(), what);
        return true;
    }

    /** The CLI's reading and channel set-up, through the engine API. */
    private boolean engine(Clip clip) throws IOException {
        PacketCollector sink = new PacketCollector();
        long frames = 0;
        try (ClipReader reader = ClipReader.open(new ByteArrayInputStream(clip.bytes), clip.width, clip.height,
                PixelFormat.NV12, 30)) {
            ChannelConfig config = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(Codec.H264)
                    .width(reader.width()).height(reader.height()).srcFrameRate(reader.frameRate(30)).build();
            Frame frame = reader.next();
            if (frame == null) {
                assertEquals(0, clip.frames, clip.what);
                return false;
            }
            try (Channel channel = Encoders.open(config, sink)) {
                do {
                    channel.send(frame);
                    frames++;
                } while ((frame = reader.next()) != null);
            }
        } catch (VencException e) {
            assertNamesTheProblem(e, clip.what);
            assertTrue(clip.frames < 0 || clip.mayFail, clip.what + " is valid, yet: " + e.getMessage());
            return false;
        } catch (Throwable t) {
            throw new AssertionError(clip.what + ": " + t, t);
        }
        assertTrue(clip.frames >= 0, clip.what + " is invalid, yet it encoded " + frames + " frames");
        assertEquals(clip.frames, frames, clip.what);
        assertEquals(List.of(), sink.errors(), clip.what);
        assertEquals(frames, MediaTools.frameCount(sink.write(dir.resolve("engine.h264"))), clip.what);
        return true;
    }

    private boolean cli(int i, Clip clip) throws IOException {
        Path in = Files.write(dir.resolve("in-" + i + (clip.y4m ? ".y4m" : ".nv12")), clip.bytes);
        Path out = dir.resolve("out-" + i + ".h264");
        List<String> args = new ArrayList<>(List.of("encode", "--codec", "h264"));
        boolean badFps = !clip.y4m && i % 3 == 0;
        if (!clip.y4m) {
            String fps = badFps ? BAD_FRAME_RATES.get(i / 3 % BAD_FRAME_RATES.size()) : "30";
            args.addAll(List.of("--size", clip.width + "x" + clip.height, "--fps", fps));
        }
        args.addAll(List.of(in.toString(), out.toString()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(stdout, true); PrintStream e = new PrintStream(stderr, true)) {
            status = Venc.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e);
        }
        String err = stderr.toString(StandardCharsets.UTF_8).strip();
        if (status != 0) {
            assertTrue(status == 1 || status == 2, clip.what + ": status " + status);
            assertTrue(err.startsWith("venc: ") && PRINTABLE_LINE.matcher(err).matches(),
                    clip.what + ": one printable line: " + err);
            assertFalse(UNEXPECTED.matcher(err).matches(), clip.what + ": " + err);
            assertFalse(Files.exists(out), clip.what + ": a failed encode left " + out);
            assertTrue(clip.frames <= 0 || clip.mayFail || badFps, clip.what + " is valid, yet: " + err);
            return false;
        }
        assertFalse(badFps, clip.what + ": a bad --fps was accepted: " + args);
        assertTrue(clip.frames > 0, clip.what + " is invalid, yet the CLI succeeded: " + stdout);
        assertEquals(clip.frames, MediaTools.frameCount(out), clip.what + ": frames decoded");
        Files.delete(out);
        return true;
    }

    private static void assertNamesTheProblem(VencException e, String what) {
        String m = e.getMessage();
        assertTrue(m != null && PRINTABLE_LINE.matcher(m).matches(), what + ": a printable one-line message: " + m);
        if (e instanceof InvalidConfigException ice) {
            assertTrue(m.contains("'" + ice.option() + "'"), what + ": names the option: " + m);
        } else if (e instanceof UnsupportedOptionException uoe) {
            assertTrue(m.contains("'" + uoe.option() + "'") && m.contains(uoe.backend()), what + ": " + m);
        }
    }

    /** One generated clip: its bytes, the size claimed for raw input, and what must come out. */
    private record Clip(String what, byte[] bytes, boolean y4m, int width, int height, int frames, boolean mayFail) {

        /**
         * The i-th clip: valid Y4M, cut Y4M, huge or hostile Y4M dimensions, random header tokens,
         * bad frame markers, raw clips of random claimed sizes and lengths. {@code frames} is the
         * frame count a valid clip gives, -1 for an invalid one; {@code mayFail} when random header
         * tokens leave the outcome open (then a success must still give every frame).
         */
        static Clip generate(int i, Random r) {
            int w = 16 + 2 * r.nextInt(16);
            int h = 16 + 2 * r.nextInt(16);
            int n = 1 + r.nextInt(3);
            String size = "W" + w + " H" + h;
            switch (i % 8) {
                case 0: {
                    String tags = size + " F" + (1 + r.nextInt(60)) + ":" + (1 + r.nextInt(2))
                            + (r.nextBoolean() ? " Ip" : "") + (r.nextBoolean() ? " A1:1" : "")
                            + (r.nextBoolean() ? " C420jpeg" : "") + (r.nextBoolean() ? " XCOLORRANGE=LIMITED" : "");
                    return new Clip("valid Y4M " + tags + ", " + n + " frames", y4m(tags, w, h, n, r), true, 0, 0, n,
                            false);
                }
                case 1: {
                    byte[] whole = y4m(size + " F30:1", w, h, n, r);
                    int frameBytes = 6 + w * h * 3 / 2;
                    int headerBytes = whole.length - n * frameBytes;
                    int cut;
                    do {
                        cut = headerBytes + r.nextInt(n * frameBytes);
                    } while ((cut - headerBytes) % frameBytes == 0);
                    return new Clip("Y4M " + size + " cut at byte " + cut + " of " + whole.length,
                            Arrays.copyOf(whole, cut), true, 0, 0, -1, false);
                }
                case 2: {
                    String[] sides = {"8192", "8190", "46340", "30000", "99999999999", "-16", "0", "1e3", "", "16.5"};
                    String tags = "W" + sides[r.nextInt(sides.length)] + " H" + sides[r.nextInt(sides.length)]
                            + " F30:1";
                    byte[] body = ("FRAME\n" + "x".repeat(r.nextInt(2000))).getBytes(StandardCharsets.US_ASCII);
                    return new Clip("huge Y4M " + tags, concat(("YUV4MPEG2 " + tags + "\n").getBytes(
                            StandardCharsets.US_ASCII), body), true, 0, 0, -1, false);
                }
                case 3: {
                    StringBuilder tags = new StringBuilder(size);
                    int count = 1 + r.nextInt(3);
                    for (int t = 0; t < count; t++) {
                        tags.append(' ').append("FCIAXZ".charAt(r.nextInt(6))).append(garbage(r, 1 + r.nextInt(12)));
                    }
                    return new Clip("Y4M with random tags " + tags, y4m(tags.toString(), w, h, n, r), true, 0, 0, n,
                            true);
                }
                case 4: {
                    String marker = List.of("FRAMX", "FRAME" + "x".repeat(5000), "FRAMES", "", "FRAME\u0000")
                            .get(r.nextInt(5));
                    byte[] head = ("YUV4MPEG2 " + size + " F25:1\n" + marker + "\n").getBytes(StandardCharsets.ISO_8859_1);
                    return new Clip("Y4M frame marker " + marker.length() + " chars", concat(head,
                            new byte[w * h * 3 / 2]), true, 0, 0, -1, false);
                }
                case 5: {
                    int length = (1 + r.nextInt(3)) * w * h * 3 / 2 - (r.nextBoolean() ? 0 : 1 + r.nextInt(w * h));
                    byte[] body = new byte[length];
                    r.nextBytes(body);
                    body[0] = 'Z';
                    int frames = length % (w * h * 3 / 2) == 0 ? length / (w * h * 3 / 2) : -1;
                    return new Clip("raw " + w + "x" + h + " of " + length + " random bytes", body, false, w, h,
                            frames, false);
                }
                case 6: {
                    int[] sides = {0, -2, 15, 17, 8194, 65536, Integer.MAX_VALUE, 46340};
                    int cw = sides[r.nextInt(sides.length)];
                    int ch = r.nextBoolean() ? sides[r.nextInt(sides.length)] : h;
                    byte[] body = new byte[1 + r.nextInt(4000)];
                    return new Clip("raw claimed " + cw + "x" + ch + ", " + body.length + " bytes", body, false, cw,
                            ch, -1, false);
                }
                default: {
                    String[] heads = {"", "YUV4MPEG2", "YUV4MPEG2\n", "YUV4MPEG2 ", "YUV4MPEG2 " + garbage(r, 40),
                        "YUV4MPEG2 " + size + " F30:1\n"};
                    String head = heads[r.nextInt(heads.length)];
                    return new Clip("Y4M stub " + head.length() + " bytes", head.getBytes(StandardCharsets.ISO_8859_1),
                            true, 16, 16, head.isEmpty() || head.endsWith(" F30:1\n") ? 0 : -1, false);
                }
            }
        }

        private static byte[] y4m(String tags, int w, int h, int frames, Random r) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("YUV4MPEG2 " + tags + "\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] picture = new byte[w * h * 3 / 2];
            for (int f = 0; f < frames; f++) {
                r.nextBytes(picture);
                out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(picture);
            }
            return out.toByteArray();
        }

        private static String garbage(Random r, int length) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < length; k++) {
                int c = r.nextInt(256);
                sb.append(c == ' ' || c == '\n' ? ':' : (char) c);
            }
            return sb.toString();
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** A value for a builder setter: often out of range or odd, sometimes null (the default). */
    private static Object randomValue(Class<?> type, Random r) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        if (type == Integer.class) {
            int[] edges = {-1, 0, 1, 2, 10, 30, 51, 52, 100, 240, 241, 65536, 65537, Integer.MIN_VALUE,
                Integer.MAX_VALUE};
            return r.nextBoolean() ? edges[r.nextInt(edges.length)] : r.nextInt(2000) - 100;
        }
        if (type == Boolean.class) {
            return r.nextBoolean();
        }
        if (type == String.class) {
            return r.nextBoolean() ? ChannelConfig.SW_PRESETS.get(r.nextInt(ChannelConfig.SW_PRESETS.size()))
                    : Clip.garbage(r, r.nextInt(20));
        }
        if (type == List.class) {
            List<Integer> values = new ArrayList<>();
            int n = 14 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                values.add(r.nextInt(10) == 0 ? 256 : r.nextInt(3) == 0 ? r.nextInt(256) : 0);
            }
            return values;
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[r.nextInt(constants.length)];
        }
        throw new IllegalStateException("no values for " + type);
    }

    private static void invoke(ChannelConfig.Builder b, Method setter, Object value) {
        try {
            setter.invoke(b, value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(setter.getName(), e);
        }
    }

    /**
     * Every option setter of the builder except the size (the test's own frame buffers follow it) and
     * the backend (the fuzz encodes in software).
     */
    private static List<Method> setters() {
        List<Method> setters = new ArrayList<>();
        for (Method m : ChannelConfig.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 1
                    && m.getReturnType() == ChannelConfig.Builder.class
                    && !List.of("width", "height", "maxWidth", "maxHeight", "backend").contains(m.getName())) {
                setters.add(m);
            }
        }
        setters.sort((a, b) -> a.getName().compareTo(b.getName()));
        return setters;
    }
}
