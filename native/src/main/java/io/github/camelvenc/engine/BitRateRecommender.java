package io.github.camelvenc.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bit-rate advice of the Ascend VENC guide ("VENC", section "Optimization of Video Encoding
 * Quality"), Table 1 "Values of the frame rate, GOP, and bit rate in typical scenarios": for each
 * picture class of {@link Resolution}, a frame rate of 25 or 30, a GOP that is an integral multiple
 * of the frame rate (25 or 50 at 25 fps), and a bit rate per scenario and codec, a range or a single
 * value in Mbit/s, or N/A. The table's values are copied into {@link #recommend} exactly
 * ({@code docs/recommender.md} lists them); where the guide says N/A the recommendation says so
 * ({@link Status#NOT_APPLICABLE}) instead of a number.
 *
 * <p>Also {@link #typicalAverageBitRate}: the "typical average bit-rate configuration" of the
 * {@code hi_venc_h264_cbr}/{@code hi_venc_h265_cbr} {@code bit_rate} member (CANN 8.0.0 API
 * reference): 1080p low &lt; 2 Mbps, medium 2-8 Mbps, high &gt; 8 Mbps; 4K low &lt; 8 Mbps, medium
 * 8-30 Mbps, high &gt; 30 Mbps at 30 fps, scaled by fps/30.
 * Stateless and thread-safe.
 */
public final class BitRateRecommender {

    /** Where the advice comes from, for messages and documentation. */
    public static final String SOURCE = "VENC guide, Optimization of Video Encoding Quality, Table 1 (values of the "
            + "frame rate, GOP, and bit rate in typical scenarios)";

    private static final Map<Resolution, Map<Scenario, int[][]>> TABLE = new EnumMap<>(Resolution.class);

    static {
        // Table 1, Mbit/s: {H.264 range}, {H.265 range}; NA where the guide says N/A.
        row(Resolution.UHD_4K, "8-12", "8-12", "NA", "6-12", "10-16", "10-16");
        row(Resolution.QHD_2K, "6-10", "6-10", "NA", "4.8-8", "6-10", "6-10");
        row(Resolution.FHD_1080P, "2-6", "1-4", "2-4.8", "1.4-3.6", "3-6", "3-6");
        row(Resolution.HD_720P, "1-3", "0.8-2", "1-3", "1-2", "2-4", "2-4");
        row(Resolution.SD_480P, "0.6-1.4", "0.3-0.7", "0.3-0.7", "0.25-0.6", "NA", "NA");
        row(Resolution.SD_576P, "0.6-1.4", "0.3-0.7", "0.3-0.7", "0.25-0.6", "NA", "NA");
        row(Resolution.LD_270P, "NA", "NA", "0.3", "0.2", "NA", "NA");
        row(Resolution.CIF, "0.25", "0.25", "NA", "NA", "NA", "NA");
    }

    /** One row: H.264 and H.265 cells for video data obtaining, show/livestreaming/short video, game. */
    private static void row(Resolution r, String... cells) {
        Map<Scenario, int[][]> byScenario = new EnumMap<>(Scenario.class);
        Scenario[] scenarios = Scenario.values();
        for (int i = 0; i < scenarios.length; i++) {
            byScenario.put(scenarios[i], new int[][] {kbps(cells[2 * i]), kbps(cells[2 * i + 1])});
        }
        TABLE.put(r, byScenario);
    }

    /** "min-max" or one value in Mbit/s as {min, max} kbit/s; null for NA. */
    private static int[] kbps(String mbps) {
        if (mbps.equals("NA")) {
            return null;
        }
        String[] ends = mbps.split("-");
        int min = (int) Math.round(Double.parseDouble(ends[0]) * 1000);
        int max = (int) Math.round(Double.parseDouble(ends[ends.length - 1]) * 1000);
        return new int[] {min, max};
    }

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
            String[] wh = t.toLowerCase(Locale.ROOT).split("x");
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

        /** The kebab-case name: {@code video-data-obtaining}, {@code show-livestreaming-short-video}, {@code game}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a name in any case, with dashes or underscores, or one of the short forms. */
        public static Scenario parse(String text) {
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
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
        /**
         * A recommended range, {@link Recommendation#minKbps()}..{@link Recommendation#maxKbps()}
         * (equal where the guide gives one value).
         */
        RANGE,
        /** The guide marks the combination N/A. */
        NOT_APPLICABLE
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
        int[] range = TABLE.get(resolution).get(scenario)[codec == Codec.H264 ? 0 : 1];
        return new Recommendation(resolution, scenario, codec, range == null ? Status.NOT_APPLICABLE : Status.RANGE,
                List.of(25, 30), "an integral multiple of the frame rate (e.g. 25 or 50 at 25 fps)",
                range == null ? 0 : range[0], range == null ? 0 : range[1], SOURCE);
    }

    /**
     * The guide's advice for a channel of this picture size, codec and scenario; empty when the size
     * is none the guide lists. With no scenario ({@code null}), the range spans every scenario the
     * guide gives a number for (N/A when it gives none).
     */
    public static Optional<Recommendation> recommend(int width, int height, Codec codec, Scenario scenario) {
        Optional<Resolution> r = Resolution.of(width, height);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        if (scenario != null) {
            return Optional.of(recommend(r.get(), scenario, codec));
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Scenario s : Scenario.values()) {
            Recommendation rec = recommend(r.get(), s, codec);
            if (rec.status() == Status.RANGE) {
                min = Math.min(min, rec.minKbps());
                max = Math.max(max, rec.maxKbps());
            }
        }
        boolean any = max > 0;
        return Optional.of(new Recommendation(r.get(), null, codec, any ? Status.RANGE : Status.NOT_APPLICABLE,
                List.of(25, 30), "an integral multiple of the frame rate (e.g. 25 or 50 at 25 fps)", any ? min : 0,
                max, SOURCE));
    }

    /**
     * The bit rate the guide's range is compared with for a configuration: bitRate for CBR,
     * targetBitRate for QVBR, maxBitRate for VBR, AVBR and CVBR; 0 for FIXQP (no bit rate).
     */
    public static int configuredKbps(ChannelConfig c) {
        switch (c.rcMode()) {
            case CBR:
                return c.bitRate();
            case QVBR:
                return c.targetBitRate();
            case FIXQP:
                return 0;
            default:
                return c.maxBitRate();
        }
    }

    /**
     * The warning for a configuration whose bit rate lies outside the guide's range for its size,
     * codec and scenario, naming the range; empty when it lies inside, when the guide has no range for
     * it, or for FIXQP.
     */
    public static Optional<String> warning(ChannelConfig c) {
        int kbps = configuredKbps(c);
        Optional<Recommendation> rec = recommend(c.width(), c.height(), c.codec(), c.scenario());
        if (kbps == 0 || rec.isEmpty() || rec.get().status() != Status.RANGE
                || (kbps >= rec.get().minKbps() && kbps <= rec.get().maxKbps())) {
            return Optional.empty();
        }
        Recommendation r = rec.get();
        return Optional.of(String.format(Locale.ROOT, "%s %s at %d kbit/s is outside the VENC guide's range for %s%s:"
                + " %s (%s)", c.codec().id(), c.width() + "x" + c.height(), kbps, r.resolution().label(),
                c.scenario() == null ? " (any scenario)" : " " + c.scenario().id(), range(r), SOURCE));
    }

    /** "min-max kbit/s", or one value where the guide gives one, or "N/A". */
    public static String range(Recommendation r) {
        if (r.status() != Status.RANGE) {
            return "N/A";
        }
        return (r.minKbps() == r.maxKbps() ? Integer.toString(r.minKbps()) : r.minKbps() + "-" + r.maxKbps())
                + " kbit/s";
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
