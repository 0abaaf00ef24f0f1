package io.github.camelvenc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.cli.QualityBench.Measured;
import io.github.camelvenc.cli.QualityBench.Row;
import io.github.camelvenc.cli.QualityBench.Spec;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.testing.MediaTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quality floors of the software backend against ffmpeg's libx264/libx265 given the closest
 * settings ({@link QualityBench}), on footage made from real photographs: every rc mode on both
 * codecs. Rates and windows come from the packet sizes ffprobe reads, PSNR and SSIM from ffmpeg's
 * filters against the source; our streams are also decoded by a decoder that shares no code with
 * libavcodec (dec265, OpenH264), which must give exactly ffmpeg's pictures.
 */
class QualityTest {
    /** PSNR may trail ffmpeg's by at most this much, dB. */
    static final double PSNR_SLACK_DB = 0.3;
    /** "Equal or lower bit rate": ours at most this much above ffmpeg's. */
    static final double RATE_SLACK = 0.03;
    /** CBR holds its target within this over the clip; a capped mode stays within it over any window. */
    static final double RATE_FLOOR = 0.05;

    @TempDir
    static Path dir;

    /** CBR 2000 kbit/s, 10 s of 720p, gop 60, statsTime 2, veryfast, throughput mode (bin/venc's default). */
    @ParameterizedTest
    @EnumSource(Codec.class)
    void cbrHoldsItsRateWithinFivePercentOverTenSecondsOf720pAtFfmpegQuality(Codec codec) throws IOException {
        Row row = QualityBench.measure(new Spec(RcMode.CBR, codec, 1280, 720, 10, false, "veryfast"), dir);
        assertEquals(300, row.ours().frames());
        double error = row.ours().kbps() / row.spec().target() - 1;
        assertTrue(Math.abs(error) <= RATE_FLOOR, String.format(Locale.ROOT,
                "CBR %d kbit/s, measured %.1f (%+.1f %%)", row.spec().target(), row.ours().kbps(), 100 * error));
        assertAtLeastFfmpeg(row);
        assertEquals(MediaTools.ffmpegDecodeMd5(row.ours().stream()),
                MediaTools.independentDecodeMd5(row.ours().stream()),
                (codec == Codec.H264 ? "OpenH264" : "dec265") + " decodes exactly ffmpeg's pictures");
    }

    /** 720p H.265 in low-latency mode (the component's default): x265 without lookahead, like ffmpeg's zerolatency. */
    @ParameterizedTest
    @EnumSource(value = RcMode.class, names = {"CBR"})
    void lowLatencyH265MatchesFfmpegZeroLatency(RcMode mode) throws IOException {
        assertAtLeastFfmpeg(QualityBench.measure(new Spec(mode, Codec.H265, 1280, 720, 10, true, "veryfast"), dir));
    }

    static Stream<Arguments> cappedModes() {
        List<Arguments> all = new ArrayList<>();
        for (RcMode mode : List.of(RcMode.VBR, RcMode.AVBR, RcMode.QVBR, RcMode.CVBR)) {
            for (Codec codec : Codec.values()) {
                all.add(Arguments.of(mode, codec));
            }
        }
        return all.stream();
    }

    /**
     * 6 s of 640x360 (three 2 s windows, the hard cut inside the second one). Each encoder picks its
     * own average under the cap; ours must be equal (within 3 %) or lower, at ffmpeg's PSNR.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cappedModes")
    void cappedModesNeverExceedTheCapOverAnyStatsTimeWindow(RcMode mode, Codec codec) throws IOException {
        Row row = QualityBench.measure(new Spec(mode, codec, 640, 360, 6, false, "veryfast"), dir);
        int cap = row.spec().target();
        assertTrue(row.ours().windowMaxKbps() <= cap * (1 + RATE_FLOOR), String.format(Locale.ROOT,
                "%s capped at %d kbit/s: %.1f kbit/s over a %d s window", mode, cap, row.ours().windowMaxKbps(),
                row.spec().window()));
        assertTrue(row.ours().kbps() >= cap * 0.2, mode + " produced almost nothing: " + row.ours().kbps());
        assertAtLeastFfmpeg(row);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void fixQpCodesExactlyTheQpsAtFfmpegQuality(Codec codec) throws IOException {
        Row row = QualityBench.measure(new Spec(RcMode.FIXQP, codec, 640, 360, 4, false, "veryfast"), dir);
        Path stream = row.ours().stream();
        List<Integer> qps = codec == Codec.H264 ? MediaTools.h264SliceQps(stream) : MediaTools.h265SliceQps(stream);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < row.ours().frames(); i++) {
            expected.add(i % QualityBench.GOP == 0 ? QualityBench.FIXQP_I : QualityBench.FIXQP_P);
        }
        assertEquals(expected, qps, "QP of each picture, read from the slice headers");
        assertAtLeastFfmpeg(row);
    }

    /** PSNR at least ffmpeg's − 0.3 dB at an equal (within 3 %) or lower bit rate; SSIM reported. */
    private static void assertAtLeastFfmpeg(Row row) {
        Measured ours = row.ours();
        Measured ff = row.ffmpeg();
        String what = describe(row);
        assertEquals(ff.frames(), ours.frames(), what);
        assertTrue(ours.kbps() <= ff.kbps() * (1 + RATE_SLACK), "bit rate above ffmpeg's: " + what);
        assertTrue(ours.psnr() >= ff.psnr() - PSNR_SLACK_DB, "PSNR below ffmpeg's: " + what);
    }

    /** Both streams' rate, PSNR and SSIM, for messages. */
    private static String describe(Row row) {
        Measured ours = row.ours();
        Measured ff = row.ffmpeg();
        return String.format(Locale.ROOT, "%s %s %s: ours %.1f kbit/s %.2f dB SSIM %.4f, ffmpeg %.1f kbit/s %.2f dB"
                + " SSIM %.4f", row.spec().mode(), row.spec().codec().id(), row.spec().size(), ours.kbps(), ours.psnr(),
                ours.ssim(), ff.kbps(), ff.psnr(), ff.ssim());
    }
}
