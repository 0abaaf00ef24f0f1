package io.github.camelvenc.engine;

import java.util.Locale;

/** GOP structures of the VENC ({@code hi_venc_gop_mode}). */
public enum GopMode {
    /** I P P P ...; P frames reference the previous frame; I frames {@code ipQpDelta} below P. */
    NORMAL_P,
    /** Two references: the previous frame and a special P frame every {@code spInterval} frames. */
    DUAL_P,
    /** Long-term background frame every {@code bgInterval} frames, virtual I frames in between. */
    SMART_P;

    public static GopMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new InvalidConfigException("gopMode", text, "NORMAL_P, DUAL_P or SMART_P");
        }
    }
}
