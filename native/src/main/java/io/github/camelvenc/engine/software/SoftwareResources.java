package io.github.camelvenc.engine.software;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.github.camelvenc.engine.ChannelConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the software channels of one JVM share: the number of open channels, from which each
 * encoder's thread count is chosen, and the return of the native memory that closed encoders freed
 * to the operating system.
 *
 * <p><b>Threads.</b> With {@code threads=0} (automatic), a channel that opens while no other is open
 * lets x264/x265 use every core (a single clip encode keeps its speed); a channel that opens while
 * others are open gets {@code max(1, cores / open channels)} threads, and one thread means no worker
 * thread at all for x264 ({@code threads=1}: it encodes on the calling thread) and one frame thread
 * for x265 ({@code pools=none}, {@code frame-threads=1}). Thousands of frame-mode channels then cost
 * at most one native thread each instead of three or four.
 *
 * <p><b>Memory.</b> glibc keeps the memory a closed encoder freed in its per-thread arenas, so after
 * thousands of channels closed the resident set stays where it peaked. After closes, and always when
 * the last channel closes, {@code malloc_trim(0)} hands the free pages back; it runs at most once per
 * {@code max(1, open / 8)} closes (its cost grows with the heap), and on a C library without it
 * (musl) nothing happens.
 */
final class SoftwareResources {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger CLOSES_SINCE_TRIM = new AtomicInteger();
    private static final AtomicBoolean TRIMMING = new AtomicBoolean();

    private SoftwareResources() {
    }

    /** Counts a channel that is about to open; {@link #closed()} must follow, also when the open fails. */
    static void opening() {
        OPEN.incrementAndGet();
    }

    /** Counts a channel that closed (or failed to open) and trims the native heap when it is due. */
    static void closed() {
        int open = OPEN.decrementAndGet();
        if (CLOSES_SINCE_TRIM.incrementAndGet() < Math.max(1, open / 8) || !TRIMMING.compareAndSet(false, true)) {
            return;
        }
        try {
            CLOSES_SINCE_TRIM.set(0);
            Trim.trim();
        } finally {
            TRIMMING.set(false);
        }
    }

    /** Channels counted open now. */
    static int open() {
        return OPEN.get();
    }

    /**
     * The encoder threads for a channel opening now: the configured count, else 0 (the encoder's
     * automatic choice) when it is the only open channel, else a share of the cores.
     */
    static int threads(ChannelConfig c) {
        if (c.threads() > 0) {
            return c.threads();
        }
        int open = OPEN.get();
        return open <= 1 ? 0 : Math.max(1, CORES / open);
    }

    /** {@code malloc_trim}, looked up once. */
    private static final class Trim {
        private static final Function MALLOC_TRIM = lookUp();

        private static Function lookUp() {
            try {
                return NativeLibrary.getInstance("c").getFunction("malloc_trim");
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }

        static void trim() {
            if (MALLOC_TRIM != null) {
                MALLOC_TRIM.invokeInt(new Object[] {0L});
            }
        }
    }
}
