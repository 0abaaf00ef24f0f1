package io.github.camelvenc.examples.http;

import io.github.camelvenc.engine.UserText;
import io.github.camelvenc.engine.mux.HlsPlaylist;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /streams/{id}}: the live stream as a chunked response, one HTTP chunk per access unit,
 * starting at the latest IDR; 404 for a stream nobody feeds. {@code GET /streams/{id}/live.mp4}: the same
 * as fragmented MP4 for Media Source Extensions (init segment, then one fragment per access unit from
 * the latest key frame). {@code GET /streams/{id}/index.m3u8}: its HLS playlist, with {@code init.mp4}
 * and the segments next to it.
 *
 * <p>This one endpoint is a Vert.x route instead of a Camel platform-http route: platform-http (Camel
 * 4.17) writes an {@code InputStream} body in 4 KB blocks and holds a partial block until more data
 * comes, which delays a low bit rate live stream by several frames, and it spends a worker thread per
 * viewer. Here every access unit is written as soon as it is encoded, without any thread per viewer.
 */
@ApplicationScoped
public class LiveStreamRoute {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @ConfigProperty(name = "http-encoder.live.codec", defaultValue = "h264")
    String liveCodec;

    @Inject
    StreamHub hub;

    @Inject
    LiveContainers containers;

    void install(@Observes Router router) {
        router.get("/streams/:id").handler(ctx -> stream(ctx, "h265".equalsIgnoreCase(liveCodec) ? "video/h265"
                : "video/h264", hub::watch));
        router.get("/streams/:id/live.mp4").handler(ctx -> stream(ctx, "video/mp4", containers::watchFmp4));
        router.getWithRegex("/streams/([^/]+)/(index\\.m3u8|init\\.mp4|seg-[0-9]+\\.(?:m4s|ts))").handler(this::hls);
    }

    /** A live stream as a chunked response, one chunk per published part, from {@code watch}. */
    private void stream(RoutingContext ctx, String contentType, BiFunction<String, StreamHub.Viewer, Runnable> watch) {
        String id = ctx.pathParam("id");
        HttpServerResponse response = ctx.response();
        if (!validStream(response, id)) {
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-store");
        response.writeHead();
        AtomicReference<Runnable> leave = new AtomicReference<>();
        response.closeHandler(v -> {
            Runnable r = leave.getAndSet(null);
            if (r != null) {
                r.run();
            }
        });
        leave.set(watch.apply(id, new StreamHub.Viewer() {
            @Override
            public void send(byte[] accessUnit) {
                if (!response.closed()) {
                    response.write(Buffer.buffer(accessUnit));
                }
            }

            @Override
            public boolean congested() {
                return response.writeQueueFull();
            }

            @Override
            public void end() {
                if (!response.closed()) {
                    response.end();
                }
            }
        }));
        if (response.closed()) {
            Runnable r = leave.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
    }

    /** {@code index.m3u8}, {@code init.mp4} and the segments of a stream's HLS playlist; 404 when not (yet) there. */
    private void hls(RoutingContext ctx) {
        String id = ctx.pathParam("param0");
        String file = ctx.pathParam("param1");
        HttpServerResponse response = ctx.response();
        if (!validStream(response, id)) {
            return;
        }
        HlsPlaylist hls = containers.hls(id);
        byte[] body;
        String type;
        if (file.equals("index.m3u8")) {
            String playlist = hls == null ? null : hls.playlist();
            body = playlist == null ? null : playlist.getBytes(StandardCharsets.UTF_8);
            type = "application/vnd.apple.mpegurl";
        } else if (file.equals("init.mp4")) {
            body = hls == null ? null : hls.init();
            type = "video/mp4";
        } else {
            body = hls == null ? null : hls.segment(file);
            type = file.endsWith(".ts") ? "video/mp2t" : "video/iso.segment";
        }
        if (body == null) {
            problem(response, 404, "stream " + UserText.quote(id) + " has no " + file + " (yet: a segment is listed "
                    + "once the next one starts)");
            return;
        }
        response.putHeader("Content-Type", type)
                .putHeader("Cache-Control", file.equals("index.m3u8") ? "no-store" : "max-age=60")
                .end(Buffer.buffer(body));
    }

    /** Answers 400 for a malformed id and 404 for a stream nobody feeds; true when the stream is there. */
    private boolean validStream(HttpServerResponse response, String id) {
        if (!ID.matcher(id).matches()) {
            problem(response, 400, "stream id " + UserText.quote(id) + " must be 1 to 64 letters, digits, _ or -");
            return false;
        }
        if (!hub.exists(id)) {
            problem(response, 404, "no stream " + UserText.quote(id)
                    + ": post its frames to /streams/" + id + "/frames or switch its synthetic camera on");
            return false;
        }
        return true;
    }

    private static void problem(HttpServerResponse response, int status, String reason) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(HttpProblem.body(status, reason).toJson());
    }
}
