package io.github.camelvenc.engine.software;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.PacketSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The software backend: H.264 on libx264 (build 164) and H.265 on libx265 (build 199), both bound
 * with JNA. Construction loads nothing; {@link #probe} and {@link #open} load each library once per
 * JVM. Usable when at least one of the two libraries loads; opening a channel for the codec whose
 * library is missing fails with the reason.
 *
 * <p>Threading: channels are serialized by {@link io.github.camelvenc.engine.AbstractChannel}; each
 * packet reaches the sink on the thread that called {@code send}, {@code flush} or {@code close}.
 * The encoders' own worker threads never call into Java. Thread counts and the release of native
 * memory after closes are {@link SoftwareResources}'s. The option mapping is documented in
 * {@code docs/software-backend.md}.
 */
public final class SoftwareBackend implements EncoderBackend {

    @Override
    public BackendKind kind() {
        return BackendKind.SOFTWARE;
    }

    @Override
    public Availability probe(int deviceId) {
        try {
            NativeLibraries.Loaded<X264Library> x264 = NativeLibraries.x264();
            NativeLibraries.Loaded<X265Library> x265 = NativeLibraries.x265();
            List<String> parts = new ArrayList<>();
            parts.add(x264.usable() ? x264.version() : "no H.264: " + x264.error());
            parts.add(x265.usable() ? x265.version() : "no H.265: " + x265.error());
            return new Availability(x264.usable() || x265.usable(), String.join("; ", parts));
        } catch (LinkageError e) {
            return new Availability(false, "JNA cannot load native code: " + e);
        }
    }

    /** The option checks of {@link #open} and the codec's library, without opening an encoder. */
    @Override
    public void requireSupported(ChannelConfig config) {
        SoftwareOptions.requireSupported(config);
        if (config.codec() == Codec.H264) {
            NativeLibraries.x264().require();
        } else {
            NativeLibraries.x265().require();
        }
    }

    @Override
    public Channel open(ChannelConfig config, PacketSink sink) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sink, "sink");
        SoftwareResources.opening();
        try {
            if (config.codec() == Codec.H264) {
                return X264Channel.open(config, sink, NativeLibraries.x264());
            }
            return X265Channel.open(config, sink, NativeLibraries.x265());
        } catch (RuntimeException | Error e) {
            SoftwareResources.closed();
            throw e;
        }
    }

    /**
     * The x264/x265 options (their command-line names, in the order they are applied) that a channel
     * of this configuration is opened with, apart from the speed preset, tune, profile and picture
     * size: for comparisons with the encoders' command lines and ffmpeg's {@code -x264-params} /
     * {@code -x265-params}. Fails like {@link #open} for options the software encoders cannot honour.
     */
    public static Map<String, String> encoderOptions(ChannelConfig config) {
        Objects.requireNonNull(config, "config");
        SoftwareOptions.requireSupported(config);
        return Collections.unmodifiableMap(SoftwareOptions.forOpen(config));
    }
}
