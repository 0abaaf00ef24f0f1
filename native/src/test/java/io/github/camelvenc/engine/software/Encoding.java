package io.github.camelvenc.engine.software;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.testing.PacketCollector;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.nio.file.Path;

/** Shared steps of the software-backend tests: configure, encode a clip, write the stream. */
final class Encoding {
    static final int W = 320;
    static final int H = 240;

    private Encoding() {
    }

    /** A software-backend builder for a 320x240 clip of the codec. */
    static ChannelConfig.Builder config(Codec codec) {
        return ChannelConfig.builder().backend(BackendKind.SOFTWARE).codec(codec).width(W).height(H);
    }

    /** Encodes frames [0, frames) of the clip, flushes and closes; returns what the sink received. */
    static PacketCollector encode(ChannelConfig config, TestClip clip, int frames) {
        PacketCollector sink = new PacketCollector();
        try (Channel channel = Encoders.open(config, sink)) {
            for (int n = 0; n < frames; n++) {
                channel.send(clip.frame(n, config.pixelFormat()));
            }
            channel.flush();
        }
        return sink;
    }

    /** The elementary-stream file name for the codec. */
    static Path file(Path dir, String name, Codec codec) {
        return dir.resolve(name + (codec == Codec.H264 ? ".h264" : ".h265"));
    }

    /** Writes the collected stream to {@code dir/name.h264|h265}. */
    static Path write(PacketCollector sink, Path dir, String name, Codec codec) throws IOException {
        return sink.write(file(dir, name, codec));
    }

    /** The reference I420 frames [0, frames) of the clip, back to back. */
    static byte[] reference(TestClip clip, int frames) {
        byte[] all = new byte[clip.frameSize() * frames];
        for (int n = 0; n < frames; n++) {
            System.arraycopy(clip.i420(n), 0, all, n * clip.frameSize(), clip.frameSize());
        }
        return all;
    }

    static TestClip clip() {
        return new TestClip(W, H, 30, 42);
    }
}
