package io.github.camelvenc.cli;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.ClipReader;
import io.github.camelvenc.engine.software.SoftwareBackend;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code venc bench --quality}: every rc mode on both codecs, the engine's software backend against
 * ffmpeg's libx264/libx265 given the closest settings, on footage made from real photographs. For
 * each mode and codec it encodes the same raw NV12 clip in this process on a channel and with the
 * ffmpeg CLI, and measures both streams the same way: average bit rate, the highest bit rate over
 * any window of the mode's statistics time, and the luma PSNR and SSIM against the source (ffmpeg's
 * {@code psnr} and {@code ssim} filters).
 *
 * <p>"Closest settings": ffmpeg gets the x264/x265 options the channel is opened with
 * ({@link SoftwareBackend#encoderOptions}), the same speed preset, tune and profile, and the IDR
 * cadence {@code keyint=min-keyint=gop}: the x265 channel runs with it too, the x264 channel forces
 * each IDR on an infinite keyint instead (which gives x264 the same rate and quality).
 *
 * <p>The footage: a photograph of the Debian package {@code lomiri-wallpapers-16.04} panned across
 * (55 % of the clip), then a hard cut to a second photograph slowly zoomed into, with temporal
 * noise over all of it, generated once per size and length with ffmpeg filters into a cache
 * directory. The tests of the quality floors use the same methods.
 */
final class QualityBench {
    /** The photographs the footage is made of (Debian package {@code lomiri-wallpapers-16.04}). */
    static final Path PHOTO_PAN = Paths.get("/usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg");
    static final Path PHOTO_ZOOM = Paths.get("/usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg");
    static final int FPS = 30;
    /** Bit rate of the 720p rows, kbit/s; other sizes scale it by their pixel count. */
    static final int KBPS_720P = 2000;
    static final int GOP = 60;
    static final int STATS_TIME = 2;
    static final int FIXQP_I = 27;
    static final int FIXQP_P = 30;

    private static final Pattern PSNR_Y = Pattern.compile("PSNR y:([0-9.]+|inf)");
    private static final Pattern SSIM_Y = Pattern.compile("SSIM Y:([0-9.]+)");

    private final PrintStream stdout;
    private final PrintStream stderr;

    QualityBench(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** One row of the table: an rc mode on a codec, a clip size and length, a latency mode and speed preset. */
    record Spec(RcMode mode, Codec codec, int width, int height, int seconds, boolean lowLatency, String swPreset) {
        int frames() {
            return seconds * FPS;
        }

        String size() {
            return width + "x" + height;
        }

        /** The mode's rate for this clip size, kbit/s: {@link #KBPS_720P} scaled by the pixel count. */
        int kbps() {
            return (int) Math.round(KBPS_720P * (double) width * height / (1280 * 720));
        }

        /** The window of the rate cap, seconds: statsTime (CVBR's shortTermStatsTime is set to the same). */
        int window() {
            return STATS_TIME;
        }

        /** The channel configuration of this row. */
        ChannelConfig config() {
            int k = kbps();
            ChannelConfig.Builder b = ChannelConfig.builder().codec(codec).width(width).height(height)
                    .srcFrameRate(FPS).gop(GOP).statsTime(STATS_TIME).rcMode(mode).swPreset(swPreset)
                    .lowLatency(lowLatency).pixelFormat(PixelFormat.NV12);
            switch (mode) {
                case CBR -> b.bitRate(k);
                case VBR, AVBR -> b.maxBitRate(k);
                case QVBR -> b.maxBitRate(k).targetBitRate(k * 3 / 4);
                case CVBR -> b.maxBitRate(k).shortTermStatsTime(STATS_TIME).longTermMaxBitRate(k * 3 / 4)
                        .longTermMinBitRate(k / 4);
                case FIXQP -> b.iQp(FIXQP_I).pQp(FIXQP_P);
                default -> throw new IllegalStateException("rc mode " + mode);
            }
            return b.build();
        }

        /** The rate the mode aims at or caps (kbit/s), 0 for FIXQP. */
        int target() {
            return mode == RcMode.FIXQP ? 0 : kbps();
        }
    }

    /** What one stream measured: kbit/s over the clip, highest kbit/s over a window, luma PSNR (dB) and SSIM. */
    record Measured(Path stream, int frames, double kbps, double windowMaxKbps, double psnr, double ssim) {
    }

    /** Both streams of a row. */
    record Row(Spec spec, Measured ours, Measured ffmpeg) {
    }

    int run(String[] args) throws IOException {
        String size = "1280x720";
        int seconds = 10;
        boolean lowLatency = false;
        String swPreset = "veryfast";
        Path cache = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    stdout.print(help());
                    return 0;
                }
                case "--low-latency" -> lowLatency = true;
                case "--size", "--seconds", "--sw-preset", "--cache" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--size" -> size = v;
                        case "--seconds" -> seconds = EngineOptions.parseInt(a, v);
                        case "--sw-preset" -> swPreset = v;
                        default -> cache = Paths.get(v);
                    }
                }
                default -> throw new UsageException("unknown option " + a + " (see venc bench --quality --help)");
            }
        }
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new UsageException("--size must be WxH, got " + size);
        }
        int width = EngineOptions.parseInt("--size", wh[0]);
        int height = EngineOptions.parseInt("--size", wh[1]);
        if (seconds < STATS_TIME) {
            throw new UsageException("--seconds must be at least " + STATS_TIME + ", got " + seconds);
        }
        if (cache == null) {
            String home = System.getProperty("venc.home");
            cache = home != null ? Paths.get(home, "target", "bench-cache")
                    : Paths.get(System.getProperty("java.io.tmpdir"), "camel-venc-bench");
        }
        Files.createDirectories(cache);
        List<String[]> rows = new ArrayList<>();
        for (RcMode mode : RcMode.values()) {
            for (Codec codec : Codec.values()) {
                Spec spec = new Spec(mode, codec, width, height, seconds, lowLatency, swPreset);
                stderr.printf(Locale.ROOT, "bench: %s %s %s %d s%n", mode, codec.id(), spec.size(), seconds);
                Row row = measure(spec, cache);
                rows.add(cells(row));
            }
        }
        stdout.printf(Locale.ROOT, "%s, %d s at %d fps, gop %d, statsTime %d, swPreset %s, lowLatency %s; footage: "
                + "%s panned, hard cut, %s zoomed, noise%n%n", size, seconds, FPS, GOP, STATS_TIME, swPreset,
                lowLatency, PHOTO_PAN.getFileName(), PHOTO_ZOOM.getFileName());
        BenchCommand.printTable(stdout, new String[] {"mode", "codec", "target kbit/s", "our kbit/s",
            "ffmpeg kbit/s", "our max kbit/s per window", "ffmpeg max kbit/s per window", "our PSNR dB",
            "ffmpeg PSNR dB", "our SSIM", "ffmpeg SSIM"}, rows);
        return 0;
    }

    private static String[] cells(Row r) {
        return new String[] {r.spec().mode().name(), r.spec().codec().id(),
            r.spec().target() == 0 ? "QP " + FIXQP_I + "/" + FIXQP_P : Integer.toString(r.spec().target()),
            f1(r.ours().kbps()), f1(r.ffmpeg().kbps()), f1(r.ours().windowMaxKbps()), f1(r.ffmpeg().windowMaxKbps()),
            f2(r.ours().psnr()), f2(r.ffmpeg().psnr()), f4(r.ours().ssim()), f4(r.ffmpeg().ssim())};
    }

    /** Encodes the row's clip on a channel and with ffmpeg (streams kept in {@code dir}) and measures both. */
    static Row measure(Spec spec, Path dir) throws IOException {
        Path clip = footage(dir, spec.width(), spec.height(), spec.seconds());
        String name = spec.mode().name().toLowerCase(Locale.ROOT) + "-" + spec.size() + "-" + spec.seconds() + "s"
                + (spec.lowLatency() ? "-ll" : "") + "-" + spec.swPreset();
        String ext = spec.codec() == Codec.H264 ? ".h264" : ".h265";
        ChannelConfig config = spec.config();
        Path ours = encode(config, clip, dir.resolve("ours-" + name + ext));
        Path theirs = ffmpeg(config, clip, dir.resolve("ffmpeg-" + name + ext));
        return new Row(spec, measure(spec, ours, clip), measure(spec, theirs, clip));
    }

    /** Encodes the raw NV12 clip on one channel of {@code config} into {@code out}. */
    static Path encode(ChannelConfig config, Path clip, Path out) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
                InputStream in = Files.newInputStream(clip);
                ClipReader reader = ClipReader.raw(in, config.width(), config.height(), PixelFormat.NV12, FPS)) {
            EncodeCommand.StreamSink sink = new EncodeCommand.StreamSink(out.toString(), file);
            try (Channel channel = Encoders.open(config, sink)) {
                for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                    channel.send(frame);
                }
                channel.flush();
            }
            sink.check();
        }
        return out;
    }

    /** The ffmpeg command line of the closest settings for {@code config} (see the class comment). */
    static List<String> ffmpegCommand(ChannelConfig config, Path clip, Path out) {
        List<String> params = new ArrayList<>();
        for (Map.Entry<String, String> o : SoftwareBackend.encoderOptions(config).entrySet()) {
            switch (o.getKey()) {
                case "fps", "min-keyint" -> {
                }
                case "keyint" -> {
                    params.add("keyint=" + config.gop());
                    params.add("min-keyint=" + config.gop());
                }
                default -> params.add(o.getKey() + "=" + o.getValue());
            }
        }
        boolean h264 = config.codec() == Codec.H264;
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "nv12", "-video_size", config.width() + "x" + config.height(),
                "-framerate", Integer.toString(FPS), "-i", clip.toString(),
                "-c:v", h264 ? "libx264" : "libx265", "-preset", config.swPreset()));
        if (config.lowLatency()) {
            cmd.addAll(List.of("-tune", "zerolatency"));
        }
        cmd.addAll(List.of("-profile:v", profile(config.profile()), h264 ? "-x264-params" : "-x265-params",
                String.join(":", params), "-f", h264 ? "h264" : "hevc", out.toString()));
        return cmd;
    }

    private static String profile(Profile p) {
        return p == Profile.BASELINE ? "baseline" : p.name().toLowerCase(Locale.ROOT);
    }

    private static Path ffmpeg(ChannelConfig config, Path clip, Path out) {
        run(ffmpegCommand(config, clip, out));
        return out;
    }

    /** Bit rates, PSNR and SSIM of one stream against the clip it was encoded from. */
    static Measured measure(Spec spec, Path stream, Path clip) {
        String fmt = stream.getFileName().toString().endsWith(".h264") ? "h264" : "hevc";
        String sizes = run(List.of("ffprobe", "-v", "error", "-f", fmt, "-select_streams", "v:0", "-show_entries",
                "packet=size", "-of", "csv=p=0", stream.toString()));
        List<Long> packets = new ArrayList<>();
        for (String line : sizes.split("\n")) {
            String size = line.strip().replace(",", "");
            if (size.matches("\\d+")) {
                packets.add(Long.parseLong(size));
            }
        }
        long total = packets.stream().mapToLong(Long::longValue).sum();
        int window = spec.window() * FPS;
        long inWindow = 0;
        long maxWindow = 0;
        for (int i = 0; i < packets.size(); i++) {
            inWindow += packets.get(i);
            if (i >= window) {
                inWindow -= packets.get(i - window);
            }
            if (i >= window - 1) {
                maxWindow = Math.max(maxWindow, inWindow);
            }
        }
        String tb = "settb=1/" + FPS + ",setpts=N";
        String log = run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-f", fmt, "-i", stream.toString(),
                "-f", "rawvideo", "-pix_fmt", "nv12", "-video_size", spec.size(), "-framerate", Integer.toString(FPS),
                "-i", clip.toString(), "-lavfi", "[0:v]" + tb + ",split[a0][a1];[1:v]" + tb
                        + ",split[b0][b1];[a0][b0]psnr;[a1][b1]ssim", "-f", "null", "-"));
        double seconds = packets.size() / (double) FPS;
        return new Measured(stream, packets.size(), total * 8 / seconds / 1000,
                maxWindow * 8.0 / spec.window() / 1000, number(PSNR_Y, log, stream), number(SSIM_Y, log, stream));
    }

    private static double number(Pattern p, String log, Path stream) {
        Matcher m = p.matcher(log);
        if (!m.find()) {
            throw new VencException("ffmpeg printed no " + p.pattern() + " for " + stream + ": " + log.strip());
        }
        return m.group(1).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    /**
     * The raw NV12 footage of {@code seconds} at {@link #FPS} and the given size, made once with ffmpeg
     * from the two photographs and kept in {@code dir}.
     */
    static Path footage(Path dir, int width, int height, int seconds) throws IOException {
        for (Path photo : List.of(PHOTO_PAN, PHOTO_ZOOM)) {
            if (!Files.isReadable(photo)) {
                throw new VencException("the quality footage needs " + photo
                        + " (Debian package lomiri-wallpapers-16.04)");
            }
        }
        int frames = seconds * FPS;
        Path clip = dir.resolve("footage-" + width + "x" + height + "-" + seconds + "s.nv12");
        if (Files.isRegularFile(clip) && Files.size(clip) == (long) width * height * 3 / 2 * frames) {
            return clip;
        }
        int cut = Math.round(frames * 0.55f);
        String pan = fmt3(cut / (double) FPS);
        String filter = "[0]scale=" + (width * 3 / 2) + ":-2,crop=" + width + ":" + height
                + ":x='(iw-" + width + ")*t/" + pan + "':y='(ih-" + height + ")*(0.5+0.4*sin(t))',setsar=1,"
                + "format=yuv420p[a];[1]scale=" + (width * 2) + ":-2,zoompan=z='1+0.1*on/" + FPS
                + "':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=" + width + "x" + height + ":fps=" + FPS
                + ",setsar=1,format=yuv420p[b];[a][b]concat=n=2:v=1,noise=alls=2:allf=t,format=nv12";
        Path tmp = Files.createTempFile(dir, "footage", ".tmp");
        try {
            run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-loop", "1", "-framerate", Integer.toString(FPS), "-t", pan, "-i", PHOTO_PAN.toString(),
                    "-loop", "1", "-framerate", Integer.toString(FPS), "-t", fmt3((frames - cut) / (double) FPS + 1),
                    "-i", PHOTO_ZOOM.toString(), "-filter_complex", filter, "-frames:v", Integer.toString(frames),
                    "-f", "rawvideo", tmp.toString()));
            Files.move(tmp, clip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return clip;
    }

    /** Runs a tool to completion and returns its output (stdout and stderr); fails with it on a non-zero exit. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = p.waitFor();
            if (status != 0) {
                throw new VencException(command.get(0) + " failed with status " + status + ": "
                        + String.join(" ", command) + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VencException("interrupted running " + command.get(0), e);
        }
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String help() {
        return String.join("\n",
                "usage: venc bench --quality [options]",
                "",
                "Every rc mode (CBR, VBR, AVBR, QVBR, CVBR, FIXQP) on both codecs: the software backend against",
                "ffmpeg's libx264/libx265 with the same x264/x265 options, on footage made from two photographs of",
                "the Debian package lomiri-wallpapers-16.04 (pan, hard cut, zoom, noise). Prints per row the target,",
                "both bit rates, both highest bit rates over any statsTime window, both luma PSNR and SSIM.",
                "",
                "  --size WxH          clip size (default 1280x720; rates scale from 2000 kbit/s at 720p)",
                "  --seconds N         clip length at 30 fps (default 10)",
                "  --sw-preset NAME    x264/x265 preset for both (default veryfast)",
                "  --low-latency       lowLatency=true on the channel, -tune zerolatency on ffmpeg",
                "  --cache DIR         footage and stream directory (default target/bench-cache)",
                "");
    }
}
