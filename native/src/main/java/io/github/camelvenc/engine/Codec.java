package io.github.camelvenc.engine;

import java.util.Locale;

/** The video coding standard a channel produces. */
public enum Codec {
    H264,
    H265;

    /** Parses {@code h264}, {@code H.264}, {@code avc}, {@code h265}, {@code hevc}, case-insensitively. */
    public static Codec parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(".", "");
        switch (t) {
            case "h264":
            case "avc":
                return H264;
            case "h265":
            case "hevc":
                return H265;
            default:
                throw new InvalidConfigException("codec", text, "h264 or h265");
        }
    }

    /** Lower-case name as used in URIs and file extensions. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
