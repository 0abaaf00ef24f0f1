package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.InvalidConfigException;
import java.util.Locale;

/** What the encoded stream is wrapped in. */
public enum Container {
    /** Bare Annex-B elementary stream (start codes, parameter sets in band). */
    ANNEXB,
    /** Progressive MP4 (ISO/IEC 14496-12/-15), {@code moov} in front of {@code mdat} ("fast start"). */
    MP4,
    /** Fragmented MP4 / CMAF: an init segment, then {@code moof}/{@code mdat} fragments. */
    FMP4,
    /** MPEG-2 transport stream (ISO/IEC 13818-1): PAT, PMT, one PES per access unit. */
    TS;

    /** Parses {@code annexb}, {@code mp4}, {@code fmp4} or {@code ts}, case-insensitively. */
    public static Container parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Container c : values()) {
            if (c.id().equals(t)) {
                return c;
            }
        }
        throw new InvalidConfigException("container", text, "annexb, mp4, fmp4 or ts");
    }

    /** Lower-case name as used in URIs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** File extension of a stream of {@code codec} in this container, without the dot. */
    public String extension(Codec codec) {
        switch (this) {
            case ANNEXB:
                return codec.id();
            case TS:
                return "ts";
            default:
                return "mp4";
        }
    }

    /** MIME type of a file in this container. */
    public String mediaType(Codec codec) {
        switch (this) {
            case ANNEXB:
                return codec == Codec.H264 ? "video/h264" : "video/h265";
            case TS:
                return "video/mp2t";
            default:
                return "video/mp4";
        }
    }
}
