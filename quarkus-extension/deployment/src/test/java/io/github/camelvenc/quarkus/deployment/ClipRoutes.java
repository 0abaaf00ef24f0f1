package io.github.camelvenc.quarkus.deployment;

import org.apache.camel.builder.RouteBuilder;

/** Routes of the extension tests: whole clips in, elementary streams out. */
public class ClipRoutes extends RouteBuilder {

    static final String H264 = "direct:h264";
    static final String H265 = "direct:h265";

    @Override
    public void configure() {
        from(H264).routeId("h264").to("venc:h264");
        from(H265).routeId("h265").to("venc:h265?bitRate=500");
    }
}
