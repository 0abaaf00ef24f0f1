package io.github.camelvenc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared channel mechanics, on a backend that holds frames back like an encoder with a delay
 * and reports them later: order, drop records in place, sequence numbers, counters, closed state.
 */
class AbstractChannelTest {

    /** Encodes nothing: reports each frame's index as its one byte, {@code delay} frames late. */
    private static final class DelayingChannel extends AbstractChannel {
        private final int delay;
        private final ArrayDeque<Long> held = new ArrayDeque<>();
        private final List<Long> failOn = new ArrayList<>();
        int idrRequests;
        int closes;

        DelayingChannel(ChannelConfig config, PacketSink sink, int delay) {
            super(config, sink);
            this.delay = delay;
        }

        @Override
        public String backendName() {
            return "test";
        }

        @Override
        protected void doSend(Frame frame, long frameIndex) {
            if (frame.pts() == 666) {
                throw new VencException("refused by the test backend");
            }
            held.addLast(frameIndex);
            while (held.size() > delay) {
                report(held.removeFirst());
            }
        }

        private void report(long index) {
            if (failOn.contains(index)) {
                fail(index, new VencException("encode failed"));
            } else {
                deliver(index, FrameType.P, new byte[] {(byte) index}, new int[] {1});
            }
        }

        @Override
        protected void doRequestIdr() {
            idrRequests++;
        }

        @Override
        protected void doReconfigure(ChannelConfig next) {
        }

        @Override
        protected void doFlush() {
            while (!held.isEmpty()) {
                report(held.removeFirst());
            }
        }

        @Override
        protected void doClose() {
            closes++;
        }
    }

    private static final class Recorder implements PacketSink {
        final List<Packet> packets = new ArrayList<>();
        final List<Long> errors = new ArrayList<>();

        @Override
        public void onPacket(Packet packet) {
            packets.add(packet);
        }

        @Override
        public void onError(long frameIndex, long pts, VencException error) {
            errors.add(frameIndex);
        }
    }

    private static ChannelConfig config(int src, int dst) {
        return ChannelConfig.builder().width(32).height(16).srcFrameRate(src).dstFrameRate(dst).build();
    }

    private static Frame frame(long pts) {
        return Frame.of(new byte[32 * 16 * 3 / 2], 32, 16, PixelFormat.NV12, pts);
    }

    @Test
    void dropRecordsStayBetweenTheFramesAroundThemWhenTheEncoderIsLate() {
        Recorder sink = new Recorder();
        DelayingChannel ch = new DelayingChannel(config(30, 10), sink, 2);
        for (int i = 0; i < 9; i++) {
            assertEquals(i, ch.send(frame(i * 100L)));
        }
        ch.flush();
        List<String> seen = new ArrayList<>();
        for (Packet p : sink.packets) {
            seen.add((p.isDropped() ? "d" : "k") + p.frameIndex());
        }
        assertEquals(List.of("k0", "d1", "d2", "k3", "d4", "d5", "k6", "d7", "d8"), seen);
        assertEquals(new ChannelStats(9, 3, 6, 3, 0), ch.stats());
        long[] sequences = sink.packets.stream().filter(p -> !p.isDropped()).mapToLong(Packet::sequence).toArray();
        assertArrayEquals(new long[] {0, 1, 2}, sequences);
        assertEquals(300, sink.packets.get(3).pts());
        ch.close();
    }

    @Test
    void rejectedFramesLeaveTheChannelUsable() {
        Recorder sink = new Recorder();
        DelayingChannel ch = new DelayingChannel(config(30, 30), sink, 0);
        ch.send(frame(10));
        assertThrows(InvalidFrameException.class, () -> ch.send(frame(5)), "pts backwards");
        assertThrows(InvalidFrameException.class,
                () -> ch.send(Frame.of(new byte[64 * 16 * 3 / 2], 64, 16, PixelFormat.NV12, 20)), "size");
        assertThrows(InvalidFrameException.class,
                () -> ch.send(Frame.of(new byte[32 * 16 * 3 / 2], 32, 16, PixelFormat.NV21, 20)), "format");
        VencException refused = assertThrows(VencException.class, () -> ch.send(frame(666)));
        assertEquals("refused by the test backend", refused.getMessage());
        assertEquals(1, ch.send(frame(700)));
        ch.flush();
        assertEquals(2, sink.packets.size());
        assertEquals(700, sink.packets.get(1).pts());
        assertEquals(1, sink.packets.get(1).frameIndex());
        ch.close();
    }

    @Test
    void encoderFailuresReachTheSinkInOrderAndCount() {
        Recorder sink = new Recorder();
        DelayingChannel ch = new DelayingChannel(config(30, 30), sink, 1);
        ch.failOn.add(1L);
        for (int i = 0; i < 3; i++) {
            ch.send(frame(i));
        }
        ch.close();
        assertEquals(List.of(1L), sink.errors);
        assertEquals(List.of(0L, 2L), sink.packets.stream().map(Packet::frameIndex).toList());
        assertEquals(1, ch.stats().errors());
    }

    @Test
    void closedChannelRefusesEverythingIncludingASecondClose() {
        Recorder sink = new Recorder();
        DelayingChannel ch = new DelayingChannel(config(30, 30), sink, 3);
        ch.send(frame(0));
        ch.close();
        assertEquals(1, sink.packets.size(), "close flushes");
        assertEquals(1, ch.closes);
        assertThrows(ChannelClosedException.class, () -> ch.send(frame(1)));
        assertThrows(ChannelClosedException.class, ch::requestIdr);
        assertThrows(ChannelClosedException.class, ch::flush);
        assertThrows(ChannelClosedException.class, ch::close);
        assertEquals(1, ch.closes, "native resources freed once");
    }

    @Test
    void reconfigureAcceptsOnlyRuntimeChangesAndResetsTheRateControl() {
        Recorder sink = new Recorder();
        DelayingChannel ch = new DelayingChannel(config(30, 30), sink, 0);
        ChannelConfig wider = ch.config().toBuilder().sceneMode(2).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ch.reconfigure(wider));
        assertEquals("reconfigure", e.option());
        ch.reconfigure(ch.config().toBuilder().bitRate(500).dstFrameRate(15).build());
        assertEquals(500, ch.config().bitRate());
        for (int i = 0; i < 4; i++) {
            ch.send(frame(i));
        }
        ch.close();
        assertEquals(List.of(false, true, false, true), sink.packets.stream().map(Packet::isDropped).toList());
    }

    private static boolean next(FrameRateControl rc) {
        boolean keep = rc.keepsNext();
        rc.advance();
        return keep;
    }

    @Test
    void aRefusedFrameUsesNoFrameRateSlotAndAThrowingSinkBreaksNothing() {
        List<Packet> seen = new ArrayList<>();
        PacketSink throwing = p -> {
            seen.add(p);
            throw new IllegalStateException("sink bug");
        };
        DelayingChannel ch = new DelayingChannel(config(30, 15), throwing, 0);
        ch.send(frame(0));
        ch.send(frame(100));
        assertThrows(VencException.class, () -> ch.send(frame(666)));
        assertEquals(2, ch.send(frame(700)));
        ch.send(frame(800));
        ch.close();
        assertEquals(List.of(false, true, false, true), seen.stream().map(Packet::isDropped).toList());
        assertEquals(700, seen.get(2).pts());
        assertEquals(new ChannelStats(4, 2, 2, 2, 0), ch.stats());
    }

    @Test
    void frameRateControlKeepsTheFirstFrameAndSpreadsTheRest() {
        FrameRateControl rc = new FrameRateControl(25, 10);
        int kept = 0;
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            boolean keep = next(rc);
            kept += keep ? 1 : 0;
            pattern.append(keep ? 'k' : '.');
        }
        assertEquals(10, kept);
        assertEquals("k..k.k..k.k..k.k..k.k..k.", pattern.toString());
        FrameRateControl same = new FrameRateControl(30, 30);
        for (int i = 0; i < 100; i++) {
            assertTrue(next(same));
        }
        FrameRateControl one = new FrameRateControl(240, 1);
        assertTrue(next(one));
        for (int i = 1; i < 240; i++) {
            assertFalse(next(one), "frame " + i);
        }
        assertTrue(next(one));
    }
}
