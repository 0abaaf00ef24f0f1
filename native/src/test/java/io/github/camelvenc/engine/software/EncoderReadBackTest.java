package io.github.camelvenc.engine.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.testing.H264SliceQp;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the encoders actually did with the options whose mapping differs between x264 and x265, read
 * back from the stream rather than from the parameters passed: the option string x264 writes into
 * its user-data SEI (the values after its own preset, tune and clamping), the absence of any SEI from
 * x265 ({@code info=0}), and the VUI timing both write. The QPs (FIXQP, firstFrameStartQp, ipQpDelta,
 * the QP range) are read from the slice headers in {@link SoftwareEncodingTest},
 * {@link SoftwareBackendTest} and {@code QualityTest}.
 */
class EncoderReadBackTest {
    private static final TestClip CLIP = Encoding.clip();

    @TempDir
    Path dir;

    /** Low latency, VBR, scene mode 2, strong macroblock-level RC, ipQpDelta 6. */
    @Test
    void x264ReportsTheMappedRateControlTuningAndLatency() throws IOException {
        ChannelConfig config = Encoding.config(Codec.H264).rcMode(RcMode.VBR).maxBitRate(600).statsTime(2)
                .sceneMode(2).rowQpDelta(4).ipQpDelta(6).lowLatency(true).build();
        Map<String, String> o = x264Options(config);
        assertEquals("cbr", o.get("rc"), "chgPos 90 % of maxBitRate is the VBV fill rate: x264 calls that cbr");
        assertEquals("540", o.get("bitrate"), "chgPos 90 % of maxBitRate, at most the VBV fill rate");
        assertEquals("540", o.get("vbv_maxrate"), "90 % of maxBitRate");
        assertEquals("180", o.get("vbv_bufsize"), "15 % of maxBitRate x statsTime");
        assertEquals("0.80", o.get("qcomp"), "sceneMode 2");
        assertEquals("16", o.get("me_range"), "the merange 24 of sceneMode 2 does not reach x264's veryfast search");
        assertEquals("1:2.50", o.get("aq"), "rowQpDelta 4: aq-mode 1, strength 0.5 + 0.5 x 4");
        assertEquals("2.00", o.get("ip_ratio"), "2^(ipQpDelta/6)");
        assertEquals("10", o.get("qpmin"));
        assertEquals("51", o.get("qpmax"));
        assertEquals("0", o.get("rc_lookahead"), "zerolatency: no lookahead");
        assertEquals("0", o.get("mbtree"), "zerolatency: no mb-tree");
        assertEquals("0", o.get("bframes"));
        assertEquals("infinite", o.get("keyint"), "the channel forces the IDRs");
        assertEquals("0", o.get("scenecut"));
        assertEquals("none", o.get("nal_hrd"), "no HRD, like the VENC");
    }

    /** Throughput mode, CBR, macroblock-level RC off, scene mode 1. */
    @Test
    void x264ReportsCbrWithLookaheadAndAqOff() throws IOException {
        ChannelConfig config = Encoding.config(Codec.H264).rcMode(RcMode.CBR).bitRate(500).statsTime(1)
                .rowQpDelta(0).sceneMode(1).lowLatency(false).build();
        Map<String, String> o = x264Options(config);
        assertEquals("cbr", o.get("rc"));
        assertEquals("500", o.get("bitrate"));
        assertEquals("500", o.get("vbv_maxrate"));
        assertEquals("500", o.get("vbv_bufsize"), "bitRate x statsTime");
        assertEquals("1:0.00", o.get("aq"), "rowQpDelta 0: aq-mode 0, which x264 turns into mode 1 at strength 0"
                + " because mb-tree needs the AQ machinery: no adaptive quantisation either way");
        assertEquals("0.70", o.get("qcomp"), "sceneMode 1");
        assertEquals("1", o.get("mbtree"), "throughput mode keeps the preset's mb-tree");
        assertTrue(Integer.parseInt(o.get("rc_lookahead")) > 0, "throughput mode keeps a lookahead: " + o);
        assertEquals("0", o.get("sliced_threads"));
    }

    @Test
    void x265WritesNoSeiAtAll() throws IOException {
        Path stream = Encoding.write(Encoding.encode(Encoding.config(Codec.H265).build(), CLIP, 5), dir, "sei",
                Codec.H265);
        for (byte[] nal : H264SliceQp.nalUnits(Files.readAllBytes(stream))) {
            int type = (nal[0] >> 1) & 0x3F;
            assertFalse(type == 39 || type == 40, "SEI NAL unit (type " + type + ") despite info=0");
        }
    }

    /** dstFrameRate is the frame rate both encoders write into the VUI timing information. */
    @ParameterizedTest
    @EnumSource(Codec.class)
    void vuiTimingIsTheDstFrameRate(Codec codec) throws IOException {
        ChannelConfig config = Encoding.config(codec).srcFrameRate(30).dstFrameRate(15).build();
        Path stream = Encoding.write(Encoding.encode(config, CLIP, 30), dir, "vui", codec);
        String rate = MediaTools.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=r_frame_rate", "-of", "csv=p=0", stream.toString()).stdoutText().strip();
        assertEquals("15/1", rate, "VUI timing of " + codec);
    }

    /** The {@code key=value} options of x264's user-data SEI in the stream of a short encode. */
    private Map<String, String> x264Options(ChannelConfig config) throws IOException {
        PacketCollector sink = Encoding.encode(config, CLIP, 10);
        Path stream = Encoding.write(sink, dir, "x264-sei", Codec.H264);
        List<byte[]> nals = H264SliceQp.nalUnits(Files.readAllBytes(stream));
        for (byte[] nal : nals) {
            if ((nal[0] & 0x1F) != 6) {
                continue;
            }
            String text = new String(nal, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("options: ");
            if (at >= 0) {
                Map<String, String> o = new HashMap<>();
                for (String kv : text.substring(at + 9).split(" ")) {
                    String[] p = kv.split("=", 2);
                    if (p.length == 2) {
                        o.put(p[0], p[1].replaceAll("[^\\x20-\\x7e]", ""));
                    }
                }
                return o;
            }
        }
        throw new AssertionError("no x264 options SEI in the stream");
    }
}
