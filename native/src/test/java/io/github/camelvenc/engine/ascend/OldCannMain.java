package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.VencException;

/**
 * Run in a forked JVM by {@link AscendRuntimeTest} against the simulator built with an older CANN's
 * symbol set: encoding works, reconfigure fails naming the missing function and the version.
 */
public final class OldCannMain {

    private OldCannMain() {
    }

    public static void main(String[] args) {
        Sim.reset(0);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144).build();
        Collector sink = new Collector();
        try (Channel ch = Encoders.open(cfg, sink)) {
            for (int i = 0; i < 3; i++) {
                ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, i, i).frame());
            }
            ch.flush();
            System.out.println("ENCODED " + sink.encoded().size());
            System.out.println("STRIDE " + SimFrames.record(sink.encoded().get(0)).get("ys"));
            try {
                ch.reconfigure(cfg.toBuilder().bitRate(1000).build());
                System.out.println("RECONFIGURE succeeded");
            } catch (VencException e) {
                System.out.println("RECONFIGURE " + e);
            }
        }
        System.exit(0);
    }
}
