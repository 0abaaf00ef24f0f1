package io.github.camelvenc.engine.ascend;

import static io.github.camelvenc.engine.ascend.SimFrames.num;
import static io.github.camelvenc.engine.ascend.SimFrames.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;

/**
 * The backend follows Huawei's working code where it differed (issue 12, points 4 to 9): both
 * stream-buffer modes, frame types from the bytes, rc parameters only where set, the driver's input
 * layout, time_ref per frame sent, streams matched by input address.
 */
class AscendFidelityTest {

    /** A fresh builder each time: builders are mutable. */
    private static ChannelConfig.Builder base() {
        return ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144).gop(5);
    }

    @AfterEach
    void nothingLeft() {
        Sim.SIM.sim_trace_enable(0);
        Sim.assertNothingLeft();
    }

    private static List<Packet> encode(ChannelConfig cfg, int frames, List<SimFrames.Sent> sent) {
        Collector sink = new Collector();
        try (Channel ch = Encoders.open(cfg, sink)) {
            for (int i = 0; i < frames; i++) {
                SimFrames.Sent s = SimFrames.frame(cfg.width(), cfg.height(), cfg.width(), PixelFormat.NV12, i * 10L, i);
                sent.add(s);
                ch.send(s.frame());
            }
            ch.flush();
        }
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        return sink.encoded();
    }

    /** Point 4: one pack per frame (one_stream_buf 1) and several (module left at 0) give the same frames. */
    @ParameterizedTest(name = "codec {0}")
    @ValueSource(strings = {"H264", "H265"})
    void bothStreamBufferModes(String codec) {
        Sim.reset(0);
        ChannelConfig cfg = base().codec(Codec.valueOf(codec)).build();
        List<SimFrames.Sent> sent = new ArrayList<>();
        List<Packet> oneStream = encode(cfg, 7, sent);
        Sim.SIM.sim_inject("hi_mpi_venc_set_mod_param", HiMpiErrors.HI_ERR_VENC_NOT_PERM, 0, 1);
        List<SimFrames.Sent> sent2 = new ArrayList<>();
        List<Packet> multi = encode(cfg, 7, sent2);
        int[] idrNals = codec.equals("H264") ? new int[] {7, 8, 5} : new int[] {32, 33, 34, 19};
        for (int i = 0; i < 7; i++) {
            boolean idr = i % 5 == 0;
            for (List<Packet> out : List.of(oneStream, multi)) {
                assertEquals(idr ? FrameType.IDR : FrameType.P, out.get(i).frameType(), "frame " + i);
                assertArrayEquals(idr ? idrNals : new int[] {1}, out.get(i).nalTypes(), "frame " + i);
            }
            SimFrames.assertSameFrame(sent.get(i), oneStream.get(i));
            SimFrames.assertSameFrame(sent2.get(i), multi.get(i));
        }
    }

    /** Point 4: when the pack fields name no slice type, IDR and P come from the NAL and slice headers. */
    @Test
    void frameTypeFromTheBytesWhenPacksDoNotSay() {
        Sim.reset(0);
        Sim.SIM.sim_set_flags(Sim.FLAG_NO_PACK_TYPES);
        for (Codec codec : Codec.values()) {
            List<Packet> out = encode(base().codec(codec).build(), 6, new ArrayList<>());
            for (int i = 0; i < 6; i++) {
                assertEquals(i % 5 == 0 ? FrameType.IDR : FrameType.P, out.get(i).frameType(), codec + " frame " + i);
            }
        }
    }

    /** Point 17: a frame that reaches the end of the stream ring buffer comes as two packs; nothing is lost. */
    @Test
    void ringBufferWrapSplitsAFrame() {
        Sim.reset(0);
        List<SimFrames.Sent> sent = new ArrayList<>();
        List<Packet> out = encode(base().codec(Codec.H264).gop(30).build(), 400, sent);
        assertTrue(Sim.counter("ring_wraps") > 0, "the 32 KiB ring must wrap in 400 frames");
        assertEquals(400, out.size());
        for (int i = 0; i < 400; i++) {
            SimFrames.assertSameFrame(sent.get(i), out.get(i));
        }
    }

    /** Point 5: unset rc options keep the driver's values; set ones are written. */
    @Test
    void rcParametersOnlyWhereSet() {
        Sim.reset(0);
        Map<String, String> driver = record(encode(base().codec(Codec.H265).build(), 1, new ArrayList<>()).get(0));
        assertEquals(48, num(driver, "maxqp"), "the simulator's own value, untouched");
        assertEquals(16, num(driver, "minqp"));
        assertEquals(1, num(driver, "rowqp"));
        Sim.SIM.sim_trace_enable(1);
        encode(base().codec(Codec.H265).build(), 1, new ArrayList<>());
        assertTrue(!Sim.trace().contains("hi_mpi_venc_set_rc_param"), "nothing explicit, nothing written");
        Map<String, String> set = record(encode(base().codec(Codec.H265).maxQp(40).rowQpDelta(0).build(), 1,
                new ArrayList<>()).get(0));
        assertEquals(40, num(set, "maxqp"));
        assertEquals(16, num(set, "minqp"), "minQp not set: driver's");
        assertEquals(0, num(set, "rowqp"));
        assertEquals(8, num(set, "dir"), "direction not set: driver's");
    }

    /** Point 6: the strides hi_mpi_sys_get_image_align_info answers are the ones used. */
    @Test
    void strideFromTheAlignmentQuery() {
        Sim.reset(1);
        Sim.SIM.sim_set_width_align(64);
        List<SimFrames.Sent> sent = new ArrayList<>();
        Packet p = encode(base().codec(Codec.H264).build(), 2, sent).get(1);
        assertEquals(192, num(record(p), "ys"), "ALIGN64(176)");
        SimFrames.assertSameFrame(sent.get(1), p);
    }

    /** Point 8: time_ref steps by 2 per frame sent, not per frame offered (frame-rate drops). */
    @Test
    void timeRefCountsFramesSent() {
        Sim.reset(0);
        List<Packet> out = encode(base().codec(Codec.H264).srcFrameRate(30).dstFrameRate(15).build(), 8, new ArrayList<>());
        assertEquals(4, out.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * i, num(record(out.get(i)), "tref"));
        }
    }

    /**
     * Point 9: streams are matched to frames by pack.input_addr, pts only cross-checks: with packs that
     * report a different pts (simulator flag) and frames of equal pts, every frame still gets its stream.
     */
    @Test
    void streamsMatchedByInputAddress() {
        Sim.reset(0);
        Sim.SIM.sim_set_flags(Sim.FLAG_SHIFT_PTS);
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        try (Channel ch = Encoders.open(base().codec(Codec.H264).build(), sink)) {
            for (int i = 0; i < 8; i++) {
                SimFrames.Sent s = SimFrames.frame(176, 144, 176, PixelFormat.NV12, 777, i);
                sent.add(s);
                ch.send(s.frame());
            }
            ch.flush();
        }
        List<Packet> out = sink.encoded();
        assertEquals(8, out.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, out.get(i).frameIndex());
            SimFrames.assertSameFrame(sent.get(i), out.get(i));
        }
    }
}
