package io.github.camelvenc.engine.ascend;

import static io.github.camelvenc.engine.ascend.SimFrames.num;
import static io.github.camelvenc.engine.ascend.SimFrames.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelClosedException;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.FrameType;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.Profile;
import io.github.camelvenc.engine.RcMode;

/** Full channel life cycles on the simulator, in ACL_DEVICE (0) and ACL_HOST (1) run mode. */
class AscendChannelTest {

    @AfterEach
    void nothingLeft() {
        Sim.assertNothingLeft();
    }

    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void h265CbrLifeCycleCarriesPlanesStridesAndRateControl(int runMode) {
        Sim.reset(runMode);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H265)
                .width(328).height(184).rcMode(RcMode.CBR).bitRate(1500).statsTime(3).gop(10).srcFrameRate(25)
                .sceneMode(1).minQp(20).maxQp(40).minIQp(18).maxIQp(38).maxReencodeTimes(1).maxIProportion(80)
                .minIProportion(5).firstFrameStartQp(30).rowQpDelta(2).direction(5)
                .thresholdI(seq(1)).thresholdP(seq(2)).thresholdB(seq(3)).ipQpDelta(4).build();
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        try (Channel ch = Encoders.open(cfg, sink)) {
            assertTrue(ch.backendName().startsWith("ascend/Ascend310P3"), ch.backendName());
            assertTrue(ch.backendName().endsWith(runMode == 1 ? "ACL_HOST" : "ACL_DEVICE"), ch.backendName());
            for (int i = 0; i < 40; i++) {
                if (i == 15) {
                    ch.requestIdr();
                }
                if (i == 25) {
                    ch.reconfigure(ch.config().toBuilder().bitRate(900).build());
                }
                SimFrames.Sent s = SimFrames.frame(328, 184, 400, PixelFormat.NV12, 1000 + i * 40L, i);
                sent.add(s);
                assertEquals(i, ch.send(s.frame()));
            }
            ch.flush();
            assertEquals(40, ch.stats().framesOut());
        }
        List<Packet> out = sink.encoded();
        assertEquals(40, out.size());
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        for (int i = 0; i < 40; i++) {
            Packet p = out.get(i);
            assertEquals(i, p.frameIndex());
            assertEquals(1000 + i * 40L, p.pts());
            SimFrames.assertSameFrame(sent.get(i), p);
            Map<String, String> r = record(p);
            assertEquals(336, num(r, "ys"), "width_stride = ALIGN16(328)");
            assertEquals(336, num(r, "uvs"));
            assertEquals(328, num(r, "w"));
            assertEquals(184, num(r, "h"));
            assertEquals(1, num(r, "fmt"));
            assertEquals(265, num(r, "type"));
            assertEquals(0, num(r, "profile"));
            assertEquals(328, num(r, "maxw"));
            assertEquals(184, num(r, "maxh"));
            assertEquals(AscendChannel.streamBufferSize(328, 184), num(r, "buf"));
            assertEquals((328 * 184 * 3 / 2 + 63) / 64 * 64, num(r, "buf"), "buf_size = ALIGN64(w*h*3/2)");
            assertEquals(11, num(r, "rc"), "HI_VENC_RC_MODE_H265_CBR");
            assertEquals(10, num(r, "gop"));
            assertEquals(3, num(r, "stats"));
            assertEquals(25, num(r, "src"));
            assertEquals(25, num(r, "dst"));
            assertEquals(i < 25 ? 1500 : 900, num(r, "br"));
            assertEquals(1, num(r, "scene"));
            assertEquals(0, num(r, "gopmode"));
            assertEquals(4, num(r, "g1"), "normal_p.ip_qp_delta");
            assertEquals(40, num(r, "maxqp"), "rc params must be re-applied after set_chn_attr");
            assertEquals(20, num(r, "minqp"));
            assertEquals(38, num(r, "maxiqp"));
            assertEquals(18, num(r, "miniqp"));
            assertEquals(80, num(r, "maxip"));
            assertEquals(5, num(r, "minip"));
            assertEquals(1, num(r, "reenc"));
            assertEquals(30, num(r, "ffqp"));
            assertEquals(2, num(r, "rowqp"));
            assertEquals(5, num(r, "dir"));
            assertEquals(weighted(1), num(r, "thi"));
            assertEquals(weighted(2), num(r, "thp"));
            assertEquals(weighted(3), num(r, "thb"));
            boolean idr = i < 15 ? i % 10 == 0 : (i - 15) % 10 == 0;
            assertEquals(idr ? FrameType.IDR : FrameType.P, p.frameType(), "frame " + i);
            assertArrayEquals(idr ? new int[] {32, 33, 34, 19} : new int[] {1}, p.nalTypes(), "frame " + i);
        }
    }

    @ParameterizedTest(name = "run mode {0}")
    @ValueSource(ints = {0, 1})
    void h264VbrNv21WithFrameRateDropsAndDualP(int runMode) {
        Sim.reset(runMode);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264)
                .profile(Profile.MAIN).width(176).height(144).pixelFormat(PixelFormat.NV21).rcMode(RcMode.VBR)
                .maxBitRate(800).chgPos(70).gop(8).gopMode(GopMode.DUAL_P).spInterval(3).spQpDelta(-2)
                .srcFrameRate(30).dstFrameRate(15).build();
        Collector sink = new Collector();
        List<SimFrames.Sent> sent = new ArrayList<>();
        Channel ch = Encoders.open(cfg, sink);
        try {
            for (int i = 0; i < 20; i++) {
                SimFrames.Sent s = SimFrames.frame(176, 144, 176, PixelFormat.NV21, i * 33L, 100 + i);
                sent.add(s);
                ch.send(s.frame());
            }
            assertThrows(InvalidFrameException.class, () -> ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV21,
                    0, 1).frame()), "pts going backwards");
            ch.flush();
            assertEquals(10, ch.stats().framesDropped());
        } finally {
            ch.close();
        }
        assertThrows(ChannelClosedException.class, ch::close);
        assertThrows(ChannelClosedException.class, () -> ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV21,
                999, 1).frame()));
        List<Packet> out = sink.encoded();
        assertEquals(10, out.size());
        for (int k = 0; k < 10; k++) {
            Packet p = out.get(k);
            assertEquals(2L * k, p.frameIndex());
            SimFrames.assertSameFrame(sent.get(2 * k), p);
            Map<String, String> r = record(p);
            assertEquals(2, num(r, "fmt"), "NV21");
            assertEquals(96, num(r, "type"));
            assertEquals(1, num(r, "profile"));
            assertEquals(2, num(r, "rc"), "HI_VENC_RC_MODE_H264_VBR");
            assertEquals(800, num(r, "br"));
            assertEquals(15, num(r, "src"), "frames are dropped in Java: src = dst");
            assertEquals(15, num(r, "dst"));
            assertEquals(70, num(r, "chgpos"));
            assertEquals(1, num(r, "gopmode"));
            assertEquals(3, num(r, "g1"));
            assertEquals(-2, num(r, "g2"));
            assertEquals(k % 8 == 0 ? FrameType.IDR : FrameType.P, p.frameType());
            assertArrayEquals(k % 8 == 0 ? new int[] {7, 8, 5} : new int[] {1}, p.nalTypes());
        }
    }

    private static List<Integer> seq(int step) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            l.add((i * step) % 256);
        }
        return l;
    }

    private static int weighted(int step) {
        int s = 0;
        for (int i = 0; i < 16; i++) {
            s += ((i * step) % 256) * (i + 1);
        }
        return s;
    }
}
