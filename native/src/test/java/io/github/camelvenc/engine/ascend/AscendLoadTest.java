package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;

/** Several channels at once, and a receiver slower than the encoder. */
class AscendLoadTest {

    @AfterEach
    void nothingLeft() {
        Sim.assertNothingLeft();
    }

    /** 1,000 frames over 4 concurrent channels (two devices, both codecs, padded strides), all verified. */
    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void thousandFramesAcrossFourChannelsConcurrently(int runMode) throws Exception {
        Sim.reset(runMode);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int n = c;
                results.add(pool.submit(() -> run(n)));
            }
            Set<String> names = new HashSet<>();
            for (Future<Set<String>> f : results) {
                names.addAll(f.get());
            }
            assertEquals(4, names.size(), "four distinct channels: " + names);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1000, Sim.counter("frames_encoded"));
        assertEquals(0, Sim.counter("no_buf_returned"), "the hardware queue answered NO_BUF");
    }

    private Set<String> run(int n) {
        int w = n % 2 == 0 ? 176 : 200;
        int h = 144;
        int stride = n == 3 ? 256 : w;
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).deviceId(n % 2)
                .codec(n % 2 == 0 ? Codec.H264 : Codec.H265).width(w).height(h).gop(25).build();
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        String name;
        try (Channel ch = Encoders.open(cfg, sink)) {
            name = ch.backendName();
            for (int i = 0; i < 250; i++) {
                SimFrames.Sent s = SimFrames.frame(w, h, stride, PixelFormat.NV12, i, n * 1000L + i);
                sent.add(s);
                ch.send(s.frame());
            }
        }
        List<Packet> out = sink.encoded();
        assertEquals(250, out.size(), name);
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        for (int i = 0; i < 250; i++) {
            assertEquals(i, out.get(i).frameIndex());
            SimFrames.assertSameFrame(sent.get(i), out.get(i));
        }
        return Set.of(name);
    }

    /** A sink slower than the encoder: send blocks on the pool, the VENC queue is never overrun. */
    @Test
    void slowReceiverGetsBackpressureNotBufFull() {
        Sim.reset(1);
        Collector sink = new Collector(15);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264).width(176)
                .height(144).build();
        List<SimFrames.Sent> sent = new ArrayList<>();
        long start = System.nanoTime();
        try (Channel ch = Encoders.open(cfg, sink)) {
            for (int i = 0; i < 40; i++) {
                SimFrames.Sent s = SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i);
                sent.add(s);
                ch.send(s.frame());
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 40 * 15, "the sink's 15 ms per packet must pace the sender, took " + ms + " ms");
        assertEquals(0, Sim.counter("no_buf_returned"));
        assertTrue(Sim.counter("max_queue_depth") <= 6, "queue depth " + Sim.counter("max_queue_depth"));
        List<Packet> out = sink.encoded();
        assertEquals(40, out.size());
        for (int i = 0; i < 40; i++) {
            SimFrames.assertSameFrame(sent.get(i), out.get(i));
        }
    }

    /** The encoder is slower than the sender: the queue fills to its depth, and send waits. */
    @Test
    void slowEncoderFillsTheQueueWithoutOverrunningIt() {
        Sim.reset(0);
        Sim.SIM.sim_set_encode_delay_us(8000);
        Collector sink = new Collector();
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H265).width(176)
                .height(144).build();
        try (Channel ch = Encoders.open(cfg, sink)) {
            for (int i = 0; i < 30; i++) {
                ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i).frame());
            }
        }
        assertEquals(30, sink.encoded().size());
        assertEquals(0, Sim.counter("no_buf_returned"));
        assertTrue(Sim.counter("max_queue_depth") >= 4, "the queue should be kept full, depth "
                + Sim.counter("max_queue_depth"));
        assertTrue(Sim.counter("max_queue_depth") <= 6);
    }
}
