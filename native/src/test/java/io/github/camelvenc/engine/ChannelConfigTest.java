package io.github.camelvenc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of every option, defaults, presets and the run-time change rule. */
class ChannelConfigTest {

    private static ChannelConfig.Builder base() {
        return ChannelConfig.builder().width(320).height(240);
    }

    private static Arguments bad(String option, Object value, UnaryOperator<ChannelConfig.Builder> set) {
        return Arguments.of(option, String.valueOf(value), set);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                bad("deviceId", -1, b -> b.deviceId(-1)),
                bad("deviceId", 64, b -> b.deviceId(64)),
                bad("width", 15, b -> b.width(14).maxWidth(320)),
                bad("width", 321, b -> b.width(321)),
                bad("width", 8194, b -> b.width(8194)),
                bad("height", 241, b -> b.height(241)),
                bad("maxWidth", 160, b -> b.maxWidth(160)),
                bad("maxHeight", 120, b -> b.maxHeight(120)),
                bad("profile", "baseline", b -> b.codec(Codec.H265).profile(Profile.BASELINE)),
                bad("bitRate", 1, b -> b.bitRate(1)),
                bad("bitRate", 614401, b -> b.bitRate(614401)),
                bad("maxBitRate", 1, b -> b.maxBitRate(1)),
                bad("targetBitRate", 700000, b -> b.targetBitRate(700000)),
                bad("statsTime", 0, b -> b.statsTime(0)),
                bad("statsTime", 61, b -> b.statsTime(61)),
                bad("shortTermStatsTime", 121, b -> b.shortTermStatsTime(121)),
                bad("longTermStatsTime", 0, b -> b.longTermStatsTime(0)),
                bad("longTermStatsTimeUnit", 1801, b -> b.longTermStatsTimeUnit(1801)),
                bad("longTermMaxBitRate", 3000, b -> b.rcMode(RcMode.CVBR).maxBitRate(2000).longTermMaxBitRate(3000)),
                bad("longTermMinBitRate", 1500, b -> b.rcMode(RcMode.CVBR).longTermMaxBitRate(1000)
                        .longTermMinBitRate(1500)),
                bad("iQp", 52, b -> b.iQp(52)),
                bad("pQp", -1, b -> b.pQp(-1)),
                bad("bQp", 52, b -> b.bQp(52)),
                bad("gop", 0, b -> b.gop(0)),
                bad("gop", 65537, b -> b.gop(65537)),
                bad("ipQpDelta", -11, b -> b.ipQpDelta(-11)),
                bad("ipQpDelta", 31, b -> b.ipQpDelta(31)),
                bad("spQpDelta", 31, b -> b.spQpDelta(31)),
                bad("bgQpDelta", -11, b -> b.bgQpDelta(-11)),
                bad("viQpDelta", 31, b -> b.viQpDelta(31)),
                bad("spInterval", 1, b -> b.gopMode(GopMode.DUAL_P).spInterval(1)),
                bad("spInterval", 30, b -> b.gopMode(GopMode.DUAL_P).gop(30).spInterval(30)),
                bad("bgInterval", 45, b -> b.gopMode(GopMode.SMART_P).gop(30).bgInterval(45)),
                bad("srcFrameRate", 0, b -> b.srcFrameRate(0)),
                bad("srcFrameRate", 241, b -> b.srcFrameRate(241)),
                bad("dstFrameRate", 31, b -> b.srcFrameRate(30).dstFrameRate(31)),
                bad("minQp", 52, b -> b.minQp(52)),
                bad("maxQp", 9, b -> b.minQp(10).maxQp(9)),
                bad("minIQp", -1, b -> b.minIQp(-1)),
                bad("maxIQp", 5, b -> b.minIQp(10).maxIQp(5)),
                bad("firstFrameStartQp", -2, b -> b.firstFrameStartQp(-2)),
                bad("firstFrameStartQp", 52, b -> b.firstFrameStartQp(52)),
                bad("maxReencodeTimes", 4, b -> b.maxReencodeTimes(4)),
                bad("minIProportion", 0, b -> b.minIProportion(0)),
                bad("maxIProportion", 101, b -> b.maxIProportion(101)),
                bad("chgPos", 49, b -> b.chgPos(49)),
                bad("thresholdI", "[256, ...]", b -> b.thresholdI(Collections.nCopies(16, 256))),
                bad("thresholdP", "15 values", b -> b.thresholdP(Collections.nCopies(15, 0))),
                bad("thresholdB", "[-1, ...]", b -> b.thresholdB(Collections.nCopies(16, -1))),
                bad("direction", 17, b -> b.direction(17)),
                bad("rowQpDelta", 11, b -> b.rowQpDelta(11)),
                bad("sceneMode", 3, b -> b.sceneMode(3)),
                bad("swPreset", "turbo", b -> b.swPreset("turbo")),
                bad("threads", 129, b -> b.threads(129)),
                bad("preset", "h264-8k-cinema", b -> b.preset("h264-8k-cinema")));
    }

    @Test
    void iFrameQpBoundsFollowTheExplicitPFrameBoundsUnlessSetThemselves() {
        ChannelConfig follow = base().minQp(20).maxQp(45).build();
        assertEquals(20, follow.minIQp());
        assertEquals(45, follow.maxIQp());
        ChannelConfig own = base().minQp(20).maxQp(45).minIQp(15).maxIQp(40).build();
        assertEquals(15, own.minIQp());
        assertEquals(40, own.maxIQp());
        ChannelConfig defaults = base().build();
        assertEquals(10, defaults.minIQp());
        assertEquals(51, defaults.maxIQp());
        ChannelConfig onlyMax = base().maxQp(40).build();
        assertEquals(10, onlyMax.minIQp());
        assertEquals(40, onlyMax.maxIQp());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("outOfRange")
    void everyOutOfRangeValueIsRejectedNamingTheOptionAndTheAllowedRange(String option, String value,
            UnaryOperator<ChannelConfig.Builder> set) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> set.apply(base()).build());
        assertEquals(option, e.option(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + option + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed"), "message states the allowed values: " + e.getMessage());
    }

    @Test
    void missingSizeIsRejectedNamingIt() {
        assertEquals("width", assertThrows(InvalidConfigException.class,
                () -> ChannelConfig.builder().height(240).build()).option());
        assertEquals("height", assertThrows(InvalidConfigException.class,
                () -> ChannelConfig.builder().width(320).build()).option());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ChannelConfig c = base().build();
        assertEquals(BackendKind.AUTO, c.backend());
        assertEquals(Codec.H264, c.codec());
        assertEquals(Profile.HIGH, c.profile());
        assertEquals(PixelFormat.NV12, c.pixelFormat());
        assertEquals(RcMode.CBR, c.rcMode());
        assertEquals(2000, c.bitRate());
        assertEquals(2000, c.maxBitRate());
        assertEquals(30, c.gop());
        assertEquals(GopMode.NORMAL_P, c.gopMode());
        assertEquals(30, c.srcFrameRate());
        assertEquals(30, c.dstFrameRate());
        assertEquals(1, c.statsTime());
        assertEquals(3, c.ipQpDelta());
        assertEquals(-1, c.firstFrameStartQp());
        assertEquals("veryfast", c.swPreset());
        assertTrue(c.lowLatency());
        assertEquals(Profile.MAIN, base().codec(Codec.H265).build().profile());
        assertEquals(320 * 240 * 3 / 2, c.frameSize());
        assertEquals(320, c.alignedStride());
        assertEquals(336, ChannelConfig.builder().width(322).height(240).build().alignedStride());
    }

    @Test
    void presetsCarryTheTuningGuideValuesAndExplicitOptionsOverrideThem() {
        ChannelConfig monitoring = ChannelConfig.builder().preset(Presets.H264_720P_MONITORING).build();
        assertEquals(Codec.H264, monitoring.codec());
        assertEquals(1280, monitoring.width());
        assertEquals(720, monitoring.height());
        assertEquals(RcMode.CBR, monitoring.rcMode());
        assertEquals(0, monitoring.sceneMode());
        assertEquals(2, monitoring.statsTime());
        assertEquals(Profile.HIGH, monitoring.profile());
        assertEquals(60, monitoring.gop());
        assertEquals(30, monitoring.dstFrameRate());
        assertEquals(1000, monitoring.bitRate());
        assertEquals(0, monitoring.rowQpDelta());

        ChannelConfig movie = ChannelConfig.builder().preset(Presets.H265_1080P_MOVIE).build();
        assertEquals(Codec.H265, movie.codec());
        assertEquals(1920, movie.width());
        assertEquals(1080, movie.height());
        assertEquals(1, movie.sceneMode());
        assertEquals(1, movie.statsTime());
        assertEquals(30, movie.gop());
        assertEquals(25, movie.srcFrameRate());
        assertEquals(2000, movie.bitRate());
        assertEquals(0, movie.rowQpDelta());
        assertEquals(Profile.MAIN, movie.profile());

        ChannelConfig overridden = ChannelConfig.builder().preset(" H264-720P-Monitoring ").bitRate(1500).gop(30)
                .width(640).height(360).build();
        assertEquals(1500, overridden.bitRate());
        assertEquals(1500, overridden.maxBitRate(), "derived defaults follow the explicit bit rate");
        assertEquals(30, overridden.gop());
        assertEquals(640, overridden.width());
        assertEquals(2, overridden.statsTime(), "untouched preset values stay");
        assertEquals(List.of(Presets.H264_720P_MONITORING, Presets.H265_1080P_MOVIE), Presets.names());
    }

    @Test
    void onlyRatesFrameRatesAndGopMayChangeAtRunTime() {
        ChannelConfig c = base().build();
        ChannelConfig next = c.toBuilder().bitRate(3000).maxBitRate(4000).srcFrameRate(25).dstFrameRate(10).gop(50)
                .build();
        assertEquals(next, c.requireRuntimeChangeOnly(next));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> c.requireRuntimeChangeOnly(c.toBuilder().rcMode(RcMode.VBR).build()));
        assertEquals("reconfigure", e.option());
        assertTrue(e.getMessage().contains("bitRate"), e.getMessage());
    }

    @Test
    void effectiveBitRateFollowsTheRcMode() {
        assertEquals(1000, base().bitRate(1000).build().effectiveBitRate());
        assertEquals(3000, base().rcMode(RcMode.VBR).maxBitRate(3000).build().effectiveBitRate());
        assertEquals(700, base().rcMode(RcMode.QVBR).targetBitRate(700).build().effectiveBitRate());
        assertEquals(0, base().rcMode(RcMode.FIXQP).build().effectiveBitRate());
    }

    @Test
    void enumParsersNameTheOption() {
        assertEquals(Codec.H265, Codec.parse("HEVC"));
        assertEquals(Codec.H264, Codec.parse("h.264"));
        assertEquals("codec", assertThrows(InvalidConfigException.class, () -> Codec.parse("vp9")).option());
        assertEquals("rcMode", assertThrows(InvalidConfigException.class, () -> RcMode.parse("abr")).option());
        assertEquals("gopMode", assertThrows(InvalidConfigException.class, () -> GopMode.parse("x")).option());
        assertEquals(GopMode.DUAL_P, GopMode.parse("dual-p"));
        assertEquals("pixelFormat", assertThrows(InvalidConfigException.class, () -> PixelFormat.parse("i420"))
                .option());
        assertEquals("profile", assertThrows(InvalidConfigException.class, () -> Profile.parse("extended")).option());
        assertEquals("backend", assertThrows(InvalidConfigException.class, () -> BackendKind.parse("gpu")).option());
    }

    @Test
    void tuningAppliesTheGuidesTable2AdviceUnderExplicitOptions() {
        ChannelConfig firstFrame = base().minIQp(30).maxIQp(40).minQp(30).maxQp(40)
                .tuning(Tuning.parse("low-bit-rate-first-frame")).build();
        assertEquals(35, firstFrame.firstFrameStartQp(), "mean of [minIQp, maxIQp]");
        assertEquals(0, firstFrame.maxReencodeTimes());
        assertTrue(firstFrame.isRcParamExplicit("firstFrameStartQp"));
        assertTrue(firstFrame.isRcParamExplicit("maxReencodeTimes"));
        assertEquals(30, base().tuning(Tuning.LOW_BIT_RATE_FIRST_FRAME).build().firstFrameStartQp(),
                "mean of the default [10, 51]");
        ChannelConfig explicit = base().tuning(Tuning.LOW_BIT_RATE_FIRST_FRAME).firstFrameStartQp(20)
                .maxReencodeTimes(1).build();
        assertEquals(20, explicit.firstFrameStartQp());
        assertEquals(1, explicit.maxReencodeTimes());
        assertEquals(0, base().tuning(Tuning.OBJECTIVE_QUALITY).build().rowQpDelta());
        assertEquals(1, base().tuning(Tuning.MOVING_SCENE).build().sceneMode());
        ChannelConfig none = base().build();
        assertEquals(Tuning.NONE, none.tuning());
        assertEquals(-1, none.firstFrameStartQp());
        assertEquals(2, none.maxReencodeTimes());
        assertEquals(1, none.rowQpDelta());
        assertEquals(Tuning.OBJECTIVE_QUALITY, none.toBuilder().tuning(Tuning.OBJECTIVE_QUALITY).build().tuning());
        assertEquals("tuning", assertThrows(InvalidConfigException.class, () -> Tuning.parse("blurry")).option());
    }
}
