package io.github.camelvenc.engine;

import java.util.List;
import java.util.Locale;

/**
 * The mechanical advice of the VENC guide's Table 2 ("Advanced settings"), applied by the
 * {@code tuning} option like a preset: it fills only the options the caller (and the preset) left
 * unset; every explicit option overrides it. {@code docs/recommender.md} quotes the advice.
 */
public enum Tuning {
    /** No advice applied. */
    NONE(List.of()),
    /**
     * "If the configured bit rate is less than the reference value provided in Table 1 and the first
     * frame of the encoded video is blurry": firstFrameStartQp = the mean of [minIQp, maxIQp] (rounded
     * down) and maxReencodeTimes = 0.
     */
    LOW_BIT_RATE_FIRST_FRAME(List.of("firstFrameStartQp", "maxReencodeTimes")),
    /**
     * "Disable [macroblock-level bit rate control] when encoding complex images with rich details, or
     * when objective indicators such as the PSNR are concerned": rowQpDelta = 0.
     */
    OBJECTIVE_QUALITY(List.of("rowQpDelta")),
    /**
     * "HI_VENC_SCENE_1 for autonomous driving, livestreaming, gaming, animations, and movies":
     * sceneMode = 1.
     */
    MOVING_SCENE(List.of());

    private final List<String> rcParams;

    Tuning(List<String> rcParams) {
        this.rcParams = rcParams;
    }

    /** The {@link ChannelConfig#RC_PARAM_OPTIONS} this advice sets. */
    List<String> rcParams() {
        return rcParams;
    }

    /** Parses a name in any case, with dashes or underscores ({@code low-bit-rate-first-frame}). */
    public static Tuning parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Tuning v : values()) {
            if (v.name().equals(t)) {
                return v;
            }
        }
        throw new InvalidConfigException("tuning", text,
                "none, low-bit-rate-first-frame, objective-quality, moving-scene");
    }
}
