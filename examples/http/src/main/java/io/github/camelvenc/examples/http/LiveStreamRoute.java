package io.github.camelvenc.examples.http;

import io.github.camelvenc.engine.UserText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /streams/{id}}: the live stream as a chunked response, one HTTP chunk per access unit,
 * starting at the latest IDR; 404 for a stream nobody feeds.
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

    void install(@Observes Router router) {
        router.get("/streams/:id").handler(ctx -> {
            String id = ctx.pathParam("id");
            HttpServerResponse response = ctx.response();
            if (!ID.matcher(id).matches()) {
                problem(response, 400, "stream id " + UserText.quote(id) + " must be 1 to 64 letters, digits, _ or -");
                return;
            }
            if (!hub.exists(id)) {
                problem(response, 404, "no stream " + UserText.quote(id)
                        + ": post its frames to /streams/" + id + "/frames or switch its synthetic camera on");
                return;
            }
            response.setChunked(true)
                    .putHeader("Content-Type", "h265".equalsIgnoreCase(liveCodec) ? "video/h265" : "video/h264")
                    .putHeader("Cache-Control", "no-store");
            response.writeHead();
            AtomicReference<Runnable> leave = new AtomicReference<>();
            response.closeHandler(v -> {
                Runnable r = leave.getAndSet(null);
                if (r != null) {
                    r.run();
                }
            });
            leave.set(hub.watch(id, new StreamHub.Viewer() {
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
        });
    }

    private static void problem(HttpServerResponse response, int status, String reason) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(HttpProblem.body(status, reason).toJson());
    }
}
