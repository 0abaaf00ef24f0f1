package io.github.camelvenc.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One complete, validated channel configuration. It mirrors {@code hi_venc_chn_attr} and
 * {@code hi_venc_rc_param}: each field carries the camelCase name of the VENC field it maps to.
 * Bit rates are in kbit/s, stats times in seconds, frame rates in frames per second.
 *
 * <p>Build it with {@link #builder()}; {@link Builder#build()} applies the preset (if any) under the
 * explicit values, fills defaults and rejects every out-of-range or inconsistent value with an
 * {@link InvalidConfigException} naming the option, the value and the allowed range. No native code
 * runs before a configuration is valid.
 */
public record ChannelConfig(
        BackendKind backend,
        int deviceId,
        Codec codec,
        Profile profile,
        int width,
        int height,
        int maxWidth,
        int maxHeight,
        PixelFormat pixelFormat,
        RcMode rcMode,
        int bitRate,
        int maxBitRate,
        int targetBitRate,
        int statsTime,
        int shortTermStatsTime,
        int longTermStatsTime,
        int longTermStatsTimeUnit,
        int longTermMaxBitRate,
        int longTermMinBitRate,
        int iQp,
        int pQp,
        int bQp,
        int gop,
        GopMode gopMode,
        int ipQpDelta,
        int spInterval,
        int spQpDelta,
        int bgInterval,
        int bgQpDelta,
        int viQpDelta,
        int srcFrameRate,
        int dstFrameRate,
        int minQp,
        int maxQp,
        int minIQp,
        int maxIQp,
        int firstFrameStartQp,
        int maxReencodeTimes,
        int maxIProportion,
        int minIProportion,
        int chgPos,
        List<Integer> thresholdI,
        List<Integer> thresholdP,
        List<Integer> thresholdB,
        int direction,
        int rowQpDelta,
        int sceneMode,
        String swPreset,
        int threads,
        boolean lowLatency,
        BitRateRecommender.Scenario scenario,
        Tuning tuning,
        String preset,
        Set<String> explicitRcParams) {

    /** Largest bit rate the VENC accepts, kbit/s. */
    public static final int MAX_BIT_RATE = 614400;
    /** Largest picture side the engine accepts on any backend; backends may narrow it. */
    public static final int MAX_SIDE = 8192;
    /** Smallest picture side the engine accepts on any backend; backends may narrow it. */
    public static final int MIN_SIDE = 16;
    /** Largest input frame rate ({@code srcFrameRate}), frames per second. */
    public static final int MAX_FRAME_RATE = 240;
    /** Number of macroblock-level rate-control thresholds per frame type. */
    public static final int THRESHOLD_COUNT = 16;
    /** The options that map to {@code hi_venc_rc_param} (see {@link #isRcParamExplicit(String)}). */
    public static final List<String> RC_PARAM_OPTIONS = List.of("minQp", "maxQp", "minIQp", "maxIQp",
            "firstFrameStartQp", "maxReencodeTimes", "maxIProportion", "minIProportion", "chgPos", "thresholdI",
            "thresholdP", "thresholdB", "direction", "rowQpDelta", "longTermStatsTimeUnit");
    /** x264/x265 speed presets accepted by {@code swPreset}. */
    public static final List<String> SW_PRESETS = List.of(
            "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow");

    /** Use {@link #builder()}: only {@link Builder#build()} and {@link #validate()} check the values. */
    public ChannelConfig {
        thresholdI = List.copyOf(thresholdI);
        thresholdP = List.copyOf(thresholdP);
        thresholdB = List.copyOf(thresholdB);
        explicitRcParams = Set.copyOf(explicitRcParams);
    }

    /**
     * The {@code hi_venc_rc_param} options ({@link #RC_PARAM_OPTIONS}) given explicitly or by the preset;
     * the others hold the documented defaults, which the Ascend backend does not write over the
     * driver's own values (it reads, changes only these, and writes back, as Huawei's samples do).
     */
    public boolean isRcParamExplicit(String option) {
        return explicitRcParams.contains(option);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every value of this configuration as explicit, for derived configurations. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.backend = backend;
        b.deviceId = deviceId;
        b.codec = codec;
        b.profile = profile;
        b.width = width;
        b.height = height;
        b.maxWidth = maxWidth;
        b.maxHeight = maxHeight;
        b.pixelFormat = pixelFormat;
        b.rcMode = rcMode;
        b.bitRate = bitRate;
        b.maxBitRate = maxBitRate;
        b.targetBitRate = targetBitRate;
        b.statsTime = statsTime;
        b.shortTermStatsTime = shortTermStatsTime;
        b.longTermStatsTime = longTermStatsTime;
        b.longTermStatsTimeUnit = longTermStatsTimeUnit;
        b.longTermMaxBitRate = longTermMaxBitRate;
        b.longTermMinBitRate = longTermMinBitRate;
        b.iQp = iQp;
        b.pQp = pQp;
        b.bQp = bQp;
        b.gop = gop;
        b.gopMode = gopMode;
        b.ipQpDelta = ipQpDelta;
        b.spInterval = spInterval;
        b.spQpDelta = spQpDelta;
        b.bgInterval = bgInterval;
        b.bgQpDelta = bgQpDelta;
        b.viQpDelta = viQpDelta;
        b.srcFrameRate = srcFrameRate;
        b.dstFrameRate = dstFrameRate;
        b.minQp = minQp;
        b.maxQp = maxQp;
        b.minIQp = minIQp;
        b.maxIQp = maxIQp;
        b.firstFrameStartQp = firstFrameStartQp;
        b.maxReencodeTimes = maxReencodeTimes;
        b.maxIProportion = maxIProportion;
        b.minIProportion = minIProportion;
        b.chgPos = chgPos;
        b.thresholdI = thresholdI;
        b.thresholdP = thresholdP;
        b.thresholdB = thresholdB;
        b.direction = direction;
        b.rowQpDelta = rowQpDelta;
        b.sceneMode = sceneMode;
        b.swPreset = swPreset;
        b.threads = threads;
        b.lowLatency = lowLatency;
        b.scenario = scenario;
        b.tuning = tuning;
        b.preset = preset;
        b.source = this;
        return b;
    }

    /** The bit rate the rate control aims at on average for the rc mode, kbit/s (0 for FIXQP). */
    public int effectiveBitRate() {
        switch (rcMode) {
            case CBR:
                return bitRate;
            case QVBR:
                return targetBitRate;
            case FIXQP:
                return 0;
            default:
                return maxBitRate;
        }
    }

    /** Luma bytes per row in the VENC input buffer: {@code ALIGN16(width)}. */
    public int alignedStride() {
        return (width + 15) & ~15;
    }

    /** Size in bytes of one tightly packed frame ({@code width * height * 3 / 2}). */
    public int frameSize() {
        return width * height * 3 / 2;
    }

    /**
     * Checks that {@code next} differs from this configuration only in what a live channel can change
     * (bit rates, frame rates, gop) and returns it.
     */
    public ChannelConfig requireRuntimeChangeOnly(ChannelConfig next) {
        Objects.requireNonNull(next, "next");
        ChannelConfig same = next.toBuilder()
                .bitRate(bitRate).maxBitRate(maxBitRate).targetBitRate(targetBitRate)
                .longTermMaxBitRate(longTermMaxBitRate).longTermMinBitRate(longTermMinBitRate)
                .srcFrameRate(srcFrameRate).dstFrameRate(dstFrameRate).gop(gop)
                .bgInterval(bgInterval).spInterval(spInterval)
                .build();
        if (!same.equals(this)) {
            throw InvalidConfigException.conflict("reconfigure",
                    "only bitRate, maxBitRate, targetBitRate, longTermMaxBitRate, longTermMinBitRate, "
                            + "srcFrameRate, dstFrameRate and gop can change on an open channel");
        }
        return next;
    }

    /**
     * Checks every value and every relation between values; {@link Builder#build()} calls it.
     *
     * @return this configuration
     * @throws InvalidConfigException naming the first offending option, its value and the allowed range
     */
    public ChannelConfig validate() {
        check(this);
        return this;
    }

    private static void check(ChannelConfig c) {
        Objects.requireNonNull(c.backend, "backend");
        Objects.requireNonNull(c.codec, "codec");
        Objects.requireNonNull(c.profile, "profile");
        Objects.requireNonNull(c.pixelFormat, "pixelFormat");
        Objects.requireNonNull(c.rcMode, "rcMode");
        Objects.requireNonNull(c.gopMode, "gopMode");
        Objects.requireNonNull(c.swPreset, "swPreset");
        Objects.requireNonNull(c.tuning, "tuning");
        range("deviceId", c.deviceId, 0, 63);
        side("width", c.width);
        side("height", c.height);
        side("maxWidth", c.maxWidth);
        side("maxHeight", c.maxHeight);
        if (c.maxWidth < c.width) {
            throw new InvalidConfigException("maxWidth", c.maxWidth, "[width=" + c.width + ", " + MAX_SIDE + "], even");
        }
        if (c.maxHeight < c.height) {
            throw new InvalidConfigException("maxHeight", c.maxHeight, "[height=" + c.height + ", " + MAX_SIDE + "], even");
        }
        if (c.codec == Codec.H265 && c.profile != Profile.MAIN) {
            throw new InvalidConfigException("profile", c.profile.name().toLowerCase(Locale.ROOT), "main for H.265");
        }
        range("bitRate", c.bitRate, 2, MAX_BIT_RATE);
        range("maxBitRate", c.maxBitRate, 2, MAX_BIT_RATE);
        range("targetBitRate", c.targetBitRate, 2, MAX_BIT_RATE);
        range("statsTime", c.statsTime, 1, 60);
        range("shortTermStatsTime", c.shortTermStatsTime, 1, 120);
        range("longTermStatsTime", c.longTermStatsTime, 1, 1440);
        range("longTermStatsTimeUnit", c.longTermStatsTimeUnit, 1, 1800);
        range("longTermMaxBitRate", c.longTermMaxBitRate, 2, MAX_BIT_RATE);
        range("longTermMinBitRate", c.longTermMinBitRate, 2, MAX_BIT_RATE);
        if (c.rcMode == RcMode.CVBR) {
            if (c.longTermMaxBitRate > c.maxBitRate) {
                throw new InvalidConfigException("longTermMaxBitRate", c.longTermMaxBitRate,
                        "[longTermMinBitRate=" + c.longTermMinBitRate + ", maxBitRate=" + c.maxBitRate + "]");
            }
            if (c.longTermMinBitRate > c.longTermMaxBitRate) {
                throw new InvalidConfigException("longTermMinBitRate", c.longTermMinBitRate,
                        "[2, longTermMaxBitRate=" + c.longTermMaxBitRate + "]");
            }
        }
        range("iQp", c.iQp, 0, 51);
        range("pQp", c.pQp, 0, 51);
        range("bQp", c.bQp, 0, 51);
        range("gop", c.gop, 1, 65536);
        range("ipQpDelta", c.ipQpDelta, -10, 30);
        range("spQpDelta", c.spQpDelta, -10, 30);
        range("bgQpDelta", c.bgQpDelta, -10, 30);
        range("viQpDelta", c.viQpDelta, -10, 30);
        range("spInterval", c.spInterval, 0, 65536);
        if (c.gopMode == GopMode.DUAL_P && (c.spInterval == 1 || c.spInterval >= c.gop)) {
            throw new InvalidConfigException("spInterval", c.spInterval, "0 or [2, gop-1=" + (c.gop - 1) + "]");
        }
        range("bgInterval", c.bgInterval, 1, 65536);
        if (c.gopMode == GopMode.SMART_P && (c.bgInterval < c.gop || c.bgInterval % c.gop != 0)) {
            throw new InvalidConfigException("bgInterval", c.bgInterval, "a multiple of gop=" + c.gop + ", up to 65536");
        }
        range("srcFrameRate", c.srcFrameRate, 1, MAX_FRAME_RATE);
        range("dstFrameRate", c.dstFrameRate, 1, c.srcFrameRate);
        range("minQp", c.minQp, 0, 51);
        range("maxQp", c.maxQp, c.minQp, 51);
        range("minIQp", c.minIQp, 0, 51);
        range("maxIQp", c.maxIQp, c.minIQp, 51);
        range("firstFrameStartQp", c.firstFrameStartQp, -1, 51);
        range("maxReencodeTimes", c.maxReencodeTimes, 0, 3);
        range("minIProportion", c.minIProportion, 1, 100);
        range("maxIProportion", c.maxIProportion, c.minIProportion, 100);
        range("chgPos", c.chgPos, 50, 100);
        thresholds("thresholdI", c.thresholdI);
        thresholds("thresholdP", c.thresholdP);
        thresholds("thresholdB", c.thresholdB);
        range("direction", c.direction, 0, 16);
        range("rowQpDelta", c.rowQpDelta, 0, 10);
        range("sceneMode", c.sceneMode, 0, 2);
        if (!SW_PRESETS.contains(c.swPreset)) {
            throw new InvalidConfigException("swPreset", c.swPreset, String.join(", ", SW_PRESETS));
        }
        range("threads", c.threads, 0, 128);
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(option, value, "[" + min + ", " + max + "]");
        }
    }

    private static void side(String option, int value) {
        if (value < MIN_SIDE || value > MAX_SIDE || (value & 1) != 0) {
            throw new InvalidConfigException(option, value, "even, [" + MIN_SIDE + ", " + MAX_SIDE + "]");
        }
    }

    private static void thresholds(String option, List<Integer> values) {
        if (values.size() != THRESHOLD_COUNT) {
            throw new InvalidConfigException(option, values, THRESHOLD_COUNT + " values, each [0, 255]");
        }
        for (int v : values) {
            if (v < 0 || v > 255) {
                throw new InvalidConfigException(option, values, THRESHOLD_COUNT + " values, each [0, 255]");
            }
        }
    }

    /**
     * Collects explicit values; unset ones come from the preset, then from the defaults documented on
     * each setter. Not thread-safe.
     */
    public static final class Builder {
        private BackendKind backend;
        private Integer deviceId;
        private Codec codec;
        private Profile profile;
        private Integer width;
        private Integer height;
        private Integer maxWidth;
        private Integer maxHeight;
        private PixelFormat pixelFormat;
        private RcMode rcMode;
        private Integer bitRate;
        private Integer maxBitRate;
        private Integer targetBitRate;
        private Integer statsTime;
        private Integer shortTermStatsTime;
        private Integer longTermStatsTime;
        private Integer longTermStatsTimeUnit;
        private Integer longTermMaxBitRate;
        private Integer longTermMinBitRate;
        private Integer iQp;
        private Integer pQp;
        private Integer bQp;
        private Integer gop;
        private GopMode gopMode;
        private Integer ipQpDelta;
        private Integer spInterval;
        private Integer spQpDelta;
        private Integer bgInterval;
        private Integer bgQpDelta;
        private Integer viQpDelta;
        private Integer srcFrameRate;
        private Integer dstFrameRate;
        private Integer minQp;
        private Integer maxQp;
        private Integer minIQp;
        private Integer maxIQp;
        private Integer firstFrameStartQp;
        private Integer maxReencodeTimes;
        private Integer maxIProportion;
        private Integer minIProportion;
        private Integer chgPos;
        private List<Integer> thresholdI;
        private List<Integer> thresholdP;
        private List<Integer> thresholdB;
        private Integer direction;
        private Integer rowQpDelta;
        private Integer sceneMode;
        private String swPreset;
        private Integer threads;
        private Boolean lowLatency;
        private BitRateRecommender.Scenario scenario;
        private Tuning tuning;
        private String preset;
        /** The configuration {@link ChannelConfig#toBuilder()} started from; its explicit rc params carry over. */
        private ChannelConfig source;

        Builder() {
        }

        /** Backend; default {@link BackendKind#AUTO}. */
        public Builder backend(BackendKind v) { backend = v; return this; }
        /** Ascend device id [0, 63]; default 0. */
        public Builder deviceId(Integer v) { deviceId = v; return this; }
        /** Codec; default from the preset, else H.264. */
        public Builder codec(Codec v) { codec = v; return this; }
        /** Profile; default high (H.264) or main (H.265). */
        public Builder profile(Profile v) { profile = v; return this; }
        /** Picture width, even, required (or from the preset). */
        public Builder width(Integer v) { width = v; return this; }
        /** Picture height, even, required (or from the preset). */
        public Builder height(Integer v) { height = v; return this; }
        /** Largest width the channel accepts ({@code max_pic_width}); default width. */
        public Builder maxWidth(Integer v) { maxWidth = v; return this; }
        /** Largest height the channel accepts ({@code max_pic_height}); default height. */
        public Builder maxHeight(Integer v) { maxHeight = v; return this; }
        /** Input layout; default NV12. */
        public Builder pixelFormat(PixelFormat v) { pixelFormat = v; return this; }
        /** Rate control; default CBR. */
        public Builder rcMode(RcMode v) { rcMode = v; return this; }
        /** CBR bit rate, kbit/s [2, 614400]; default 2000. */
        public Builder bitRate(Integer v) { bitRate = v; return this; }
        /** VBR/AVBR/CVBR cap, kbit/s; default bitRate. */
        public Builder maxBitRate(Integer v) { maxBitRate = v; return this; }
        /** QVBR target, kbit/s; default bitRate. */
        public Builder targetBitRate(Integer v) { targetBitRate = v; return this; }
        /** Rate-control window, seconds [1, 60]; default 1. */
        public Builder statsTime(Integer v) { statsTime = v; return this; }
        /** CVBR short-term window, seconds [1, 120]; default statsTime. */
        public Builder shortTermStatsTime(Integer v) { shortTermStatsTime = v; return this; }
        /** CVBR long-term window in units of longTermStatsTimeUnit [1, 1440]; default 1. */
        public Builder longTermStatsTime(Integer v) { longTermStatsTime = v; return this; }
        /** CVBR long-term unit, seconds [1, 1800]; default 60. */
        public Builder longTermStatsTimeUnit(Integer v) { longTermStatsTimeUnit = v; return this; }
        /** CVBR long-term upper bound, kbit/s; default maxBitRate. */
        public Builder longTermMaxBitRate(Integer v) { longTermMaxBitRate = v; return this; }
        /** CVBR long-term lower bound, kbit/s; default half of longTermMaxBitRate (at least 2). */
        public Builder longTermMinBitRate(Integer v) { longTermMinBitRate = v; return this; }
        /** FIXQP I-frame QP [0, 51]; default 30. */
        public Builder iQp(Integer v) { iQp = v; return this; }
        /** FIXQP P-frame QP [0, 51]; default 32. */
        public Builder pQp(Integer v) { pQp = v; return this; }
        /** FIXQP B-frame QP [0, 51]; default 32. */
        public Builder bQp(Integer v) { bQp = v; return this; }
        /** Frames between IDRs [1, 65536]; default 30. */
        public Builder gop(Integer v) { gop = v; return this; }
        /** GOP structure; default NORMAL_P. */
        public Builder gopMode(GopMode v) { gopMode = v; return this; }
        /** QP of P minus QP of I [-10, 30]; default 3. */
        public Builder ipQpDelta(Integer v) { ipQpDelta = v; return this; }
        /** DUAL_P special-P interval, 0 or [2, gop-1]; default 0. */
        public Builder spInterval(Integer v) { spInterval = v; return this; }
        /** DUAL_P special-P QP delta [-10, 30]; default 2. */
        public Builder spQpDelta(Integer v) { spQpDelta = v; return this; }
        /** SMART_P background interval, a multiple of gop; default gop. */
        public Builder bgInterval(Integer v) { bgInterval = v; return this; }
        /** SMART_P background QP delta [-10, 30]; default 5. */
        public Builder bgQpDelta(Integer v) { bgQpDelta = v; return this; }
        /** SMART_P virtual-I QP delta [-10, 30]; default 3. */
        public Builder viQpDelta(Integer v) { viQpDelta = v; return this; }
        /** Input frame rate [1, 240]; default 30. */
        public Builder srcFrameRate(Integer v) { srcFrameRate = v; return this; }
        /** Output frame rate [1, srcFrameRate]; default srcFrameRate. */
        public Builder dstFrameRate(Integer v) { dstFrameRate = v; return this; }
        /** Lowest P QP [0, 51]; default 10. */
        public Builder minQp(Integer v) { minQp = v; return this; }
        /** Highest P QP [minQp, 51]; default 51. */
        public Builder maxQp(Integer v) { maxQp = v; return this; }
        /** Lowest I QP [0, 51]; default minQp when that is set (explicitly or by the preset), else 10. */
        public Builder minIQp(Integer v) { minIQp = v; return this; }
        /** Highest I QP [minIQp, 51]; default maxQp when that is set (explicitly or by the preset), else 51. */
        public Builder maxIQp(Integer v) { maxIQp = v; return this; }
        /** QP of the first frame [-1, 51], -1 lets the encoder choose; default -1. */
        public Builder firstFrameStartQp(Integer v) { firstFrameStartQp = v; return this; }
        /** Re-encodes allowed per frame [0, 3]; default 2. */
        public Builder maxReencodeTimes(Integer v) { maxReencodeTimes = v; return this; }
        /** Max I/P size ratio [minIProportion, 100]; default 100. */
        public Builder maxIProportion(Integer v) { maxIProportion = v; return this; }
        /** Min I/P size ratio [1, 100]; default 1. */
        public Builder minIProportion(Integer v) { minIProportion = v; return this; }
        /** VBR/AVBR: percentage of maxBitRate at which QP starts rising [50, 100]; default 90. */
        public Builder chgPos(Integer v) { chgPos = v; return this; }
        /** Macroblock RC thresholds for I frames, 16 values [0, 255]; default all 0. */
        public Builder thresholdI(List<Integer> v) { thresholdI = v; return this; }
        /** Macroblock RC thresholds for P frames, 16 values [0, 255]; default all 0. */
        public Builder thresholdP(List<Integer> v) { thresholdP = v; return this; }
        /** Macroblock RC thresholds for B frames, 16 values [0, 255]; default all 0. */
        public Builder thresholdB(List<Integer> v) { thresholdB = v; return this; }
        /** Macroblock RC direction [0, 16]; default 8. */
        public Builder direction(Integer v) { direction = v; return this; }
        /** Max QP change between macroblock rows [0, 10], 0 turns macroblock-level RC off; default 1. */
        public Builder rowQpDelta(Integer v) { rowQpDelta = v; return this; }
        /** Scene mode 0 (fixed camera), 1 (moving camera, movie), 2 (high motion); default 0. */
        public Builder sceneMode(Integer v) { sceneMode = v; return this; }
        /** x264/x265 speed preset; default veryfast. */
        public Builder swPreset(String v) { swPreset = v; return this; }
        /** Encoder threads on the software backend, 0 = automatic; default 0. */
        public Builder threads(Integer v) { threads = v; return this; }
        /**
         * true: each frame's packet comes out for that frame (no lookahead, no frame threads);
         * false: throughput settings for whole clips. Default true.
         */
        public Builder lowLatency(Boolean v) { lowLatency = v; return this; }
        /**
         * The scenario column of the VENC guide's Table 1 that the channel's bit rate is checked
         * against when it opens (one warning when outside the range, see {@link BitRateRecommender});
         * default none: the range spanning every scenario of the picture size.
         */
        public Builder scenario(BitRateRecommender.Scenario v) { scenario = v; return this; }
        /**
         * Mechanical advice of the VENC guide's Table 2 (see {@link Tuning}), applied under the
         * explicit options and the preset; default NONE.
         */
        public Builder tuning(Tuning v) { tuning = v; return this; }
        /** Named preset of the VENC tuning guide (see {@link Presets}); explicit options override it. */
        public Builder preset(String v) { preset = v; return this; }

        /** Applies the preset under the explicit values, fills defaults and validates. */
        public ChannelConfig build() {
            Builder p = preset == null ? new Builder() : Presets.get(preset);
            Codec c = first(codec, p.codec, Codec.H264);
            RcMode rc = first(rcMode, p.rcMode, RcMode.CBR);
            int w = required("width", first(width, p.width, null));
            int h = required("height", first(height, p.height, null));
            int br = first(bitRate, p.bitRate, 2000);
            int maxBr = first(maxBitRate, p.maxBitRate, br);
            int ltMax = first(longTermMaxBitRate, p.longTermMaxBitRate, maxBr);
            int st = first(statsTime, p.statsTime, 1);
            int g = first(gop, p.gop, 30);
            int src = first(srcFrameRate, p.srcFrameRate, 30);
            int qpMin = first(minQp, p.minQp, 10);
            int qpMax = first(maxQp, p.maxQp, 51);
            Profile defaultProfile = c == Codec.H265 ? Profile.MAIN : Profile.HIGH;
            Profile presetProfile = p.codec == null || p.codec == c ? p.profile : null;
            Profile prof = first(profile, presetProfile, defaultProfile);
            Tuning tune = first(tuning, p.tuning, Tuning.NONE);
            int iQpMin = iFrameBound(minIQp, p.minIQp, minQp, qpMin);
            int iQpMax = iFrameBound(maxIQp, p.maxIQp, maxQp, qpMax);
            boolean firstFrame = tune == Tuning.LOW_BIT_RATE_FIRST_FRAME;
            return new ChannelConfig(
                    first(backend, p.backend, BackendKind.AUTO),
                    first(deviceId, p.deviceId, 0),
                    c,
                    prof,
                    w,
                    h,
                    first(maxWidth, p.maxWidth, w),
                    first(maxHeight, p.maxHeight, h),
                    first(pixelFormat, p.pixelFormat, PixelFormat.NV12),
                    rc,
                    br,
                    maxBr,
                    first(targetBitRate, p.targetBitRate, br),
                    st,
                    first(shortTermStatsTime, p.shortTermStatsTime, Math.min(st, 120)),
                    first(longTermStatsTime, p.longTermStatsTime, 1),
                    first(longTermStatsTimeUnit, p.longTermStatsTimeUnit, 60),
                    ltMax,
                    first(longTermMinBitRate, p.longTermMinBitRate, Math.max(2, ltMax / 2)),
                    first(iQp, p.iQp, 30),
                    first(pQp, p.pQp, 32),
                    first(bQp, p.bQp, 32),
                    g,
                    first(gopMode, p.gopMode, GopMode.NORMAL_P),
                    first(ipQpDelta, p.ipQpDelta, 3),
                    first(spInterval, p.spInterval, 0),
                    first(spQpDelta, p.spQpDelta, 2),
                    first(bgInterval, p.bgInterval, g),
                    first(bgQpDelta, p.bgQpDelta, 5),
                    first(viQpDelta, p.viQpDelta, 3),
                    src,
                    first(dstFrameRate, p.dstFrameRate, src),
                    qpMin,
                    qpMax,
                    iQpMin,
                    iQpMax,
                    first(firstFrameStartQp, p.firstFrameStartQp, firstFrame ? (iQpMin + iQpMax) / 2 : -1),
                    first(maxReencodeTimes, p.maxReencodeTimes, firstFrame ? 0 : 2),
                    first(maxIProportion, p.maxIProportion, 100),
                    first(minIProportion, p.minIProportion, 1),
                    first(chgPos, p.chgPos, 90),
                    first(thresholdI, p.thresholdI, zeros()),
                    first(thresholdP, p.thresholdP, zeros()),
                    first(thresholdB, p.thresholdB, zeros()),
                    first(direction, p.direction, 8),
                    first(rowQpDelta, p.rowQpDelta, tune == Tuning.OBJECTIVE_QUALITY ? 0 : 1),
                    first(sceneMode, p.sceneMode, tune == Tuning.MOVING_SCENE ? 1 : 0),
                    first(swPreset, p.swPreset, "veryfast").toLowerCase(Locale.ROOT),
                    first(threads, p.threads, 0),
                    first(lowLatency, p.lowLatency, Boolean.TRUE),
                    first(scenario, p.scenario, null),
                    tune,
                    preset,
                    explicitRcParams(p, tune)).validate();
        }

        private Set<String> explicitRcParams(Builder p, Tuning tune) {
            List<Object> mine = List.of(opt(minQp), opt(maxQp), opt(minIQp), opt(maxIQp), opt(firstFrameStartQp),
                    opt(maxReencodeTimes), opt(maxIProportion), opt(minIProportion), opt(chgPos), opt(thresholdI),
                    opt(thresholdP), opt(thresholdB), opt(direction), opt(rowQpDelta), opt(longTermStatsTimeUnit));
            List<Object> preset = List.of(opt(p.minQp), opt(p.maxQp), opt(p.minIQp), opt(p.maxIQp),
                    opt(p.firstFrameStartQp), opt(p.maxReencodeTimes), opt(p.maxIProportion), opt(p.minIProportion),
                    opt(p.chgPos), opt(p.thresholdI), opt(p.thresholdP), opt(p.thresholdB), opt(p.direction),
                    opt(p.rowQpDelta), opt(p.longTermStatsTimeUnit));
            List<Object> before = source == null ? null : List.of(source.minQp, source.maxQp, source.minIQp,
                    source.maxIQp, source.firstFrameStartQp, source.maxReencodeTimes, source.maxIProportion,
                    source.minIProportion, source.chgPos, source.thresholdI, source.thresholdP, source.thresholdB,
                    source.direction, source.rowQpDelta, source.longTermStatsTimeUnit);
            Set<String> out = new TreeSet<>();
            for (int i = 0; i < RC_PARAM_OPTIONS.size(); i++) {
                String name = RC_PARAM_OPTIONS.get(i);
                boolean explicit = before == null ? mine.get(i) != NONE || preset.get(i) != NONE
                        : source.isRcParamExplicit(name) || !before.get(i).equals(mine.get(i));
                if (explicit) {
                    out.add(name);
                }
            }
            out.addAll(tune.rcParams());
            if (out.contains("minQp")) {
                out.add("minIQp");
            }
            if (out.contains("maxQp")) {
                out.add("maxIQp");
            }
            return out;
        }

        /** Unset marker: {@code List.of} takes no nulls. */
        private static final Object NONE = new Object();

        private static Object opt(Object v) {
            return v == null ? NONE : v;
        }

        private static <T> T first(T explicit, T fromPreset, T fallback) {
            if (explicit != null) {
                return explicit;
            }
            return fromPreset != null ? fromPreset : fallback;
        }

        /**
         * An I-frame QP bound: the explicit value, else the P-frame bound when the user set that one
         * explicitly (so that {@code minQp=20} alone moves both ranges, as the software backend
         * needs them equal), else the preset's, else the P-frame bound.
         */
        private static int iFrameBound(Integer explicit, Integer fromPreset, Integer explicitP, int p) {
            if (explicit != null) {
                return explicit;
            }
            if (explicitP == null && fromPreset != null) {
                return fromPreset;
            }
            return p;
        }

        private static int required(String option, Integer value) {
            if (value == null) {
                throw new InvalidConfigException(option, "(not set)", "even, [" + MIN_SIDE + ", " + MAX_SIDE + "]");
            }
            return value;
        }

        private static List<Integer> zeros() {
            return new ArrayList<>(Collections.nCopies(THRESHOLD_COUNT, 0));
        }
    }
}
