package io.github.camelvenc.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named configurations from the VENC tuning guide. A preset only fills options the caller left
 * unset; every explicit option overrides it.
 */
public final class Presets {

    /** H.264 720p fixed-camera monitoring: CBR 1 Mbit/s, scene 0, stats time 2 s, high profile, gop 60, 30 fps, macroblock-level RC off. */
    public static final String H264_720P_MONITORING = "h264-720p-monitoring";
    /** H.265 1080p movie: CBR 2 Mbit/s, scene 1, stats time 1 s, gop 30, 25 fps, macroblock-level RC off. */
    public static final String H265_1080P_MOVIE = "h265-1080p-movie";

    private static final Map<String, Supplier<ChannelConfig.Builder>> PRESETS = Map.of(
            H264_720P_MONITORING, () -> new ChannelConfig.Builder()
                    .codec(Codec.H264).width(1280).height(720).rcMode(RcMode.CBR).sceneMode(0).statsTime(2)
                    .profile(Profile.HIGH).gop(60).srcFrameRate(30).dstFrameRate(30).bitRate(1000).rowQpDelta(0),
            H265_1080P_MOVIE, () -> new ChannelConfig.Builder()
                    .codec(Codec.H265).width(1920).height(1080).rcMode(RcMode.CBR).sceneMode(1).statsTime(1)
                    .profile(Profile.MAIN).gop(30).srcFrameRate(25).dstFrameRate(25).bitRate(2000).rowQpDelta(0));

    private Presets() {
    }

    /** The preset names, sorted. */
    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    /** A builder holding the preset's values; unknown names fail naming the option {@code preset}. */
    static ChannelConfig.Builder get(String name) {
        Supplier<ChannelConfig.Builder> preset = PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (preset == null) {
            throw new InvalidConfigException("preset", name, String.join(", ", names()));
        }
        return preset.get();
    }
}
