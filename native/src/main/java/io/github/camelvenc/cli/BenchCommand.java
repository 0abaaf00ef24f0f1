package io.github.camelvenc.cli;

import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.ClipReader;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code venc bench}: whole process against whole process. For each codec and clip size it encodes the
 * same raw NV12 clip with {@code bin/venc encode} and with the ffmpeg CLI (libx264/libx265, same
 * preset, CBR bit rate and VBV buffer, gop, no B-frames, no scene cuts, same thread count), each run
 * wrapped in {@code /usr/bin/time} for the peak RSS and the CPU time (user + system, the fair measure
 * on a shared machine), and measures the engine's per-frame latency in
 * low-latency mode in this process. The clips (a zooming Mandelbrot set with temporal noise: fine
 * texture, motion and sensor-like noise) are generated once with ffmpeg into a cache directory. The
 * table reports the median of the runs.
 */
final class BenchCommand {
    private static final String TIME = "/usr/bin/time";

    private final PrintStream stdout;
    private final PrintStream stderr;

    private int frames = 300;
    private int fps = 30;
    private int gop = 60;
    private int runs = 3;
    private int latencyFrames = 150;
    private int threads = Runtime.getRuntime().availableProcessors();
    private String swPreset = "veryfast";
    private List<Codec> codecs = List.of(Codec.H264, Codec.H265);
    private List<int[]> sizes = List.of(new int[] {1280, 720}, new int[] {1920, 1080});
    private List<Integer> bitRates = List.of(2000, 4000);
    private Path cache;
    private Path venc;

    BenchCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int run(String[] args) throws IOException {
        if (ChannelsBench.wanted(args)) {
            return new ChannelsBench(stdout, stderr).run(args);
        }
        if (parse(args)) {
            stdout.print(help());
            return 0;
        }
        if (!Files.isExecutable(Paths.get(TIME))) {
            throw new VencException("venc bench needs " + TIME + " for the peak RSS (Debian package 'time')");
        }
        if (venc == null) {
            String script = System.getProperty("venc.script");
            if (script == null) {
                throw new UsageException("--venc PATH (the bin/venc script) is required when not started by bin/venc");
            }
            venc = Paths.get(script);
        }
        if (cache == null) {
            String home = System.getProperty("venc.home");
            cache = home != null ? Paths.get(home, "target", "bench-cache")
                    : Paths.get(System.getProperty("java.io.tmpdir"), "camel-venc-bench");
        }
        Files.createDirectories(cache);
        stderr.printf(Locale.ROOT, "bench: %d frames at %d fps, gop %d, CBR, preset %s, %d threads, %d runs each%n",
                frames, fps, gop, swPreset, threads, runs);
        warmUp();
        List<String[]> rows = new ArrayList<>();
        for (int s = 0; s < sizes.size(); s++) {
            int[] size = sizes.get(s);
            int bitRate = bitRates.get(Math.min(s, bitRates.size() - 1));
            Path clip = clip(size[0], size[1]);
            for (Codec codec : codecs) {
                rows.add(measure(codec, size, bitRate, clip));
            }
        }
        String[] header = {"codec", "preset", "resolution", "target kbit/s", "our kbit/s", "ffmpeg kbit/s",
            "our fps", "ffmpeg fps", "ratio", "our CPU ms/frame", "ffmpeg CPU ms/frame", "CPU ratio",
            "latency p50 ms", "latency p99 ms", "our peak RSS MB", "ffmpeg peak RSS MB"};
        printTable(stdout, header, rows);
        return 0;
    }

    /**
     * One untimed encode of a short clip, so that a first-run cost of bin/venc (its class-data-sharing
     * archive is written on the first encode) is not measured.
     */
    private void warmUp() throws IOException {
        Path clip = cache.resolve("warm-up-320x240.nv12");
        run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=" + fps, "-frames:v", "10", "-pix_fmt", "nv12", "-f", "rawvideo",
                clip.toString()));
        for (Codec codec : codecs) {
            run(List.of(venc.toString(), "encode", "--codec", codec.id(), "--size", "320x240", "--fps",
                    Integer.toString(fps), clip.toString(), cache.resolve("warm-up." + codec.id()).toString()));
        }
    }

    private String[] measure(Codec codec, int[] size, int bitRate, Path clip) throws IOException {
        String res = size[0] + "x" + size[1];
        String ext = codec == Codec.H264 ? "h264" : "h265";
        Path ours = cache.resolve("out-venc-" + res + "." + ext);
        Path theirs = cache.resolve("out-ffmpeg-" + res + "." + ext);
        List<String> vencCmd = List.of(venc.toString(), "encode", "--codec", codec.id(), "--size", res,
                "--fps", Integer.toString(fps), "--rc", "CBR", "--bitrate", Integer.toString(bitRate),
                "--stats-time", "1", "--gop", Integer.toString(gop), "--sw-preset", swPreset,
                "--threads", Integer.toString(threads), clip.toString(), ours.toString());
        List<String> ffmpegCmd = ffmpeg(codec, res, bitRate, clip, theirs);
        double[] oursFps = new double[runs];
        double[] theirsFps = new double[runs];
        double[] oursCpu = new double[runs];
        double[] theirsCpu = new double[runs];
        double[] oursRss = new double[runs];
        double[] theirsRss = new double[runs];
        for (int r = 0; r < runs; r++) {
            stderr.printf(Locale.ROOT, "bench: %s %s run %d/%d%n", codec.id(), res, r + 1, runs);
            Timed a = timed(vencCmd);
            Timed b = timed(ffmpegCmd);
            oursFps[r] = frames / a.seconds;
            theirsFps[r] = frames / b.seconds;
            oursCpu[r] = a.cpuSeconds * 1000 / frames;
            theirsCpu[r] = b.cpuSeconds * 1000 / frames;
            oursRss[r] = a.peakRssKb / 1024.0;
            theirsRss[r] = b.peakRssKb / 1024.0;
        }
        double[] latency = latency(codec, size, bitRate, clip);
        double seconds = (double) frames / fps;
        double our = median(oursFps);
        double their = median(theirsFps);
        double ourCpu = median(oursCpu);
        double theirCpu = median(theirsCpu);
        return new String[] {codec.id(), swPreset, res, Integer.toString(bitRate),
            fmt(Files.size(ours) * 8 / 1000.0 / seconds), fmt(Files.size(theirs) * 8 / 1000.0 / seconds),
            fmt(our), fmt(their), String.format(Locale.ROOT, "%.2f", our / their), fmt(ourCpu), fmt(theirCpu),
            String.format(Locale.ROOT, "%.2f", theirCpu / ourCpu), fmt(latency[0]), fmt(latency[1]),
            fmt(median(oursRss)), fmt(median(theirsRss))};
    }

    /** The ffmpeg command with the options the software backend uses for the same configuration. */
    private List<String> ffmpeg(Codec codec, String res, int bitRate, Path clip, Path out) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "nv12", "-video_size", res, "-framerate", Integer.toString(fps),
                "-i", clip.toString()));
        String kbps = Integer.toString(bitRate);
        if (codec == Codec.H264) {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", swPreset, "-b:v", kbps + "k", "-maxrate", kbps + "k",
                    "-bufsize", kbps + "k", "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop),
                    "-sc_threshold", "0", "-bf", "0", "-qmin", "10", "-qmax", "51", "-threads", Integer.toString(threads),
                    "-f", "h264"));
        } else {
            cmd.addAll(List.of("-c:v", "libx265", "-preset", swPreset, "-b:v", kbps + "k", "-x265-params",
                    "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:bframes=0:vbv-maxrate=" + kbps
                            + ":vbv-bufsize=" + kbps + ":qpmin=10:qpmax=51:aq-mode=1:pools=" + threads
                            + ":repeat-headers=1:log-level=error",
                    "-f", "hevc"));
        }
        cmd.add(out.toString());
        return cmd;
    }

    /** p50 and p99 of send-to-packet time per frame, ms, on a low-latency channel in this process. */
    private double[] latency(Codec codec, int[] size, int bitRate, Path clip) throws IOException {
        int n = Math.min(latencyFrames, frames);
        long[] sent = new long[n];
        long[] done = new long[n];
        PacketSink sink = new PacketSink() {
            @Override
            public void onPacket(Packet packet) {
                if (!packet.isDropped() && packet.frameIndex() < n) {
                    done[(int) packet.frameIndex()] = System.nanoTime();
                }
            }

            @Override
            public void onError(long frameIndex, long pts, VencException error) {
                throw error;
            }
        };
        ChannelConfig config = ChannelConfig.builder().codec(codec).width(size[0]).height(size[1])
                .srcFrameRate(fps).rcMode(RcMode.CBR).bitRate(bitRate).statsTime(1).gop(gop).swPreset(swPreset)
                .threads(threads).lowLatency(true).build();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(clip), 1 << 20);
                ClipReader reader = ClipReader.raw(in, size[0], size[1], PixelFormat.NV12, fps);
                Channel channel = Encoders.open(config, sink)) {
            for (int i = 0; i < n; i++) {
                Frame frame = reader.next();
                sent[i] = System.nanoTime();
                channel.send(frame);
            }
            channel.flush();
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            ms[i] = (done[i] - sent[i]) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {percentile(ms, 50), percentile(ms, 99)};
    }

    private Path clip(int width, int height) throws IOException {
        Path clip = cache.resolve("mandelbrot-" + width + "x" + height + "-" + fps + "fps-" + frames + ".nv12");
        if (Files.isRegularFile(clip) && Files.size(clip) == (long) width * height * 3 / 2 * frames) {
            return clip;
        }
        stderr.printf(Locale.ROOT, "bench: generating %s with ffmpeg%n", clip);
        Path tmp = cache.resolve(clip.getFileName() + ".tmp");
        run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "mandelbrot=size=" + width + "x" + height + ":rate=" + fps, "-vf", "noise=alls=6:allf=t,format=nv12",
                "-frames:v", Integer.toString(frames), "-f", "rawvideo", tmp.toString()));
        Files.move(tmp, clip, StandardCopyOption.REPLACE_EXISTING);
        return clip;
    }

    /** Wall time measured here; peak RSS and user+system CPU time as /usr/bin/time reports them. */
    private record Timed(double seconds, long peakRssKb, double cpuSeconds) {
    }

    private Timed timed(List<String> command) throws IOException {
        Path rss = Files.createTempFile(cache, "time", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of(TIME, "-f", "%M %U %S", "-o", rss.toString()));
            cmd.addAll(command);
            long start = System.nanoTime();
            run(cmd);
            double seconds = (System.nanoTime() - start) / 1e9;
            String text = Files.readString(rss, StandardCharsets.US_ASCII).strip();
            String[] last = text.substring(text.lastIndexOf('\n') + 1).strip().split(" ");
            return new Timed(seconds, Long.parseLong(last[0]),
                    Double.parseDouble(last[1]) + Double.parseDouble(last[2]));
        } finally {
            Files.deleteIfExists(rss);
        }
    }

    private void run(List<String> command) throws IOException {
        Path log = Files.createTempFile(cache, "log", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            int status = p.waitFor();
            if (status != 0) {
                String err = Files.readString(log, StandardCharsets.UTF_8).strip();
                throw new VencException("bench command failed with status " + status + ": " + String.join(" ", command)
                        + ": " + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VencException("bench interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Prints a Markdown table, each column as wide as its widest cell. */
    static void printTable(PrintStream stdout, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        printRow(stdout, header, width);
        StringBuilder sep = new StringBuilder("|");
        for (int w : width) {
            sep.append("-".repeat(w + 2)).append('|');
        }
        stdout.println(sep);
        for (String[] r : rows) {
            printRow(stdout, r, width);
        }
    }

    private static void printRow(PrintStream stdout, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i])).append(" |");
        }
        stdout.println(sb);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(a + " needs a value (see venc bench --help)");
            }
            String v = args[++i];
            switch (a) {
                case "--frames":
                    frames = positive(a, v);
                    break;
                case "--fps":
                    fps = positive(a, v);
                    break;
                case "--gop":
                    gop = positive(a, v);
                    break;
                case "--runs":
                    runs = positive(a, v);
                    break;
                case "--latency-frames":
                    latencyFrames = positive(a, v);
                    break;
                case "--threads":
                    threads = positive(a, v);
                    break;
                case "--sw-preset":
                    swPreset = v;
                    break;
                case "--codecs":
                    codecs = Arrays.stream(v.split(",")).map(Codec::parse).toList();
                    break;
                case "--sizes":
                    sizes = Arrays.stream(v.split(",")).map(EncodeCommand::parseSize).toList();
                    break;
                case "--bitrates":
                    bitRates = Arrays.stream(v.split(",")).map(x -> positive("--bitrates", x)).toList();
                    break;
                case "--cache":
                    cache = Paths.get(v);
                    break;
                case "--venc":
                    venc = Paths.get(v);
                    break;
                default:
                    throw new UsageException("unknown option " + a + " (see venc bench --help)");
            }
        }
        if (!ChannelConfig.SW_PRESETS.contains(swPreset)) {
            throw new UsageException("--sw-preset must be one of " + String.join(", ", ChannelConfig.SW_PRESETS));
        }
        return false;
    }

    static int positive(String flag, String text) {
        int v = EngineOptions.parseInt(flag, text);
        if (v <= 0) {
            throw new UsageException(flag + " must be positive, got " + v);
        }
        return v;
    }

    static String help() {
        return String.join("\n",
                "usage: venc bench [options]",
                "       venc bench --quality [options]   (rc modes against ffmpeg: venc bench --quality --help)",
                "",
                "Encodes the same raw NV12 clips with 'bin/venc encode' and with the ffmpeg CLI (same encoder,",
                "preset, CBR rate and VBV buffer, gop, no B-frames, no scene cuts, same threads), whole process",
                "against whole process, and prints: codec, preset, resolution, our fps, ffmpeg fps, ratio, our",
                "per-frame latency p50/p99 in low-latency mode, CPU time per frame and peak RSS of both (median",
                "of the runs), and the bit rate each produced.",
                "",
                "  --frames N          frames per clip (default 300)",
                "  --fps N             clip frame rate (default 30)",
                "  --sizes WxH,...     clip sizes (default 1280x720,1920x1080)",
                "  --bitrates K,...    CBR kbit/s per size (default 2000,4000)",
                "  --codecs LIST       h264,h265 (default both)",
                "  --sw-preset NAME    x264/x265 preset (default veryfast)",
                "  --threads N         encoder threads for both (default: available processors)",
                "  --gop N             IDR interval (default 60)",
                "  --runs N            runs per encoder, the median is reported (default 3)",
                "  --latency-frames N  frames of the low-latency measurement (default 150)",
                "  --cache DIR         clip and output directory (default target/bench-cache)",
                "  --venc PATH         the bin/venc script (default: the one running this command)",
                "",
                "venc bench --channels N [options]: the cost of N frame-mode channels instead (see --channels N --help).",
                "");
    }
}
