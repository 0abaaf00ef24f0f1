package io.github.camelvenc.camel.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.management.OperatingSystemMXBean;
import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PacketSink;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.io.SyntheticFrames;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Pipeline efficiency on the simulator's timing model (docs/performance.md, "Ascend pipeline
 * efficiency"): 1, 4 and 16 channels of 1080p H.264 through the engine ({@link Encoders}) and through
 * the component (a {@code venc:} endpoint in frame mode per channel, exchanges sent asynchronously),
 * each fed as fast as backpressure lets it, after 2 s of unmeasured warm-up (JIT).
 *
 * <p>Each row counts the frames delivered inside its measured window (from 0.5 s after the senders
 * start, for the given seconds; the senders go on past its end, so the window sees no start-up and no
 * drain) and divides by the window's length. It prints the achieved frame rate against the model's
 * ceiling, the rate the model encoded in the same window, the share of channel time the model sat
 * idle with an empty queue (the host behind), the frames in flight (mean by Little's law, and the
 * deepest hardware queue the simulator saw), NO_BUF answers (queue overruns) and the process CPU time
 * per frame; then where the host time goes: from the modelled end of a frame's encode to the release
 * of its stream (receive path), from that release to the buffer's next send_frame (pool, sender,
 * upload), the mean time of one send call, context switches and each thread group's CPU time per frame.
 *
 * <p>Run with {@code benchmarks/ascend-efficiency} (it builds, points the Ascend libraries at the
 * simulator and turns its timing model on). Timing targets live here, never in tests.
 */
public final class AscendEfficiencyBench {
    private static final int W = 1920;
    private static final int H = 1080;
    /** The simulator's 310P model: 3 encoder cores of 240 1080p frames/s (VENC performance specification). */
    private static final double CORE_FPS = 240;
    private static final int CORES = 3;
    /** Exchanges each component sender keeps in flight. */
    private static final int WINDOW = 8;
    /** Thread groups of the host table, by thread name (see {@link #group}). */
    private static final List<String> GROUPS = List.of("senders", "receive", "Camel", "simulator", "JVM and other");

    /** The simulator controls the benchmark needs. */
    interface Sim extends Library {
        void sim_set_timing(int on);

        void sim_reset_events();

        long sim_counter(String name);
    }

    private final Sim sim;
    private final byte[] frame = new SyntheticFrames(W, H).frame(1);
    private final long seconds;
    private final List<String> hostRows = new ArrayList<>();

    private AscendEfficiencyBench(Sim sim, long seconds) {
        this.sim = sim;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 4;
        Sim sim = Native.load(System.getProperty("venc.acl.library"), Sim.class);
        sim.sim_set_timing(1);
        AscendEfficiencyBench bench = new AscendEfficiencyBench(sim, seconds);
        long warm = System.nanoTime() + 2_000_000_000L;
        bench.feedEngine(warm, warm, warm, new Counters());
        System.out.printf(Locale.ROOT, "%d s per row, 1080p H.264, %d cores x %.0f fps (310P model), %d CPUs, load average %s%n",
                seconds, CORES, CORE_FPS, Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("| path | channels | ceiling fps | achieved fps | % of ceiling | modelled fps | host behind"
                + " | mean in flight | max queue | NO_BUF | CPU per frame |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int n : new int[] {1, 4, 16}) {
            bench.row("engine", n, null);
        }
        CamelContext context = new DefaultCamelContext();
        context.start();
        try {
            for (int n : new int[] {1, 4, 16}) {
                bench.row("component", n, context);
            }
        } finally {
            context.stop();
        }
        System.out.println();
        System.out.println("Host side, same windows (times in ms; CPU per frame by thread group):");
        System.out.println("| path | channels | encoded to released | released to queued | send call"
                + " | context switches per frame | " + String.join(" | ", GROUPS) + " |");
        System.out.println("| --- | --- | --- | --- | --- | --- |" + " --- |".repeat(GROUPS.size()));
        bench.hostRows.forEach(System.out::println);
        System.out.println("load average " + loadAverage());
    }

    /** Frames delivered inside the measured window, their latency, the senders' time in send calls, failures. */
    private static final class Counters {
        final LongAdder out = new LongAdder();
        final LongAdder latencyNanos = new LongAdder();
        final LongAdder sends = new LongAdder();
        final LongAdder sendNanos = new LongAdder();
        final AtomicLong failures = new AtomicLong();

        /** Counts a frame sent at {@code sentAt} and delivered now, when now is inside [from, to). */
        void delivered(long sentAt, long from, long to) {
            long now = System.nanoTime();
            if (now >= from && now < to) {
                out.increment();
                latencyNanos.add(now - sentAt);
            }
        }

        /** Counts a send call that started at {@code sentAt}, when it started inside [from, to). */
        void sent(long sentAt, long from, long to) {
            if (sentAt >= from && sentAt < to) {
                sends.increment();
                sendNanos.add(System.nanoTime() - sentAt);
            }
        }
    }

    /**
     * One row: n channels fed past the end of the window; counts the frames delivered inside the
     * window [warm-up end, warm-up end + seconds), whenever they were sent, and divides by its length.
     */
    private void row(String path, int n, CamelContext context) throws Exception {
        sim.sim_reset_events();
        Counters counters = new Counters();
        List<Thread> senders = new ArrayList<>();
        long measureFrom = System.nanoTime() + 500_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        long stopAt = end + 200_000_000L;
        for (int c = 0; c < n; c++) {
            Runnable feed = context != null ? () -> feedComponent(context, stopAt, measureFrom, end, counters)
                    : () -> feedEngine(stopAt, measureFrom, end, counters);
            senders.add(new Thread(feed, "bench-" + path + "-" + c));
        }
        senders.forEach(Thread::start);
        sleepUntil(measureFrom);
        Snapshot s0 = new Snapshot(sim);
        sleepUntil(end);
        Snapshot s1 = new Snapshot(sim);
        for (Thread t : senders) {
            t.join();
        }
        double window = (end - measureFrom) / 1e9;
        long frames = counters.out.sum();
        double fps = frames / window;
        double ceiling = Math.min(n * CORE_FPS, CORES * CORE_FPS);
        double meanLatency = frames == 0 ? 0 : counters.latencyNanos.sum() / 1e9 / frames;
        double snapshotSeconds = (s1.at - s0.at) / 1e9;
        double modelled = s1.delta(s0, "frames_encoded") / snapshotSeconds;
        double starved = s1.delta(s0, "starved_us") / 1e6 / (n * snapshotSeconds);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f %% | %.1f | %.1f %% | %.1f | %d | %d | %.2f ms |%n",
                path, n, ceiling, fps, 100 * fps / ceiling, modelled, 100 * starved, fps * meanLatency,
                sim.sim_counter("max_queue_depth"), sim.sim_counter("no_buf_returned"),
                perFrame(s1.processCpu - s0.processCpu, frames));
        if (counters.failures.get() > 0) {
            System.out.println("  " + counters.failures.get() + " frames failed");
        }
        StringBuilder host = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.1f |",
                path, n, s1.meanMillis(s0, "encoded_to_released"), s1.meanMillis(s0, "released_to_queued"),
                counters.sends.sum() == 0 ? 0 : counters.sendNanos.sum() / 1e6 / counters.sends.sum(),
                frames == 0 ? 0.0 : (double) (s1.switches() - s0.switches()) / frames));
        for (String g : GROUPS) {
            host.append(String.format(Locale.ROOT, " %.3f |", perFrame(s1.groupCpu(g) - s0.groupCpu(g), frames)));
        }
        hostRows.add(host.toString());
    }

    private static double perFrame(long nanos, long frames) {
        return frames == 0 ? 0 : nanos / 1e6 / frames;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The benchmark's senders, the backend's receive threads, Camel's threads, the simulator's encoder threads, the rest. */
    private static String group(String threadName) {
        if (threadName.startsWith("bench-")) {
            return "senders";
        }
        if (threadName.startsWith("venc-ascend-rx")) {
            return "receive";
        }
        if (threadName.startsWith("Camel")) {
            return "Camel";
        }
        if (threadName.startsWith("venc-sim")) {
            return "simulator";
        }
        return "JVM and other";
    }

    /** Counters at one instant: the model's, the process CPU time, each thread's CPU time and context switches. */
    private static final class Snapshot {
        private static final List<String> SIM_COUNTERS = List.of("frames_encoded", "starved_us",
                "encoded_to_released_us", "encoded_to_released_n", "released_to_queued_us", "released_to_queued_n");
        final long at = System.nanoTime();
        final Map<String, Long> model = new HashMap<>();
        final long processCpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        /** Per thread (by tid): its name, CPU time (ns) and voluntary + involuntary context switches. */
        final List<ThreadTimes> threads = new ArrayList<>();

        private record ThreadTimes(String tid, String name, long cpuNanos, long switches) {
        }

        Snapshot(Sim sim) throws IOException {
            for (String c : SIM_COUNTERS) {
                model.put(c, sim.sim_counter(c));
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    read(task);
                }
            }
        }

        private void read(Path task) {
            try {
                long cpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                long switches = 0;
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                        switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                threads.add(new ThreadTimes(task.getFileName().toString(), Files.readString(task.resolve("comm")).trim(),
                        cpu, switches));
            } catch (IOException e) {
                // the thread ended while being read: it is left out of this snapshot
            }
        }

        long delta(Snapshot before, String counter) {
            return model.get(counter) - before.model.get(counter);
        }

        /** Mean of a model time counter ({@code <name>_us} over {@code <name>_n}) between the snapshots, in ms. */
        double meanMillis(Snapshot before, String name) {
            long n = delta(before, name + "_n");
            return n == 0 ? 0 : delta(before, name + "_us") / 1e3 / n;
        }

        long switches() {
            return threads.stream().mapToLong(ThreadTimes::switches).sum();
        }

        long groupCpu(String g) {
            return threads.stream().filter(t -> group(t.name()).equals(g)).mapToLong(ThreadTimes::cpuNanos).sum();
        }
    }

    private ChannelConfig config() {
        return ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264).width(W).height(H).gop(30)
                .bitRate(4000).srcFrameRate(240).build();
    }

    private void feedEngine(long stopAt, long from, long to, Counters counters) {
        List<Long> sentAt = new ArrayList<>();
        PacketSink sink = new PacketSink() {
            @Override
            public void onPacket(Packet p) {
                long t0;
                synchronized (sentAt) {
                    t0 = sentAt.get((int) p.frameIndex());
                }
                counters.delivered(t0, from, to);
            }

            @Override
            public void onError(long frameIndex, long pts, VencException error) {
                counters.failures.incrementAndGet();
            }
        };
        try (Channel ch = Encoders.open(config(), sink)) {
            long pts = 0;
            while (System.nanoTime() < stopAt) {
                long t0 = System.nanoTime();
                synchronized (sentAt) {
                    sentAt.add(t0);
                }
                ch.send(Frame.of(frame, W, H, PixelFormat.NV12, pts++));
                counters.sent(t0, from, to);
            }
            ch.flush();
        }
    }

    private void feedComponent(CamelContext context, long stopAt, long from, long to, Counters counters) {
        Endpoint endpoint = context.getEndpoint("venc:h264?mode=frame&backend=ascend&width=" + W + "&height=" + H
                + "&gop=30&bitRate=4000&srcFrameRate=240");
        String key = Thread.currentThread().getName();
        Semaphore window = new Semaphore(WINDOW);
        try {
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            try {
                long pts = 0;
                while (System.nanoTime() < stopAt) {
                    window.acquire();
                    long t0 = System.nanoTime();
                    Exchange e = new DefaultExchange(context);
                    e.getIn().setBody(frame);
                    e.getIn().setHeader(VencConstants.PTS, pts++);
                    e.getIn().setHeader(VencConstants.CHANNEL_KEY, key);
                    producer.process(e, sync -> {
                        if (e.getException() != null) {
                            counters.failures.incrementAndGet();
                        } else {
                            counters.delivered(t0, from, to);
                        }
                        window.release();
                    });
                    counters.sent(t0, from, to);
                }
                window.acquire(WINDOW);
            } finally {
                producer.stop();
            }
        } catch (Exception e) {
            counters.failures.incrementAndGet();
            throw new IllegalStateException(e);
        }
    }
}
