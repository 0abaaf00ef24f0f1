package io.github.camelvenc.camel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@code venc:} endpoint since it started, fed by its producers, and a sliding
 * window over the last {@value #WINDOW_MILLIS} ms for the current output bit rate and frame rate.
 * Thread-safe; read with {@link #snapshot()}.
 */
public final class VencStatistics {
    /** Length of the window the current rates are measured over. */
    public static final long WINDOW_MILLIS = 5000;
    private static final int BUCKETS = 10;
    private static final long BUCKET_NANOS = WINDOW_MILLIS * 1_000_000L / BUCKETS;

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder clipsCompleted = new LongAdder();
    private final LongAdder channelsOpened = new LongAdder();
    private final AtomicInteger channelsOpen = new AtomicInteger();
    private final AtomicInteger channelsPeak = new AtomicInteger();
    private final long[] bucketBytes = new long[BUCKETS];
    private final long[] bucketFrames = new long[BUCKETS];
    private final long[] bucketStart = new long[BUCKETS];
    private final long created = System.nanoTime();

    /** A frame reached the encoder (frame mode: accepted by the channel; clip mode: read from a clip). */
    void frameIn() {
        framesIn.increment();
    }

    /** An access unit of {@code bytes} bytes came out. */
    void frameOut(int bytes) {
        framesOut.increment();
        bytesOut.add(bytes);
        long now = System.nanoTime();
        synchronized (bucketBytes) {
            int i = bucket(now);
            bucketBytes[i] += bytes;
            bucketFrames[i]++;
        }
    }

    void frameDropped() {
        framesDropped.increment();
    }

    /** An exchange failed (bad input, encoder error). */
    void failure() {
        failures.increment();
    }

    void clipCompleted() {
        clipsCompleted.increment();
    }

    void channelOpened() {
        channelsOpened.increment();
        channelsPeak.accumulateAndGet(channelsOpen.incrementAndGet(), Math::max);
    }

    void channelClosed() {
        channelsOpen.decrementAndGet();
    }

    private int bucket(long now) {
        long slot = (now - created) / BUCKET_NANOS;
        int i = (int) (slot % BUCKETS);
        long start = slot * BUCKET_NANOS;
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            bucketBytes[i] = 0;
            bucketFrames[i] = 0;
        }
        return i;
    }

    /** The counters and the current rates, consistent enough for monitoring. */
    public Snapshot snapshot() {
        long now = System.nanoTime();
        long bytes = 0;
        long frames = 0;
        long slot = (now - created) / BUCKET_NANOS;
        long oldest = (slot - BUCKETS + 1) * BUCKET_NANOS;
        synchronized (bucketBytes) {
            for (int i = 0; i < BUCKETS; i++) {
                if (bucketStart[i] >= oldest && (bucketBytes[i] != 0 || bucketFrames[i] != 0)) {
                    bytes += bucketBytes[i];
                    frames += bucketFrames[i];
                }
            }
        }
        double seconds = Math.min(WINDOW_MILLIS / 1000.0, Math.max((now - created) / 1e9, 1e-3));
        return new Snapshot(framesIn.sum(), framesOut.sum(), framesDropped.sum(), bytesOut.sum(), failures.sum(),
                clipsCompleted.sum(), channelsOpened.sum(), channelsOpen.get(), channelsPeak.get(), bytes * 8 / 1000.0 / seconds, frames / seconds);
    }

    /**
     * One reading of the statistics.
     *
     * @param framesIn       frames handed to the encoder
     * @param framesOut      access units produced
     * @param framesDropped  frames skipped by the frame-rate control
     * @param bytesOut       bytes of all access units
     * @param failures       exchanges that failed
     * @param clipsCompleted clips encoded (clip mode)
     * @param channelsOpened channels opened since start (frame mode: one per key and idle period; clip mode: one per clip)
     * @param channelsOpen   channels open now
     * @param channelsPeak   most channels open at the same time since start
     * @param bitRateKbps    output bit rate over the last {@value #WINDOW_MILLIS} ms, kbit/s
     * @param fps            access units per second over the last {@value #WINDOW_MILLIS} ms
     */
    public record Snapshot(long framesIn, long framesOut, long framesDropped, long bytesOut, long failures,
            long clipsCompleted, long channelsOpened, int channelsOpen, int channelsPeak, double bitRateKbps, double fps) {
    }
}
