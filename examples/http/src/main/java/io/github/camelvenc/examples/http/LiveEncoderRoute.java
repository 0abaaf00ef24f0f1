package io.github.camelvenc.examples.http;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.FrameType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The route every live frame goes through, from {@code POST /streams/{id}/frames} or from a synthetic
 * camera: one long-lived {@code venc:} channel per stream id with {@code container=fmp4}; each output's
 * Annex-B access unit ({@code CamelVencAccessUnit}) goes to the {@link StreamHub} (WebCodecs viewers),
 * its fragment to {@link LiveContainers} (MSE, HLS). It has no error handler of its own, so a failed frame
 * fails the caller's exchange (an HTTP error answer, or an exception in the synthetic camera).
 */
@ApplicationScoped
public class LiveEncoderRoute extends RouteBuilder {
    /** The endpoint of this route. */
    static final String LIVE_ENCODER = "direct:live-encoder";

    @ConfigProperty(name = "http-encoder.live.codec", defaultValue = "h264")
    String liveCodec;

    @ConfigProperty(name = "http-encoder.live.encoder-options", defaultValue = "")
    String liveOptions;

    @ConfigProperty(name = "http-encoder.live.idle-timeout", defaultValue = "60000")
    long liveIdleTimeout;

    @Inject
    StreamHub hub;

    @Inject
    LiveContainers containers;

    @Override
    public void configure() {
        errorHandler(noErrorHandler());
        from(LIVE_ENCODER)
                .routeId("live-encoder")
                .to("venc:" + liveCodec.trim().toLowerCase(Locale.ROOT) + "?mode=frame&container=fmp4&idleTimeout="
                        + liveIdleTimeout
                        + (liveOptions.isBlank() ? "" : "&" + liveOptions.trim()))
                .filter(header(VencConstants.DROPPED).isNotEqualTo(true))
                .process(this::publish);
    }

    private void publish(Exchange exchange) {
        Message m = exchange.getMessage();
        String id = m.getHeader(VencConstants.CHANNEL_KEY, String.class);
        hub.publish(id, m.getHeader(VencConstants.ACCESS_UNIT, byte[].class),
                m.getHeader(VencConstants.FRAME_TYPE, FrameType.class) == FrameType.IDR);
        containers.publish(id, m);
    }
}
