package io.github.camelvenc.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bit-rate advice of the Ascend VENC documentation, as far as its text could be retrieved.
 *
 * <p>Sources (Huawei Ascend CANN documentation on hiascend.com):
 * <ul>
 * <li>"优化视频编码质量" / "Optimization of Video Encoding Quality", section of "VENC视频编码" in the
 * AscendCL application development guide (CANN 6.3.RC2, {@code inferapplicationdev/aclcppdevg/aclcppdevg_0042}).
 * Its table lists the picture classes of {@link Resolution} (4K 3840x2160/4096x2160, 2K 2560x1440,
 * 1080P 1920x1080, 720P 1280x720, 480P/D1_N 854x480/720x480, 576P/D1 720x576, 270P 480x270,
 * CIF P/N 352x288/320x240), a frame rate of 25 or 30 for each, a GOP that is an integer multiple of the
 * frame rate (e.g. 25 or 50 at 25 fps), and a bit-rate column (Mbps) per scenario (video data
 * obtaining; show/livestreaming/short video; game) and codec. <b>The cells of that bit-rate column
 * were not present in any retrievable copy of the page</b>, so {@link #recommend} reports
 * {@link Status#NOT_RETRIEVED} for every scenario cell instead of inventing numbers.</li>
 * <li>"hi_venc_h265_cbr" / "hi_venc_h264_cbr", member {@code bit_rate} (CANN 8.0.0 API reference,
 * {@code aclcppdevg_03_1155}): "Table 1 typical average bit-rate configuration" at full frame rate
 * (30 fps): 1080p low &lt; 2 Mbps, medium 2-8 Mbps, high &gt; 8 Mbps; 4K low &lt; 8 Mbps, medium
 * 8-30 Mbps, high &gt; 30 Mbps; at another output frame rate the rates scale by fps/30. That table is
 * encoded exactly in {@link #typicalAverageBitRate}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class BitRateRecommender {

    /** Where the advice comes from, for messages and documentation. */
    public static final String SOURCE = "Ascend CANN docs: 'Optimization of Video Encoding Quality' (VENC section of "
            + "the AscendCL app development guide, 6.3.RC2) and hi_venc_h264_cbr/hi_venc_h265_cbr bit_rate "
            + "(typical average bit-rate table, 8.0.0 API reference)";

    private BitRateRecommender() {
    }

    /** The picture classes of the guide's table, with the sizes it names for each. */
    public enum Resolution {
        UHD_4K("4K", List.of(new int[] {3840, 2160}, new int[] {4096, 2160})),
        QHD_2K("2K", List.of(new int[] {2560, 1440})),
        FHD_1080P("1080p", List.of(new int[] {1920, 1080})),
        HD_720P("720p", List.of(new int[] {1280, 720})),
        SD_480P("480p", List.of(new int[] {854, 480}, new int[] {720, 480})),
        SD_576P("576p", List.of(new int[] {720, 576})),
        LD_270P("270p", List.of(new int[] {480, 270})),
        CIF("CIF", List.of(new int[] {352, 288}, new int[] {320, 240}));

        private final String label;
        private final List<int[]> sizes;

        Resolution(String label, List<int[]> sizes) {
            this.label = label;
            this.sizes = sizes;
        }

        /** The guide's name: 4K, 2K, 1080p, 720p, 480p, 576p, 270p, CIF. */
        public String label() {
            return label;
        }

        /** The picture sizes the guide lists for this class, {@code {width, height}} each. */
        public List<int[]> sizes() {
            return sizes.stream().map(int[]::clone).toList();
        }

        /** The class whose listed size equals {@code width x height} (either orientation), if any. */
        public static Optional<Resolution> of(int width, int height) {
            for (Resolution r : values()) {
                for (int[] s : r.sizes) {
                    if ((s[0] == width && s[1] == height) || (s[0] == height && s[1] == width)) {
                        return Optional.of(r);
                    }
                }
            }
            return Optional.empty();
        }

        /** Parses a label ({@code 1080p}, {@code 4k}, {@code cif}, ...) or an exact listed size {@code WxH}. */
        public static Resolution parse(String text) {
            String t = text == null ? "" : text.trim();
            for (Resolution r : values()) {
                if (r.label.equalsIgnoreCase(t) || r.name().equalsIgnoreCase(t)) {
                    return r;
                }
            }
            String[] wh = t.toLowerCase(java.util.Locale.ROOT).split("x");
            if (wh.length == 2) {
                try {
                    Optional<Resolution> r = of(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
                    if (r.isPresent()) {
                        return r.get();
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw new InvalidConfigException("resolution", text,
                    "4K, 2K, 1080p, 720p, 480p, 576p, 270p, CIF or one of their listed sizes");
        }
    }

    /** The scenario columns of the guide's bit-rate table. */
    public enum Scenario {
        VIDEO_DATA_OBTAINING,
        SHOW_LIVESTREAMING_SHORT_VIDEO,
        GAME;

        public static Scenario parse(String text) {
            String t = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            switch (t) {
                case "VIDEO_DATA_OBTAINING":
                case "OBTAINING":
                    return VIDEO_DATA_OBTAINING;
                case "SHOW_LIVESTREAMING_SHORT_VIDEO":
                case "LIVESTREAMING":
                case "SHOW":
                case "SHORT_VIDEO":
                    return SHOW_LIVESTREAMING_SHORT_VIDEO;
                case "GAME":
                    return GAME;
                default:
                    throw new InvalidConfigException("scenario", text,
                            "video-data-obtaining, show-livestreaming-short-video or game");
            }
        }
    }

    /** What the guide says for one cell. */
    public enum Status {
        /** A recommended range, in {@link Recommendation#minKbps()}..{@link Recommendation#maxKbps()}. */
        RANGE,
        /** The guide marks the combination N/A. */
        NOT_APPLICABLE,
        /** The guide's cell could not be retrieved; no number is given rather than an invented one. */
        NOT_RETRIEVED
    }

    /**
     * The guide's advice for one resolution, scenario and codec.
     *
     * @param frameRates the frame rates the guide recommends for the class
     * @param gopAdvice  the guide's GOP advice
     * @param minKbps    lower end of the range, kbit/s, when {@code status == RANGE}, else 0
     * @param maxKbps    upper end of the range, kbit/s, when {@code status == RANGE}, else 0
     */
    public record Recommendation(Resolution resolution, Scenario scenario, Codec codec, Status status,
            List<Integer> frameRates, String gopAdvice, int minKbps, int maxKbps, String source) {
    }

    /**
     * The typical average bit-rate levels of the {@code bit_rate} member's table for a frame rate.
     * Each level is {@code [minKbps, maxKbps]}; the low level starts at 0 and the high level has no
     * upper end ({@code Integer.MAX_VALUE}).
     */
    public record TypicalRates(Resolution resolution, int fps, int[] low, int[] medium, int[] high) {
    }

    /** The guide's advice for the cell; never null. */
    public static Recommendation recommend(Resolution resolution, Scenario scenario, Codec codec) {
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(codec, "codec");
        return new Recommendation(resolution, scenario, codec, Status.NOT_RETRIEVED, List.of(25, 30),
                "an integer multiple of the frame rate (e.g. 25 or 50 at 25 fps)", 0, 0, SOURCE);
    }

    /**
     * The typical average bit rates of the {@code bit_rate} documentation, scaled from its 30 fps
     * figures to {@code fps}; present only for the two classes that table covers (1080p and 4K).
     */
    public static Optional<TypicalRates> typicalAverageBitRate(Resolution resolution, int fps) {
        Objects.requireNonNull(resolution, "resolution");
        if (fps < 1 || fps > 240) {
            throw new InvalidConfigException("fps", fps, "[1, 240]");
        }
        int lowTop;
        int highBottom;
        switch (resolution) {
            case FHD_1080P:
                lowTop = 2000;
                highBottom = 8000;
                break;
            case UHD_4K:
                lowTop = 8000;
                highBottom = 30000;
                break;
            default:
                return Optional.empty();
        }
        int a = scale(lowTop, fps);
        int b = scale(highBottom, fps);
        return Optional.of(new TypicalRates(resolution, fps, new int[] {0, a}, new int[] {a, b},
                new int[] {b, Integer.MAX_VALUE}));
    }

    private static int scale(int kbpsAt30, int fps) {
        return (int) Math.round(kbpsAt30 * (double) fps / 30.0);
    }
}
