package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.PixelFormat;

/** Run in a forked JVM by {@link AscendShutdownTest}: opens channels, sends frames, exits without closing. */
public final class ShutdownMain {

    private ShutdownMain() {
    }

    public static void main(String[] args) {
        Sim.reset(Integer.parseInt(args[0]));
        Collector sink = new Collector();
        Channel a = Encoders.open(ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H264).width(176)
                .height(144).build(), sink);
        Channel b = Encoders.open(ChannelConfig.builder().backend(BackendKind.ASCEND).codec(Codec.H265).width(176)
                .height(144).build(), sink);
        for (int i = 0; i < 10; i++) {
            a.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i).frame());
            b.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, 100 + i).frame());
        }
        System.out.println("OPEN " + a.backendName() + " | " + b.backendName());
        System.exit(0);
    }
}
