package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.Packet;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Short software-encoded clips the mux tests share: 60 frames of 320x240 at 25 fps, an IDR every 25 frames. */
final class EncodedClips {
    static final int W = 320;
    static final int H = 240;
    static final int FPS = 25;
    static final int FRAMES = 60;
    static final int GOP = 25;
    static final Timing TIMING = Timing.frames(FPS);
    private static final Map<Codec, List<Packet>> CACHE = new EnumMap<>(Codec.class);

    private EncodedClips() {
    }

    /** The access units of the shared clip. */
    static synchronized List<Packet> packets(Codec codec) {
        return CACHE.computeIfAbsent(codec, c -> encode(config(c).build(), FRAMES));
    }

    static ChannelConfig.Builder config(Codec codec) {
        return ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).width(W).height(H)
                .srcFrameRate(FPS).dstFrameRate(FPS).gop(GOP).bitRate(400);
    }

    /** Encodes {@code frames} frames of the test clip with {@code config}; the packets in order. */
    static List<Packet> encode(ChannelConfig config, int frames) {
        TestClip clip = new TestClip(config.width(), config.height(), FPS, 7);
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config, sink)) {
            for (int n = 0; n < frames; n++) {
                channel.send(clip.frame(n, config.pixelFormat()));
            }
            channel.flush();
        }
        return sink.all();
    }
}
