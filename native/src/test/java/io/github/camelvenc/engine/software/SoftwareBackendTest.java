package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.testing.H264SliceQp;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Discovery, probing, and every rc mode and tuning option producing a decodable stream at the right rate. */
class SoftwareBackendTest {
    private static final TestClip CLIP = Encoding.clip();

    @TempDir
    Path dir;

    @Test
    void isFoundByServiceLoaderAndReportsTheLibraryBuilds() {
        EncoderBackend backend = Encoders.backends().get(BackendKind.SOFTWARE);
        assertInstanceOf(SoftwareBackend.class, backend);
        EncoderBackend.Availability a = backend.probe(0);
        assertTrue(a.usable(), a.detail());
        assertTrue(a.detail().contains("x264 build 164") && a.detail().contains("build 199"), a.detail());
        assertInstanceOf(SoftwareBackend.class, Encoders.select(BackendKind.SOFTWARE, 0));
        try (Channel c = Encoders.open(Encoding.config(Codec.H264).build(), new PacketCollector())) {
            assertEquals("software/x264 build 164", c.backendName());
        }
        try (Channel c = Encoders.open(Encoding.config(Codec.H265).build(), new PacketCollector())) {
            assertTrue(c.backendName().startsWith("software/x265 3.5"), c.backendName());
        }
    }

    /** rc mode, its rate option, the expected average (kbit/s) and the tolerance as a fraction; 0 = cap only. */
    static Stream<Arguments> rcModes() {
        return Stream.of(Codec.values()).flatMap(codec -> Stream.of(
                Arguments.of(codec, RcMode.CBR, 350, 0.15, false),
                Arguments.of(codec, RcMode.VBR, 350, 0.0, true),
                Arguments.of(codec, RcMode.AVBR, 350, 0.0, true),
                Arguments.of(codec, RcMode.QVBR, 350, 0.15, false),
                Arguments.of(codec, RcMode.CVBR, 350, 0.0, true)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rcModes")
    void everyRcModeHoldsItsRate(Codec codec, RcMode mode, int kbps, double tolerance, boolean capOnly)
            throws IOException {
        int fps = 30;
        int frames = 3 * fps;
        ChannelConfig config = Encoding.config(codec).rcMode(mode).bitRate(kbps).maxBitRate(kbps)
                .targetBitRate(kbps).gop(30).build();
        PacketCollector sink = Encoding.encode(config, CLIP, frames);
        double measured = sink.kbps(0, frames, fps);
        if (capOnly) {
            assertTrue(measured <= kbps * 1.15, mode + " must stay under " + kbps + " kbit/s, measured " + measured);
            assertTrue(measured >= kbps * 0.2, mode + " produced almost nothing: " + measured);
        } else {
            assertTrue(Math.abs(measured - kbps) <= kbps * tolerance, mode + " aims at " + kbps + ", measured "
                    + measured);
        }
        assertEquals(frames, MediaTools.frames(Encoding.write(sink, dir, mode.name(), codec)).size());
    }

    static Stream<Arguments> tunings() {
        return Stream.of(Codec.values()).flatMap(codec -> Stream.of(
                Arguments.of(codec, Encoding.config(codec).sceneMode(1).rowQpDelta(0)),
                Arguments.of(codec, Encoding.config(codec).sceneMode(2).rowQpDelta(10)),
                Arguments.of(codec, Encoding.config(codec).ipQpDelta(30).swPreset("ultrafast")),
                Arguments.of(codec, Encoding.config(codec).ipQpDelta(-10).swPreset("faster").threads(2)),
                Arguments.of(codec, Encoding.config(codec).rcMode(RcMode.FIXQP).iQp(0).pQp(51)),
                Arguments.of(codec, Encoding.config(codec).minQp(30).maxQp(34).minIQp(30).maxIQp(34)),
                Arguments.of(codec, Encoding.config(codec).statsTime(60).maxReencodeTimes(0).lowLatency(false)),
                Arguments.of(codec, Encoding.config(codec).pixelFormat(PixelFormat.NV21).gop(1))));
    }

    @ParameterizedTest
    @MethodSource("tunings")
    void tuningOptionsOpenAndEncodeDecodableStreams(Codec codec, ChannelConfig.Builder builder) throws IOException {
        ChannelConfig config = builder.build();
        PacketCollector sink = Encoding.encode(config, CLIP, 12);
        Path stream = Encoding.write(sink, dir, "tuning", codec);
        assertEquals(12, MediaTools.frames(stream).size());
        assertEquals(config.gop() == 1 ? 12 : 1, MediaTools.keyFrameIndexes(stream).size());
    }

    /** ipQpDelta puts I frames that many QP below the P frames around them (measured from the slice headers). */
    @Test
    void ipQpDeltaSetsTheIToPQpOffset() throws IOException {
        for (Codec codec : Codec.values()) {
            double flat = iToPGap(codec, 0);
            double wide = iToPGap(codec, 12);
            assertTrue(wide - flat >= 6, codec + ": P-I QP gap " + flat + " with ipQpDelta 0, " + wide + " with 12");
        }
    }

    private double iToPGap(Codec codec, int delta) throws IOException {
        int gop = 10;
        ChannelConfig config = Encoding.config(codec).bitRate(400).gop(gop).ipQpDelta(delta).rowQpDelta(0).build();
        Path stream = Encoding.write(Encoding.encode(config, CLIP, 40), dir, "ipqp" + delta, codec);
        List<Double> qps = codec == Codec.H264 ? h264PictureQps(stream)
                : MediaTools.h265SliceQps(stream).stream().map(Integer::doubleValue).toList();
        double i = 0;
        double p = 0;
        for (int n = gop; n < qps.size(); n++) {
            if (n % gop == 0) {
                i += qps.get(n);
            } else {
                p += qps.get(n);
            }
        }
        int idrs = (qps.size() - gop + gop - 1) / gop;
        return p / (qps.size() - gop - idrs) - i / idrs;
    }

    private static List<Double> h264PictureQps(Path stream) throws IOException {
        List<Double> means = new ArrayList<>();
        double sum = 0;
        int count = 0;
        for (H264SliceQp.Slice s : H264SliceQp.slices(Files.readAllBytes(stream))) {
            if (s.firstMb() == 0 && count > 0) {
                means.add(sum / count);
                sum = 0;
                count = 0;
            }
            sum += s.qp();
            count++;
        }
        means.add(sum / count);
        return means;
    }

    @Test
    void qpRangeBoundsTheRateControl() throws IOException {
        for (Codec codec : Codec.values()) {
            ChannelConfig config = Encoding.config(codec).bitRate(20000).minQp(36).maxQp(40).minIQp(36).maxIQp(40)
                    .rowQpDelta(0).build();
            Path stream = Encoding.write(Encoding.encode(config, CLIP, 10), dir, "qprange", codec);
            for (int qp : codec == Codec.H264 ? MediaTools.h264SliceQps(stream) : MediaTools.h265SliceQps(stream)) {
                assertTrue(qp >= 36 && qp <= 40, codec + " QP " + qp + " outside [36, 40] at 20 Mbit/s");
            }
        }
    }
}
