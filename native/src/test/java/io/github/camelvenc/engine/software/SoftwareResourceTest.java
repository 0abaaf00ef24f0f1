package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Frame;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opening and closing channels frees all native memory: after a warm-up, 1,000 more channels
 * (x264 and x265, each encoding frames from heap and direct buffers) in two batches, and the second
 * batch leaves the resident set where the first left it. A leak of one encoder, picture or staging
 * buffer per channel would add megabytes per batch, growing with every batch.
 */
class SoftwareResourceTest {
    private static final int WARM_UP = 150;
    private static final int BATCHES = 6;
    private static final int BATCH = 250;
    /**
     * Allowed growth between the median RSS after the first three batches and after the last three:
     * allocator, JIT and class-loading noise moves single readings by up to about 16 MB either way on
     * this machine, the medians far less; a per-channel leak grows with every batch (an unclosed x265
     * encoder alone adds about 2 GB over 750 channels).
     */
    private static final long MARGIN_KB = 20 * 1024;

    @Test
    void thousandChannelsOpenedAndClosedDoNotGrowTheResidentSet() throws IOException {
        TestClip clip = new TestClip(64, 64, 30, 7);
        byte[][] frames = {clip.semiPlanar(0, PixelFormat.NV12), clip.semiPlanar(1, PixelFormat.NV12)};
        for (int i = 0; i < WARM_UP; i++) {
            cycle(i, frames);
        }
        long[] rss = new long[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < BATCH; i++) {
                cycle(i, frames);
            }
            settle();
            rss[b] = rssKb();
        }
        long early = median(rss[0], rss[1], rss[2]);
        long late = median(rss[3], rss[4], rss[5]);
        System.out.println("SoftwareResourceTest: VmRSS after each batch of " + BATCH + " channels (kB): "
                + Arrays.toString(rss));
        assertTrue(late - early < MARGIN_KB, "VmRSS grew from a median of " + early + " kB to " + late + " kB over "
                + BATCHES * BATCH + " channels: " + Arrays.toString(rss));
    }

    /**
     * Many frame-mode channels open at once share the cores instead of taking an automatic thread
     * count each (x264 used 4 threads per 320x240 channel on 2 cores), and their native memory goes
     * back to the system when they close (glibc kept all of it before: RSS stayed at its peak).
     */
    @Test
    void manyOpenChannelsUseAtMostOneThreadEachAndTheirMemoryIsReturnedOnClose() throws IOException {
        byte[] frame = new TestClip(320, 240, 30, 3).semiPlanar(0, PixelFormat.NV12);
        settle();
        long threadsBefore = threads();
        long rssBefore = rssKb();
        List<Channel> open = new ArrayList<>();
        long rssOpen;
        long threadsOpen;
        try {
            for (int i = 0; i < 40; i++) {
                Codec codec = i % 4 == 3 ? Codec.H265 : Codec.H264;
                Channel channel = Encoders.open(ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec)
                        .width(320).height(240).build(), new PacketCollector());
                open.add(channel);
                channel.send(Frame.of(frame, 320, 240, PixelFormat.NV12, 0));
            }
            threadsOpen = threads();
            rssOpen = rssKb();
        } finally {
            open.forEach(Channel::close);
        }
        long rssClosed = rssKb();
        System.out.println("SoftwareResourceTest: 40 channels: threads " + threadsBefore + " -> " + threadsOpen
                + ", VmRSS " + rssBefore + " -> " + rssOpen + " -> " + rssClosed + " kB");
        assertTrue(threadsOpen - threadsBefore <= 40 + 8, "threads for 40 open channels: " + threadsBefore + " -> "
                + threadsOpen);
        assertTrue(rssOpen - rssClosed >= (rssOpen - rssBefore) * 3 / 4, "VmRSS " + rssBefore + " kB, "
                + rssOpen + " kB with 40 channels open, " + rssClosed + " kB after they closed");
    }

    private static long threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void cycle(int i, byte[][] frames) {
        Codec codec = i % 2 == 0 ? Codec.H264 : Codec.H265;
        ChannelConfig config = ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).width(64).height(64)
                .bitRate(100).threads(1).lowLatency(i % 4 < 2).build();
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config, sink)) {
            channel.send(Frame.of(frames[0], 64, 64, PixelFormat.NV12, 0));
            ByteBuffer direct = ByteBuffer.allocateDirect(frames[1].length).put(frames[1]).flip();
            channel.send(Frame.of(direct, 64, 64, 64, PixelFormat.NV12, 1));
        }
        assertEquals(2, sink.encoded().size());
    }

    /**
     * Collects garbage (direct buffers, JNA memory) and hands glibc's free heap pages back to the
     * system ({@code malloc_trim}), so that RSS shows live native memory rather than fragmentation.
     */
    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
