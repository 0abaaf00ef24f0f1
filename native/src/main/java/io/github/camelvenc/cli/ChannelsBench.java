package io.github.camelvenc.cli;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.SyntheticFrames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code venc bench --channels N}: the cost of many frame-mode channels in this process. Each round
 * opens N channels (320x240 by default, one frame each, as N HTTP live ids or MQTT cameras would),
 * then closes them all (what the component's idle timeout does), and prints the resident set and
 * the thread count of the process after each step (after a warm-up round of {@value #WARM_UP}
 * channels, and a garbage collection). A benchmark, not a test: it prints the targets
 * (threads at most 2 per open channel plus a constant, RSS back within 10 % of the start after the
 * closes, each round's peak no higher than the first's) and whether this run met them.
 */
final class ChannelsBench {
    /**
     * Channels opened and closed before the start is measured, so that one-time costs (the libraries,
     * the JIT's compiled code, class loading) do not count as memory kept after the closes.
     */
    private static final int WARM_UP = 100;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private int channels;
    private int rounds = 2;
    private Codec codec = Codec.H264;
    private int[] size = {320, 240};
    private boolean lowLatency = true;

    ChannelsBench(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** True when the bench command line asks for this benchmark. */
    static boolean wanted(String[] args) {
        for (String a : args) {
            if (a.equals("--channels") || a.startsWith("--channels=")) {
                return true;
            }
        }
        return false;
    }

    int run(String[] args) throws IOException {
        if (parse(args)) {
            stdout.print(help());
            return 0;
        }
        SyntheticFrames synthetic = new SyntheticFrames(size[0], size[1]);
        byte[][] frames = new byte[8][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = synthetic.frame(i);
        }
        ChannelConfig config = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).width(size[0])
                .height(size[1]).lowLatency(lowLatency).build();
        AtomicLong packets = new AtomicLong();
        PacketSink sink = new PacketSink() {
            @Override
            public void onPacket(Packet packet) {
                packets.incrementAndGet();
            }

            @Override
            public void onError(long frameIndex, long pts, VencException error) {
                stderr.println("bench: frame " + frameIndex + " failed: " + error.getMessage());
            }
        };
        stderr.printf(Locale.ROOT, "bench: %d rounds of %d %s %dx%d channels (lowLatency=%s), %d processors%n",
                rounds, channels, codec.id(), size[0], size[1], lowLatency, Runtime.getRuntime().availableProcessors());
        List<Channel> warmUp = new ArrayList<>();
        try {
            for (int i = 0; i < Math.min(channels, WARM_UP); i++) {
                Channel channel = Encoders.open(config, sink);
                warmUp.add(channel);
                channel.send(Frame.of(frames[i % frames.length], size[0], size[1], PixelFormat.NV12, 0));
            }
        } finally {
            warmUp.forEach(Channel::close);
        }
        Sample start = sample("start (after warm-up)", 0, 0);
        List<Sample> samples = new ArrayList<>(List.of(start));
        stdout.println(Sample.HEADER);
        stdout.println(start.row(start));
        long firstPeak = 0;
        boolean peaksOk = true;
        boolean threadsOk = true;
        boolean rssOk = true;
        for (int r = 1; r <= rounds; r++) {
            List<Channel> open = new ArrayList<>(channels);
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < channels; i++) {
                    Channel channel = Encoders.open(config, sink);
                    open.add(channel);
                    channel.send(Frame.of(frames[i % frames.length], size[0], size[1], PixelFormat.NV12, 0));
                }
                Sample opened = sample("round " + r + ": " + channels + " open", channels, System.nanoTime() - t0);
                samples.add(opened);
                stdout.println(opened.row(start));
                firstPeak = r == 1 ? opened.rssKb : firstPeak;
                peaksOk &= opened.rssKb <= firstPeak * 1.05;
                threadsOk &= opened.threads - start.threads <= 2L * channels + 8;
            } finally {
                long t1 = System.nanoTime();
                for (Channel channel : open) {
                    channel.close();
                }
                Sample closed = sample("round " + r + ": all closed", 0, System.nanoTime() - t1);
                samples.add(closed);
                stdout.println(closed.row(start));
                rssOk &= closed.rssKb <= start.rssKb * 1.10;
            }
        }
        stdout.printf(Locale.ROOT, "%d packets; targets: threads <= 2 per open channel + 8: %s; RSS after closes within"
                + " 10 %% of the start: %s; later peaks within 5 %% of the first: %s%n", packets.get(),
                met(threadsOk), met(rssOk), met(peaksOk));
        return 0;
    }

    private static String met(boolean ok) {
        return ok ? "met" : "NOT met";
    }

    /** RSS and threads after a step; garbage (direct buffers, JNA memory) collected first. */
    private static Sample sample(String step, int open, long nanos) throws IOException {
        System.gc();
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        long threads;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            threads = tasks.count();
        }
        return new Sample(step, open, rss, threads, nanos / 1e9);
    }

    /** One printed step. */
    private record Sample(String step, int open, long rssKb, long threads, double seconds) {
        static final String HEADER = String.format(Locale.ROOT, "%-28s %6s %10s %8s %12s %14s %8s", "step", "open",
                "RSS MB", "threads", "KB/channel", "threads/channel", "seconds");

        String row(Sample start) {
            String perRss = open == 0 ? "-" : Long.toString((rssKb - start.rssKb) / open);
            String perThread = open == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (threads - start.threads)
                    / (double) open);
            return String.format(Locale.ROOT, "%-28s %6d %10.1f %8d %12s %14s %8.1f", step, open, rssKb / 1024.0,
                    threads, perRss, perThread, seconds);
        }
    }

    private boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
            String v;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (i + 1 < args.length) {
                v = args[++i];
            } else {
                throw new UsageException(a + " needs a value (see venc bench --channels N --help)");
            }
            switch (a) {
                case "--channels":
                    channels = BenchCommand.positive(a, v);
                    break;
                case "--rounds":
                    rounds = BenchCommand.positive(a, v);
                    break;
                case "--codec":
                    codec = Codec.parse(v);
                    break;
                case "--size":
                    size = EncodeCommand.parseSize(v);
                    break;
                case "--low-latency":
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new UsageException("--low-latency expects true or false, got " + UserText.quote(v));
                    }
                    lowLatency = v.equals("true");
                    break;
                default:
                    throw new UsageException("unknown option " + a + " (see venc bench --channels N --help)");
            }
        }
        return false;
    }

    static String help() {
        return String.join("\n",
                "usage: venc bench --channels N [options]",
                "",
                "Opens N software channels in this process, one frame each, closes them, and repeats; prints",
                "the resident set and the thread count after each step, and whether the targets were met.",
                "",
                "  --channels N        channels per round",
                "  --rounds N          rounds (default 2)",
                "  --codec h264|h265   codec (default h264)",
                "  --size WxH          picture size (default 320x240)",
                "  --low-latency B     frame mode (default true)",
                "");
    }
}
