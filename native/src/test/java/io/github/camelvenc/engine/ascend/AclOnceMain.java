package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Channel;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.PixelFormat;

/**
 * Run in a forked JVM by {@link AscendRuntimeTest}: opens and closes a channel twice and probes the
 * device in between, then finalizes as the shutdown hook does and tries aclInit again.
 */
public final class AclOnceMain {

    private AclOnceMain() {
    }

    public static void main(String[] args) {
        Sim.reset(0);
        ChannelConfig cfg = ChannelConfig.builder().backend(BackendKind.ASCEND).width(176).height(144).build();
        for (int i = 0; i < 2; i++) {
            try (Channel ch = Encoders.open(cfg, new Collector())) {
                ch.send(SimFrames.frame(176, 144, 176, PixelFormat.NV12, 0, 0).frame());
            }
            if (i == 0 && !new AscendBackend().probe(0).usable()) {
                throw new IllegalStateException("probe failed");
            }
        }
        AscendRuntime rt = AscendRuntime.get();
        rt.shutdown();
        int again = rt.acl.aclInit(null);
        System.out.println("REINIT " + again + " refused=" + Sim.counter("acl_reinit_refused"));
        System.exit(0);
    }
}
