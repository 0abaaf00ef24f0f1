package io.github.camelvenc.examples.http;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.io.SyntheticFrames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Synthetic cameras switched on and off from the page: each one feeds a live stream with moving NV12
 * frames at a fixed rate through the same route as {@code POST /streams/{id}/frames}. One scheduler
 * thread drives them all; a frame is sent only after the previous one was encoded, so a slow encoder
 * lowers the rate instead of queueing frames.
 */
@ApplicationScoped
public class SyntheticCameras {
    private static final Logger LOG = Logger.getLogger(SyntheticCameras.class);

    @ConfigProperty(name = "http-encoder.synthetic.width", defaultValue = "320")
    int width;

    @ConfigProperty(name = "http-encoder.synthetic.height", defaultValue = "240")
    int height;

    @ConfigProperty(name = "http-encoder.synthetic.fps", defaultValue = "15")
    int fps;

    @Inject
    ProducerTemplate template;

    @Inject
    StreamHub hub;

    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "synthetic-cameras");
        t.setDaemon(true);
        return t;
    });

    /** Switches the synthetic camera of stream {@code id} on or off; returns whether it is on now. */
    public synchronized boolean switchTo(String id, boolean on) {
        ScheduledFuture<?> current = running.get(id);
        if (on && current == null) {
            hub.open(id);
            SyntheticFrames frames = new SyntheticFrames(width, height);
            AtomicLong n = new AtomicLong();
            running.put(id, scheduler.scheduleAtFixedRate(() -> sendFrame(id, frames, n.getAndIncrement()),
                    0, 1_000_000L / fps, TimeUnit.MICROSECONDS));
            LOG.infof("Synthetic camera of stream %s on: %dx%d at %d fps", id, width, height, fps);
        } else if (!on && current != null) {
            current.cancel(false);
            running.remove(id);
            LOG.infof("Synthetic camera of stream %s off", id);
        }
        return running.containsKey(id);
    }

    /** Whether the synthetic camera of stream {@code id} is on. */
    public boolean isOn(String id) {
        return running.containsKey(id);
    }

    private void sendFrame(String id, SyntheticFrames frames, long n) {
        try {
            template.sendBodyAndHeaders(LiveEncoderRoute.LIVE_ENCODER, frames.frame(n), Map.of(
                    VencConstants.CHANNEL_KEY, id,
                    VencConstants.WIDTH, width,
                    VencConstants.HEIGHT, height,
                    VencConstants.PIXEL_FORMAT, "NV12",
                    VencConstants.PTS, n));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Synthetic camera of stream %s: frame %d failed", id, n);
        } catch (Error e) {
            // it ends the camera's schedule: switched off, so that the page shows it and can switch it on again
            LOG.errorf(e, "Synthetic camera of stream %s stopped: frame %d failed", id, n);
            switchTo(id, false);
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
