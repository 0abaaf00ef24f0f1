package io.github.camelvenc.engine;

import java.util.Locale;

/** Rate-control modes of the VENC ({@code hi_venc_rc_mode}, H.264/H.265 members). */
public enum RcMode {
    /** Constant bit rate: {@code bitRate} held over {@code statsTime}. */
    CBR,
    /** Variable bit rate capped at {@code maxBitRate}, QP within [minQp, maxQp]. */
    VBR,
    /** Adaptive VBR: like VBR, lowers the rate on still scenes. */
    AVBR,
    /** Quality VBR: aims at {@code targetBitRate}, lets quality drive short-term rate. */
    QVBR,
    /** Constrained VBR: short-term cap {@code maxBitRate}, long-term band [longTermMinBitRate, longTermMaxBitRate]. */
    CVBR,
    /** Fixed QP: every I/P/B frame at exactly {@code iQp}/{@code pQp}/{@code bQp}. */
    FIXQP;

    public static RcMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidConfigException("rcMode", text, "CBR, VBR, AVBR, QVBR, CVBR or FIXQP");
        }
    }
}
