package io.github.camelvenc.camel.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
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
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * each fed as fast as backpressure lets it, after 2 s of unmeasured warm-up (JIT). Prints per row the achieved frame rate against the
 * model's ceiling, the frames in flight (mean by Little's law, and the deepest hardware queue the
 * simulator saw), NO_BUF answers (queue overruns) and the process CPU time per frame.
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

    /** The simulator controls the benchmark needs. */
    interface Sim extends Library {
        void sim_set_timing(int on);

        void sim_reset_events();

        long sim_counter(String name);
    }

    private final Sim sim;
    private final byte[] frame = new SyntheticFrames(W, H).frame(1);
    private final long seconds;

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
        bench.feedEngine(warm, warm, new LongAdder(), new LongAdder(), new AtomicLong());
        System.out.printf(Locale.ROOT, "%d s per row, 1080p H.264, %d cores x %.0f fps (310P model)%n", seconds, CORES,
                CORE_FPS);
        System.out.println("| path | channels | ceiling fps | achieved fps | % of ceiling | mean in flight | max queue | NO_BUF | CPU per frame |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int n : new int[] {1, 4, 16}) {
            bench.row("engine", n, false);
        }
        CamelContext context = new DefaultCamelContext();
        context.start();
        try {
            for (int n : new int[] {1, 4, 16}) {
                bench.row("component", n, true, context);
            }
        } finally {
            context.stop();
        }
    }

    private void row(String path, int n, boolean component) throws Exception {
        row(path, n, component, null);
    }

    /** One row: n channels fed for the duration; counts frames out and the latency of each. */
    private void row(String path, int n, boolean component, CamelContext context) throws Exception {
        sim.sim_reset_events();
        LongAdder out = new LongAdder();
        LongAdder latencyNanos = new LongAdder();
        AtomicLong failures = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        long warmup = 500_000_000L;
        long start = System.nanoTime();
        long measureFrom = start + warmup;
        long end = measureFrom + seconds * 1_000_000_000L;
        long[] cpu = new long[2];
        for (int c = 0; c < n; c++) {
            Runnable feed = component ? () -> feedComponent(context, end, measureFrom, out, latencyNanos, failures)
                    : () -> feedEngine(end, measureFrom, out, latencyNanos, failures);
            Thread t = new Thread(feed, "bench-" + path + "-" + c);
            senders.add(t);
        }
        senders.forEach(Thread::start);
        Thread.sleep(warmup / 1_000_000);
        cpu[0] = processCpuNanos();
        long measured = System.nanoTime();
        for (Thread t : senders) {
            t.join();
        }
        cpu[1] = processCpuNanos();
        double elapsed = (System.nanoTime() - measured) / 1e9;
        long frames = out.sum();
        double fps = frames / elapsed;
        double ceiling = Math.min(n * CORE_FPS, CORES * CORE_FPS);
        double meanLatency = frames == 0 ? 0 : latencyNanos.sum() / 1e9 / frames;
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f %% | %.1f | %d | %d | %.2f ms |%n", path, n, ceiling,
                fps, 100 * fps / ceiling, fps * meanLatency, sim.sim_counter("max_queue_depth"),
                sim.sim_counter("no_buf_returned"), frames == 0 ? 0 : (cpu[1] - cpu[0]) / 1e6 / frames);
        if (failures.get() > 0) {
            System.out.println("  " + failures.get() + " frames failed");
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private ChannelConfig config() {
        return ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264).width(W).height(H).gop(30)
                .bitRate(4000).srcFrameRate(240).build();
    }

    private void feedEngine(long end, long measureFrom, LongAdder out, LongAdder latency, AtomicLong failures) {
        List<Long> sentAt = new ArrayList<>();
        PacketSink sink = new PacketSink() {
            @Override
            public void onPacket(Packet p) {
                long now = System.nanoTime();
                long t0;
                synchronized (sentAt) {
                    t0 = sentAt.get((int) p.frameIndex());
                }
                if (t0 >= measureFrom && now < end) {
                    out.increment();
                    latency.add(now - t0);
                }
            }

            @Override
            public void onError(long frameIndex, long pts, VencException error) {
                failures.incrementAndGet();
            }
        };
        try (Channel ch = Encoders.open(config(), sink)) {
            long pts = 0;
            while (System.nanoTime() < end) {
                synchronized (sentAt) {
                    sentAt.add(System.nanoTime());
                }
                ch.send(Frame.of(frame, W, H, PixelFormat.NV12, pts++));
            }
            ch.flush();
        }
    }

    private void feedComponent(CamelContext context, long end, long measureFrom, LongAdder out, LongAdder latency,
            AtomicLong failures) {
        Endpoint endpoint = context.getEndpoint("venc:h264?mode=frame&backend=ascend&width=" + W + "&height=" + H
                + "&gop=30&bitRate=4000&srcFrameRate=240");
        String key = Thread.currentThread().getName();
        Semaphore window = new Semaphore(8);
        try {
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            try {
                long pts = 0;
                while (System.nanoTime() < end) {
                    window.acquire();
                    long t0 = System.nanoTime();
                    Exchange e = new DefaultExchange(context);
                    e.getIn().setBody(frame);
                    e.getIn().setHeader(VencConstants.PTS, pts++);
                    e.getIn().setHeader(VencConstants.CHANNEL_KEY, key);
                    producer.process(e, sync -> {
                        long now = System.nanoTime();
                        if (e.getException() != null) {
                            failures.incrementAndGet();
                        } else if (t0 >= measureFrom && now < end) {
                            out.increment();
                            latency.add(now - t0);
                        }
                        window.release();
                    });
                }
                window.acquire(8);
            } finally {
                producer.stop();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            throw new IllegalStateException(e);
        }
    }
}
