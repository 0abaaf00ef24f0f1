package io.github.camelvenc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.camelvenc.engine.testing.HostileClip;
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
 * huge-dimension and randomly headed Y4M and raw clips ({@link HostileClip}), and mistyped
 * {@code --fps} values. Each must give either a clean {@link VencException} whose message names the problem (printable, one line) or an output that
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
        boolean run(int index, HostileClip clip) throws IOException;
    }

    /** Runs {@value #CLIPS} generated clips; returns how many encoded. */
    private static int clips(long seed, ClipRun run) throws IOException {
        Random random = new Random(seed);
        int encoded = 0;
        for (int i = 0; i < CLIPS; i++) {
            if (run.run(i, HostileClip.generate(i, random))) {
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
    private boolean engine(HostileClip clip) throws IOException {
        PacketCollector sink = new PacketCollector();
        long frames = 0;
        try (ClipReader reader = ClipReader.open(new ByteArrayInputStream(clip.bytes()), clip.width(), clip.height(),
                PixelFormat.NV12, 30)) {
            ChannelConfig config = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(Codec.H264)
                    .width(reader.width()).height(reader.height()).srcFrameRate(reader.frameRate(30)).build();
            Frame frame = reader.next();
            if (frame == null) {
                assertEquals(0, clip.frames(), clip.what());
                return false;
            }
            try (Channel channel = Encoders.open(config, sink)) {
                do {
                    channel.send(frame);
                    frames++;
                } while ((frame = reader.next()) != null);
            }
        } catch (VencException e) {
            assertNamesTheProblem(e, clip.what());
            assertTrue(clip.frames() < 0 || clip.mayFail(), clip.what() + " is valid, yet: " + e.getMessage());
            return false;
        } catch (Throwable t) {
            throw new AssertionError(clip.what() + ": " + t, t);
        }
        assertTrue(clip.frames() >= 0, clip.what() + " is invalid, yet it encoded " + frames + " frames");
        assertEquals(clip.frames(), frames, clip.what());
        assertEquals(List.of(), sink.errors(), clip.what());
        assertEquals(frames, MediaTools.frameCount(sink.write(dir.resolve("engine.h264"))), clip.what());
        return true;
    }

    private boolean cli(int i, HostileClip clip) throws IOException {
        Path in = Files.write(dir.resolve("in-" + i + (clip.y4m() ? ".y4m" : ".nv12")), clip.bytes());
        Path out = dir.resolve("out-" + i + ".h264");
        List<String> args = new ArrayList<>(List.of("encode", "--codec", "h264"));
        boolean badFps = !clip.y4m() && i % 3 == 0;
        if (!clip.y4m()) {
            String fps = badFps ? BAD_FRAME_RATES.get(i / 3 % BAD_FRAME_RATES.size()) : "30";
            args.addAll(List.of("--size", clip.width() + "x" + clip.height(), "--fps", fps));
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
            assertTrue(status == 1 || status == 2, clip.what() + ": status " + status);
            assertTrue(err.startsWith("venc: ") && PRINTABLE_LINE.matcher(err).matches(),
                    clip.what() + ": one printable line: " + err);
            assertFalse(UNEXPECTED.matcher(err).matches(), clip.what() + ": " + err);
            assertFalse(Files.exists(out), clip.what() + ": a failed encode left " + out);
            assertTrue(clip.frames() <= 0 || clip.mayFail() || badFps, clip.what() + " is valid, yet: " + err);
            return false;
        }
        assertFalse(badFps, clip.what() + ": a bad --fps was accepted: " + args);
        assertTrue(clip.frames() > 0, clip.what() + " is invalid, yet the CLI succeeded: " + stdout);
        assertEquals(clip.frames(), MediaTools.frameCount(out), clip.what() + ": frames decoded");
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
                    : HostileClip.garbage(r, r.nextInt(20));
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
