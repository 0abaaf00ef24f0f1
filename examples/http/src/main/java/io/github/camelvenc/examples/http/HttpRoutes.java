package io.github.camelvenc.examples.http;

import io.github.camelvenc.camel.ChannelLimitException;
import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.InvalidConfigException;
import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.UnsupportedOptionException;
import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.mux.Container;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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
 * Bodies are taken as bytes whatever their {@code Content-Type} ({@link UploadBody}: no form or
 * multipart decoding, read as they arrive). Every client mistake gets a 4xx with a JSON body
 * {@code {"status":400,"error":"<reason>"}} whose reason quotes what the client sent as it was
 * given (escaped, cut): 400 for a bad query or body, 404 for an unknown codec, 408 for a body that
 * stalls for {@code http-encoder.upload-idle-timeout} ms, 413 for a body over
 * {@code http-encoder.max-body-size} (announced by {@code Content-Length}: refused by the HTTP server
 * before any route runs; sent chunked: when it grows past it). 503 says the service cannot encode
 * now: the requested backend cannot start on this machine, or every live channel is taken
 * ({@code maxChannels}; with {@code Retry-After}). Anything else is a 500 without details.
 */
@ApplicationScoped
public class HttpRoutes extends RouteBuilder {
    private static final Logger LOG = Logger.getLogger(HttpRoutes.class);
    private static final String VENC_URI = "vencUri";
    private static final String STREAM_ID = "streamId";
    /** Exchange property: the request's {@link UploadBody}. */
    private static final String UPLOAD = "upload";
    /** Exchange property: the backend and device id the request's encoder asks for. */
    private static final String BACKEND = "backend";
    private static final String DEVICE_ID = "deviceId";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> CODECS = Set.of("h264", "h265");
    /** Query parameters of {@code /encode} that are not {@code venc:} options. */
    private static final Set<String> CLIP_PARAMS = Set.of("width", "height", "fps", "pixelFormat");
    /** Query parameters of {@code /streams/{id}/frames}. */
    private static final Set<String> FRAME_PARAMS = Set.of("width", "height", "pts", "pixelFormat", "idr");
    /** {@code venc:} options a request may not set: the service decides them. */
    private static final Set<String> RESERVED_OPTIONS = Set.of("mode", "lazyStartProducer", "idleTimeout",
            "defaultChannelKey", "channelPoolSize", "maxChannels", "onFormatChange", "segmentDuration");
    /** Largest picture side any backend accepts. */
    private static final int MAX_SIDE = 8192;

    @ConfigProperty(name = "http-encoder.clip-options", defaultValue = "")
    String clipOptions;

    @ConfigProperty(name = "http-encoder.live.codec", defaultValue = "h264")
    String liveCodec;

    @ConfigProperty(name = "http-encoder.live.encoder-options", defaultValue = "")
    String liveOptions;

    @ConfigProperty(name = "http-encoder.live.idle-timeout", defaultValue = "60000")
    long liveIdleTimeout;

    @ConfigProperty(name = "http-encoder.max-body-size", defaultValue = "512M")
    MemorySize maxBodySize;

    @ConfigProperty(name = "http-encoder.upload-idle-timeout", defaultValue = "10000")
    long uploadIdleTimeout;

    @Inject
    StreamHub hub;

    @Inject
    SyntheticCameras cameras;

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .process(this::problem);

        // useBodyHandler=false: the body is the paused request, read here as bytes whatever its
        // Content-Type (no form or multipart decoding), and read as it arrives
        from("platform-http:/encode/{codec}?httpMethodRestrict=POST&useBodyHandler=false")
                .routeId("encode-clip")
                .process(this::clipRequest)
                .toD("${exchangeProperty." + VENC_URI + "}", 64)
                .process(HttpRoutes::clipResponse);

        from("platform-http:/streams/{id}/frames?httpMethodRestrict=POST&useBodyHandler=false")
                .routeId("live-frames")
                .process(this::frameRequest)
                .to(LiveEncoderRoute.LIVE_ENCODER)
                .process(this::frameResponse);

        from("platform-http:/streams/{id}/synthetic?httpMethodRestrict=GET,POST")
                .routeId("live-synthetic")
                .process(this::synthetic);
    }

    private void clipRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        UploadBody body = upload(exchange);
        String codec = in.getHeader("codec", String.class);
        if (!CODECS.contains(codec)) {
            throw new HttpProblem(404, "unknown codec " + UserText.quote(codec) + ": use h264 or h265");
        }
        Map<String, Object> query = query(in);
        Set<String> options = exchange.getContext().getCamelContextExtension().getEndpointUriFactory("venc")
                .propertyNames();
        Map<String, Object> uriOptions = new TreeMap<>(parseQuery(clipOptions));
        for (Map.Entry<String, Object> q : query.entrySet()) {
            String name = q.getKey();
            if (CLIP_PARAMS.contains(name)) {
                continue;
            }
            if (!options.contains(name) || RESERVED_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter " + UserText.quote(name)
                        + ": use width, height, fps, pixelFormat or a venc option");
            }
            uriOptions.put(name, checkedOption(exchange, name, q.getValue()));
        }
        in.removeHeaders("*");
        in.setBody(body);
        setInt(in, VencConstants.WIDTH, query, "width", MAX_SIDE);
        setInt(in, VencConstants.HEIGHT, query, "height", MAX_SIDE);
        setInt(in, VencConstants.FRAME_RATE, query, "fps", Integer.MAX_VALUE);
        if (query.containsKey("pixelFormat")) {
            in.setHeader(VencConstants.PIXEL_FORMAT, pixelFormat(query));
        }
        StringBuilder uri = new StringBuilder("venc:").append(codec).append("?mode=clip");
        for (Map.Entry<String, Object> o : uriOptions.entrySet()) {
            uri.append('&').append(o.getKey()).append('=')
                    .append(URLEncoder.encode(String.valueOf(o.getValue()), StandardCharsets.UTF_8));
        }
        exchange.setProperty(VENC_URI, uri.toString());
        rememberBackend(exchange, uriOptions);
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

    private void frameRequest(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        UploadBody body = upload(exchange);
        String id = streamId(in);
        Map<String, Object> query = query(in);
        for (String name : query.keySet()) {
            if (!FRAME_PARAMS.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter " + UserText.quote(name)
                        + ": use width, height, pts, pixelFormat, idr");
            }
        }
        if (!query.containsKey("width") || !query.containsKey("height")) {
            throw new IllegalArgumentException("query parameters width and height are required");
        }
        in.removeHeaders("*");
        setInt(in, VencConstants.WIDTH, query, "width", MAX_SIDE);
        setInt(in, VencConstants.HEIGHT, query, "height", MAX_SIDE);
        int expected = in.getHeader(VencConstants.WIDTH, Integer.class) * in.getHeader(VencConstants.HEIGHT, Integer.class)
                * 3 / 2;
        byte[] frame = body.readAtMost(expected, "the body");
        if (frame.length != expected) {
            throw new IllegalArgumentException("body has " + frame.length + " bytes, a " + query.get("width") + "x"
                    + query.get("height") + " frame has " + expected);
        }
        in.setBody(frame);
        in.setHeader(VencConstants.CHANNEL_KEY, id);
        if (query.containsKey("pts")) {
            in.setHeader(VencConstants.PTS, UserText.parseLong("query parameter pts", text(query, "pts"), 0,
                    Long.MAX_VALUE, IllegalArgumentException::new));
        }
        if (query.containsKey("pixelFormat")) {
            in.setHeader(VencConstants.PIXEL_FORMAT, pixelFormat(query));
        }
        if (query.containsKey("idr")) {
            String idr = text(query, "idr");
            if (!Set.of("true", "false").contains(idr)) {
                throw new IllegalArgumentException("query parameter idr " + UserText.quote(idr)
                        + " must be true or false");
            }
            in.setHeader(VencConstants.FORCE_IDR, Boolean.parseBoolean(idr));
        }
        exchange.setProperty(STREAM_ID, id);
        rememberBackend(exchange, parseQuery(liveOptions));
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
        json.put("formatChanged", m.getHeader(VencConstants.FORMAT_CHANGED, Boolean.class));
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

    /** Takes over the request body (the paused request platform-http hands over with useBodyHandler=false). */
    private UploadBody upload(Exchange exchange) {
        HttpServerRequest request = exchange.getMessage().getBody(HttpServerRequest.class);
        UploadBody body = new UploadBody(request, maxBodySize.asLongValue(), uploadIdleTimeout);
        exchange.setProperty(UPLOAD, body);
        return body;
    }

    /**
     * The error answer: the status for the first cause in the chain that tells one, a JSON body with a
     * one-line reason. Client mistakes are 4xx; an encoder that cannot start on this machine is 503,
     * like a full channel table (with Retry-After); anything else is 500 without details.
     */
    private void problem(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        UploadBody body = exchange.getProperty(UPLOAD, UploadBody.class);
        if (body != null) {
            body.abandon();
        }
        int status = 0;
        String reason = null;
        for (Throwable t = cause; t != null && status == 0; t = t.getCause()) {
            reason = t.getMessage();
            if (t instanceof UploadException u) {
                status = u.status();
            } else if (t instanceof HttpProblem p) {
                status = p.status();
            } else if (t instanceof ChannelLimitException) {
                status = 503;
                exchange.getMessage().setHeader("Retry-After", Math.max(1, (liveIdleTimeout + 999) / 1000));
            } else if (t instanceof InvalidFrameException || t instanceof InvalidConfigException
                    || t instanceof UnsupportedOptionException || t instanceof IllegalArgumentException
                    || t instanceof PropertyBindingException) {
                status = 400;
            }
        }
        if (status == 0) {
            String unusable = unusableBackend(exchange);
            if (unusable != null) {
                status = 503;
                reason = "the encoder cannot start on this machine: " + unusable;
            } else {
                LOG.errorf(cause, "Request %s failed", exchange.getExchangeId());
                status = 500;
                reason = "internal error: " + UserText.printable(String.valueOf(cause == null ? null : cause.getMessage()));
            }
        }
        JsonObject json = HttpProblem.body(status, String.valueOf(reason));
        Object retryAfter = exchange.getMessage().getHeader("Retry-After");
        json(exchange.getMessage(), status, json);
        if (retryAfter != null) {
            exchange.getMessage().setHeader("Retry-After", retryAfter);
        }
    }

    /** Records which backend the request's encoder asks for, so that a failure can tell whether it is usable. */
    private static void rememberBackend(Exchange exchange, Map<String, Object> options) {
        exchange.setProperty(BACKEND, String.valueOf(options.getOrDefault("backend", BackendKind.AUTO)));
        exchange.setProperty(DEVICE_ID, String.valueOf(options.getOrDefault("deviceId", 0)));
    }

    /** Why the backend the failed request asked for cannot encode on this machine, or null when it can. */
    private static String unusableBackend(Exchange exchange) {
        String kind = exchange.getProperty(BACKEND, String.class);
        if (kind == null) {
            return null;
        }
        try {
            Encoders.select(BackendKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                    Integer.parseInt(exchange.getProperty(DEVICE_ID, String.class)));
            return null;
        } catch (VencException e) {
            return e.getMessage();
        }
    }

    /**
     * The query value of venc option {@code name}, checked against the option's type: an integer that is
     * not one, overflows or a value outside an enum is reported as the text the user gave.
     */
    private static Object checkedOption(Exchange exchange, String name, Object value) {
        String text = text(name, value);
        PropertyConfigurer configurer = exchange.getContext().getComponent("venc").getEndpointPropertyConfigurer();
        Class<?> type = configurer instanceof PropertyConfigurerGetter types ? types.getOptionType(name, false) : null;
        if (type == Integer.class || type == int.class) {
            UserText.parseInt("query parameter " + name, text, Integer.MIN_VALUE, Integer.MAX_VALUE,
                    IllegalArgumentException::new);
        } else if (type == Long.class || type == long.class) {
            UserText.parseLong("query parameter " + name, text, Long.MIN_VALUE, Long.MAX_VALUE,
                    IllegalArgumentException::new);
        } else if (type != null && type.isEnum()) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
            if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(text.strip()))) {
                throw new IllegalArgumentException("query parameter " + name + " " + UserText.quote(text)
                        + " is not one of " + String.join(", ", allowed));
            }
        }
        return text;
    }

    private static String pixelFormat(Map<String, Object> query) {
        String text = text(query, "pixelFormat");
        try {
            return PixelFormat.parse(text).name();
        } catch (VencException e) {
            throw new IllegalArgumentException("query parameter pixelFormat " + UserText.quote(text)
                    + " must be nv12 or nv21");
        }
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
            throw new IllegalArgumentException("stream id " + UserText.quote(id)
                    + " must be 1 to 64 letters, digits, _ or -");
        }
        return id;
    }

    private static Map<String, Object> query(Message in) {
        return parseQuery(in.getHeader(Exchange.HTTP_QUERY, String.class));
    }

    private static Map<String, Object> parseQuery(String query) {
        try {
            return URISupport.parseQuery(query);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed query string " + UserText.quote(query));
        }
    }

    /** The text of query parameter {@code name}, which must be given once. */
    private static String text(Map<String, Object> query, String name) {
        return text(name, query.get(name));
    }

    private static String text(String name, Object value) {
        if (value instanceof List<?>) {
            throw new IllegalArgumentException("query parameter " + name + " is given more than once");
        }
        return String.valueOf(value);
    }

    private static void setInt(Message in, String header, Map<String, Object> query, String name, int max) {
        if (query.containsKey(name)) {
            in.setHeader(header, UserText.parseInt("query parameter " + name, text(query, name), 1, max,
                    IllegalArgumentException::new));
        }
    }
}
