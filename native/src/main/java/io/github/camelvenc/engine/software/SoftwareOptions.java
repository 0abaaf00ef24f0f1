package io.github.camelvenc.engine.software;

import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.GopMode;
import io.github.camelvenc.engine.RcMode;
import io.github.camelvenc.engine.UnsupportedOptionException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping of a {@link ChannelConfig} to x264 and x265 options (their {@code *_param_parse}
 * names, which both encoders share for everything used here), and the rejection of values neither
 * encoder can honour. {@code docs/software-backend.md} explains each line.
 */
final class SoftwareOptions {
    /** The CRF the AVBR mode starts from before the maxBitRate cap and the QP range apply. */
    static final String AVBR_CRF = "23";
    private static final List<Integer> DEFAULT_THRESHOLDS = Collections.nCopies(ChannelConfig.THRESHOLD_COUNT, 0);
    private static final int DEFAULT_DIRECTION = 8;
    /**
     * x264's initial CBR buffer fullness. With its default 0.9 x264 spends the initial fill over the
     * first seconds: +6 % over 10 s of 720p footage at statsTime 2 (ffmpeg's libx264 alike); 0.7 gives
     * +2 %. x265 holds the rate with its default (+1 %) and keeps it.
     */
    static final String X264_CBR_VBV_INIT = "0.7";
    /** VBV fill rate of a capped mode, percent of the cap (see {@link #cap}). */
    static final int CAP_RATE_PERCENT = 90;
    /** VBV size of a capped mode, percent of the cap times its window (see {@link #cap}). */
    static final int CAP_BUFFER_PERCENT = 15;
    private static final int DEFAULT_MAX_I_PROPORTION = 100;
    private static final int DEFAULT_MIN_I_PROPORTION = 1;

    private SoftwareOptions() {
    }

    /** The backend name used in error messages: {@code software/x264} or {@code software/x265}. */
    static String backendName(Codec codec) {
        return codec == Codec.H264 ? "software/x264" : "software/x265";
    }

    /** Throws {@link UnsupportedOptionException} for the first value the software encoders cannot honour. */
    static void requireSupported(ChannelConfig c) {
        String backend = backendName(c.codec());
        if (c.gopMode() != GopMode.NORMAL_P) {
            throw new UnsupportedOptionException("gopMode", c.gopMode(), backend,
                    "x264/x265 offer no control over which frame each P frame references, so neither the DUAL_P "
                            + "special P frames nor the SMART_P long-term background frames can be produced; "
                            + "use NORMAL_P");
        }
        if (c.minIQp() != c.minQp() || c.maxIQp() != c.maxQp()) {
            boolean min = c.minIQp() != c.minQp();
            throw new UnsupportedOptionException(min ? "minIQp" : "maxIQp", min ? c.minIQp() : c.maxIQp(), backend,
                    "x264/x265 have one QP range for every frame type (qpmin/qpmax); set minIQp=minQp ("
                            + c.minQp() + ") and maxIQp=maxQp (" + c.maxQp() + ")");
        }
        thresholds("thresholdI", c.thresholdI(), backend);
        thresholds("thresholdP", c.thresholdP(), backend);
        thresholds("thresholdB", c.thresholdB(), backend);
        if (c.direction() != DEFAULT_DIRECTION) {
            throw new UnsupportedOptionException("direction", c.direction(), backend,
                    "the macroblock-level rate control of x264/x265 (adaptive quantisation) has no direction "
                            + "setting; leave it at " + DEFAULT_DIRECTION + " and use rowQpDelta");
        }
        if (c.maxIProportion() != DEFAULT_MAX_I_PROPORTION || c.minIProportion() != DEFAULT_MIN_I_PROPORTION) {
            boolean max = c.maxIProportion() != DEFAULT_MAX_I_PROPORTION;
            throw new UnsupportedOptionException(max ? "maxIProportion" : "minIProportion",
                    max ? c.maxIProportion() : c.minIProportion(), backend,
                    "x264/x265 cannot bound the I/P frame size ratio; ipQpDelta sets the I/P QP offset instead");
        }
    }

    private static void thresholds(String option, List<Integer> values, String backend) {
        if (!values.equals(DEFAULT_THRESHOLDS)) {
            throw new UnsupportedOptionException(option, values, backend,
                    "x264/x265 have no per-macroblock rate-control thresholds; leave them at 0 and use rowQpDelta");
        }
    }

    /**
     * Every option except profile and size, in the order they are applied. {@code fps} is the frame
     * rate the encoder is opened with; the thread options come from {@link SoftwareResources#threads}.
     */
    static Map<String, String> forOpen(ChannelConfig c) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("fps", Integer.toString(c.dstFrameRate()));
        o.put("bframes", "0");
        if (c.codec() == Codec.H264) {
            o.put("keyint", "infinite");
        } else {
            o.put("keyint", Integer.toString(c.gop()));
            o.put("min-keyint", Integer.toString(c.gop()));
        }
        o.put("scenecut", "0");
        o.put("open-gop", "0");
        o.put("repeat-headers", "1");
        o.put("annexb", "1");
        int threads = SoftwareResources.threads(c);
        if (c.codec() == Codec.H264) {
            o.put("force-cfr", "1");
            o.put("log", "0");
            if (threads > 0) {
                o.put("threads", Integer.toString(threads));
            }
        } else {
            o.put("info", "0");
            o.put("log-level", "error");
            if (threads > 0) {
                o.put("pools", threads == 1 ? "none" : Integer.toString(threads));
            }
            if (c.lowLatency() || threads == 1) {
                o.put("frame-threads", "1");
            }
        }
        o.put("aq-mode", c.rowQpDelta() == 0 || c.rcMode() == RcMode.FIXQP ? "0" : "1");
        if (c.rowQpDelta() > 0 && c.rcMode() != RcMode.FIXQP) {
            o.put("aq-strength", format(Math.min(3.0, 0.5 + 0.5 * c.rowQpDelta())));
        }
        if (c.sceneMode() == 1) {
            o.put("qcomp", "0.7");
        } else if (c.sceneMode() == 2) {
            o.put("qcomp", "0.8");
            if (c.codec() == Codec.H264) {
                o.put("merange", "24");
            }
        }
        if (c.rcMode() == RcMode.FIXQP) {
            o.put("qp", Integer.toString(c.pQp()));
            o.put("ipratio", format(ipRatio(c.pQp() - c.iQp())));
            if (c.codec() == Codec.H265) {
                o.put("cutree", "0");
            }
        } else {
            o.put("ipratio", format(ipRatio(c.ipQpDelta())));
            o.put("qpmin", Integer.toString(c.minQp()));
            o.put("qpmax", Integer.toString(c.maxQp()));
            o.putAll(rates(c, 1.0));
        }
        return o;
    }

    /**
     * The rate options of the rc mode, scaled by {@code scale}: the encoder's own frame rate over the
     * channel's dstFrameRate, so that the bits per frame stay right after a frame-rate change the
     * encoders cannot apply themselves. Empty for FIXQP.
     */
    static Map<String, String> rates(ChannelConfig c, double scale) {
        Map<String, String> o = new LinkedHashMap<>();
        switch (c.rcMode()) {
            case CBR:
                o.put("bitrate", kbps(c.bitRate(), scale));
                o.put("vbv-maxrate", kbps(c.bitRate(), scale));
                o.put("vbv-bufsize", kbps((long) c.bitRate() * c.statsTime(), 1.0));
                if (c.codec() == Codec.H264) {
                    o.put("vbv-init", X264_CBR_VBV_INIT);
                }
                break;
            case VBR:
                o.put("bitrate", kbps(capped(c.maxBitRate(), (long) c.maxBitRate() * c.chgPos() / 100), scale));
                cap(o, c.maxBitRate(), c.statsTime(), scale);
                break;
            case AVBR:
                o.put("crf", AVBR_CRF);
                cap(o, c.maxBitRate(), c.statsTime(), scale);
                break;
            case QVBR:
                int qvbrCap = Math.max(c.maxBitRate(), c.targetBitRate());
                o.put("bitrate", kbps(capped(qvbrCap, c.targetBitRate()), scale));
                cap(o, qvbrCap, c.statsTime(), scale);
                break;
            case CVBR:
                o.put("bitrate", kbps(capped(c.maxBitRate(),
                        ((long) c.longTermMinBitRate() + c.longTermMaxBitRate()) / 2), scale));
                cap(o, c.maxBitRate(), c.shortTermStatsTime(), scale);
                break;
            case FIXQP:
                break;
            default:
                throw new IllegalStateException("rc mode " + c.rcMode());
        }
        return o;
    }

    /**
     * The VBV of a bit-rate cap that must hold over any window of {@code window} seconds, as the VENC's
     * maxBitRate over statsTime does. A VBV of fill rate {@code r} and size {@code b} lets at most
     * {@code r·window + b} bits into any window, so {@code vbv-maxrate} is {@value #CAP_RATE_PERCENT} %
     * of the cap and {@code vbv-bufsize} {@value #CAP_BUFFER_PERCENT} % of {@code cap·window}: no window
     * can exceed the cap by more than 5 %, and one would need the buffer to go from full to empty
     * inside it.
     */
    private static void cap(Map<String, String> o, long cap, int window, double scale) {
        o.put("vbv-maxrate", kbps(cap * CAP_RATE_PERCENT / 100, scale));
        o.put("vbv-bufsize", kbps(cap * window * CAP_BUFFER_PERCENT / 100, 1.0));
    }

    /** The average rate of a capped mode: {@code rate}, at most the VBV fill rate of {@link #cap}. */
    private static long capped(long cap, long rate) {
        return Math.min(rate, cap * CAP_RATE_PERCENT / 100);
    }

    /** The speed preset and tune for {@code *_param_default_preset}. */
    static String tune(ChannelConfig c) {
        return c.lowLatency() ? "zerolatency" : null;
    }

    /** {@code ipratio} = 2^(delta/6): the qscale ratio that puts I frames {@code delta} QP below P frames. */
    static double ipRatio(int delta) {
        return Math.pow(2.0, delta / 6.0);
    }

    private static String kbps(long value, double scale) {
        return Long.toString(Math.max(1, Math.round(value * scale)));
    }

    /**
     * A non-negative value with six decimals, as {@code %.6f} prints it, without loading
     * {@link java.util.Formatter} (which costs a noticeable part of a command-line run's start-up).
     */
    private static String format(double v) {
        long micros = Math.round(v * 1_000_000);
        return micros / 1_000_000 + "." + Long.toString(1_000_000 + micros % 1_000_000).substring(1);
    }
}
