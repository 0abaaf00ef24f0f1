package io.github.camelvenc.examples.http;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.mux.Container;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP encoding service.
 * <ul>
 * <li>{@code POST /encode/{codec}}: a raw NV12/NV21 clip ({@code width}, {@code height}, {@code fps},
 * {@code pixelFormat} and any {@code venc:} option as query parameters) or a Y4M clip as the body; the
 * elementary stream as the response, or with {@code container=mp4|fmp4|ts} that file.</li>
 * <li>{@code POST /streams/{id}/frames}: one frame of a live stream ({@code width}, {@code height},
 * optional {@code pts}, {@code pixelFormat}, {@code idr=true}).</li>
 * <li>{@code GET /streams/{id}}: the live stream, chunked, starting at an IDR; {@code /streams/{id}/live.mp4}
 * the same in fragmented MP4; {@code /streams/{id}/index.m3u8} its HLS playlist ({@link LiveStreamRoute}).</li>
 * <li>{@code POST /streams/{id}/synthetic?on=true|false}: switches a synthetic camera feeding the stream.</li>
 * </ul>
 * Bad requests get 400 with a JSON body naming the problem, an unknown codec 404. A body over
 * {@code http-encoder.max-body-size} gets 413 from the HTTP server before any route runs
 * ({@code quarkus.http.limits.max-body-size} is set from it), whether it is announced by
 * {@code Content-Length} or sent chunked.
 */
@ApplicationScoped
public class HttpRoutes extends RouteBuilder {
    private static final String VENC_URI = "vencUri";
    private static final String STREAM_ID = "streamId";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> CODECS = Set.of("h264", "h265");
    /** Query parameters of {@code /encode} that are not {@code venc:} options. */
    private static final Set<String> CLIP_PARAMS = Set.of("width", "height", "fps", "pixelFormat");
    /** {@code venc:} options a request may not set: the service decides them. */
    private static final Set<String> RESERVED_OPTIONS = Set.of("mode", "lazyStartProducer", "idleTimeout",
            "defaultChannelKey", "channelPoolSize", "segmentDuration");

    @ConfigProperty(name = "http-encoder.clip-options", defaultValue = "")
    String clipOptions;

    @ConfigProperty(name = "http-encoder.live.codec", defaultValue = "h264")
    String liveCodec;

    @Inject
    StreamHub hub;

    @Inject
    SyntheticCameras cameras;

    @Override
    public void configure() {
        onException(HttpProblem.class)
                .handled(true)
                .process(e -> problem(e, ((HttpProblem) e.getProperty(Exchange.EXCEPTION_CAUGHT)).status()));
        onException(InvalidFrameException.class, InvalidConfigException.class, UnsupportedOptionException.class,
                ResolveEndpointFailedException.class, IllegalArgumentException.class)
                .handled(true)
                .process(e -> problem(e, 400));
        onException(Exception.class)
                .handled(true)
                .process(e -> problem(e, 500));

        from("platform-http:/encode/{codec}?httpMethodRestrict=POST&useStreaming=true")
                .routeId("encode-clip")
                .process(this::clipRequest)
                .toD("${exchangeProperty." + VENC_URI + "}", 64)
                .process(HttpRoutes::clipResponse);

        from("platform-http:/streams/{id}/frames?httpMethodRestrict=POST")
                .routeId("live-frames")
                .process(this::frameRequest)
                .to(LiveEncoderRoute.LIVE_ENCODER)
                .process(this::frameResponse);

        from("platform-http:/streams/{id}/synthetic?httpMethodRestrict=GET,POST")
                .routeId("live-synthetic")
                .process(this::synthetic);
    }

    private void clipRequest(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String codec = in.getHeader("codec", String.class);
        if (!CODECS.contains(codec)) {
            throw new HttpProblem(404, "unknown codec '" + codec + "': use h264 or h265");
        }
        Map<String, Object> query = query(in);
        Set<String> options = exchange.getContext().getCamelContextExtension().getEndpointUriFactory("venc")
                .propertyNames();
        Map<String, Object> uriOptions = new TreeMap<>(URISupport.parseQuery(clipOptions));
        for (Map.Entry<String, Object> q : query.entrySet()) {
            String name = q.getKey();
            if (CLIP_PARAMS.contains(name)) {
                continue;
            }
            if (!options.contains(name) || RESERVED_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name
                        + "': use width, height, fps, pixelFormat or a venc option");
            }
            uriOptions.put(name, q.getValue());
        }
        InputStream body = in.getBody(InputStream.class);
        if (body == null) {
            throw new IllegalArgumentException("the request has no body: send a raw NV12/NV21 or a Y4M clip");
        }
        in.removeHeaders("*");
        in.setBody(body);
        setInt(in, VencConstants.WIDTH, query, "width");
        setInt(in, VencConstants.HEIGHT, query, "height");
        setInt(in, VencConstants.FRAME_RATE, query, "fps");
        if (query.containsKey("pixelFormat")) {
            in.setHeader(VencConstants.PIXEL_FORMAT, String.valueOf(query.get("pixelFormat")).toUpperCase(Locale.ROOT));
        }
        StringBuilder uri = new StringBuilder("venc:").append(codec).append("?mode=clip");
        for (Map.Entry<String, Object> o : uriOptions.entrySet()) {
            uri.append('&').append(o.getKey()).append('=')
                    .append(URLEncoder.encode(String.valueOf(o.getValue()), StandardCharsets.UTF_8));
        }
        exchange.setProperty(VENC_URI, uri.toString());
    }

    private static void clipResponse(Exchange exchange) {
        Message m = exchange.getMessage();
        Codec codec = Codec.parse(m.getHeader(VencConstants.CODEC, String.class));
        Container container = Container.parse(m.getHeader(VencConstants.CONTAINER, String.class));
        Object frames = m.getHeader(VencConstants.ENCODED_COUNT);
        Object bytes = m.getHeader(VencConstants.BYTE_COUNT);
        Object backend = m.getHeader(VencConstants.BACKEND);
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, container.mediaType(codec));
        m.setHeader("X-Venc-Frames", frames);
        m.setHeader("X-Venc-Bytes", bytes);
        m.setHeader("X-Venc-Backend", backend);
    }

    private void frameRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        String id = streamId(in);
        Map<String, Object> query = query(in);
        for (String name : query.keySet()) {
            if (!Set.of("width", "height", "pts", "pixelFormat", "idr").contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name
                        + "': use width, height, pts, pixelFormat, idr");
            }
        }
        if (!query.containsKey("width") || !query.containsKey("height")) {
            throw new IllegalArgumentException("query parameters width and height are required");
        }
        byte[] frame = in.getBody(byte[].class);
        in.removeHeaders("*");
        setInt(in, VencConstants.WIDTH, query, "width");
        setInt(in, VencConstants.HEIGHT, query, "height");
        long expected = (long) in.getHeader(VencConstants.WIDTH, Integer.class)
                * in.getHeader(VencConstants.HEIGHT, Integer.class) * 3 / 2;
        int actual = frame == null ? 0 : frame.length;
        if (actual != expected) {
            throw new IllegalArgumentException("body has " + actual + " bytes, a " + query.get("width") + "x"
                    + query.get("height") + " frame has " + expected);
        }
        in.setBody(frame);
        in.setHeader(VencConstants.CHANNEL_KEY, id);
        if (query.containsKey("pts")) {
            in.setHeader(VencConstants.PTS, parseLong("pts", query.get("pts")));
        }
        if (query.containsKey("pixelFormat")) {
            in.setHeader(VencConstants.PIXEL_FORMAT, String.valueOf(query.get("pixelFormat")).toUpperCase(Locale.ROOT));
        }
        if (Boolean.parseBoolean(String.valueOf(query.get("idr")))) {
            in.setHeader(VencConstants.FORCE_IDR, true);
        }
        exchange.setProperty(STREAM_ID, id);
    }

    private void frameResponse(Exchange exchange) {
        Message m = exchange.getMessage();
        String id = exchange.getProperty(STREAM_ID, String.class);
        boolean dropped = Boolean.TRUE.equals(m.getHeader(VencConstants.DROPPED, Boolean.class));
        JsonObject json = new JsonObject();
        json.put("stream", id);
        json.put("pts", m.getHeader(VencConstants.PTS, Long.class));
        json.put("dropped", dropped);
        json.put("frameType", m.getHeader(VencConstants.FRAME_TYPE, String.class));
        json.put("bytes", dropped ? 0 : m.getHeader(VencConstants.ACCESS_UNIT, byte[].class).length);
        json.put("viewers", hub.viewers(id));
        json(m, 200, json);
    }

    private void synthetic(Exchange exchange) {
        Message in = exchange.getMessage();
        String id = streamId(in);
        boolean on = cameras.isOn(id);
        if ("POST".equals(in.getHeader(Exchange.HTTP_METHOD, String.class))) {
            Object wanted = query(in).get("on");
            if (wanted == null || !Set.of("true", "false").contains(String.valueOf(wanted))) {
                throw new IllegalArgumentException("query parameter on must be true or false");
            }
            on = cameras.switchTo(id, Boolean.parseBoolean(String.valueOf(wanted)));
        }
        JsonObject json = new JsonObject();
        json.put("stream", id);
        json.put("synthetic", on);
        json.put("codec", liveCodec);
        json(in, 200, json);
    }

    private static void problem(Exchange exchange, int status) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable root = cause;
        while (root instanceof ResolveEndpointFailedException && root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root == null ? "unknown error" : String.valueOf(root.getMessage());
        JsonObject json = new JsonObject();
        json.put("status", status);
        json.put("error", reason);
        json(exchange.getMessage(), status, json);
    }

    private static void json(Message m, int status, JsonObject json) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(json.toJson());
    }

    private static String streamId(Message in) {
        String id = in.getHeader("id", String.class);
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("stream id '" + id + "' must be 1 to 64 letters, digits, _ or -");
        }
        return id;
    }

    private static Map<String, Object> query(Message in) {
        try {
            return URISupport.parseQuery(in.getHeader(Exchange.HTTP_QUERY, String.class));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("malformed query string: " + e.getMessage());
        }
    }

    private static void setInt(Message in, String header, Map<String, Object> query, String name) {
        Object v = query.get(name);
        if (v != null) {
            long n = parseLong(name, v);
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("query parameter " + name + " must be a positive integer, got " + v);
            }
            in.setHeader(header, (int) n);
        }
    }

    private static long parseLong(String name, Object v) {
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter " + name + " is not an integer: '" + v + "'");
        }
    }
}
