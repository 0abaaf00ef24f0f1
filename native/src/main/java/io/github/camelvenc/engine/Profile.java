package io.github.camelvenc.engine;

import java.util.Locale;

/**
 * Encoding profiles. H.264: baseline (0), main (1), high (2). H.265: main (0) only, as on the
 * Ascend VENC.
 */
public enum Profile {
    BASELINE,
    MAIN,
    HIGH;

    /** The {@code hi_venc_attr.profile} value for the codec. */
    public int himpiValue(Codec codec) {
        if (codec == Codec.H265) {
            return 0;
        }
        return ordinal();
    }

    public static Profile parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidConfigException("profile", text, "baseline, main or high (H.265: main)");
        }
    }
}
