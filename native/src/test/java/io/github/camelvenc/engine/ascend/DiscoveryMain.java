package io.github.camelvenc.engine.ascend;

import io.github.camelvenc.engine.EncoderBackend;

/** Run in a forked JVM by {@link AscendRuntimeTest}: probes with nothing to find. */
public final class DiscoveryMain {

    private DiscoveryMain() {
    }

    public static void main(String[] args) {
        EncoderBackend.Availability a = new AscendBackend().probe(0);
        EncoderBackend.Availability again = new AscendBackend().probe(0);
        System.out.println("usable=" + a.usable() + " same=" + a.detail().equals(again.detail()));
        System.out.println("detail=" + a.detail());
    }
}
