package io.github.camelvenc.examples.http;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live streams: each named stream receives its access units in order from the encoder and hands
 * them to any number of viewers. A new viewer starts with the access units since the latest IDR (which
 * carries the parameter sets), so its decoder starts at once, then gets every new access unit.
 *
 * <p>A viewer that cannot keep up ({@link Viewer#congested()}) misses access units until the next IDR,
 * so a slow viewer never holds the encoder back and never gets a broken picture. Thread-safe:
 * {@link #publish} runs on the encoder's thread of a stream; viewers come and go on HTTP threads.
 */
@ApplicationScoped
public class StreamHub {
    /** Access units kept since the latest IDR for new viewers; a longer gop is joined at its next IDR. */
    static final int GOP_CACHE = 600;

    /** Where a viewer's access units go. Calls for one viewer never overlap. */
    public interface Viewer {
        /** One Annex-B access unit, in stream order. */
        void send(byte[] accessUnit);

        /** Whether the viewer's connection is behind; it then resumes at the next IDR. */
        boolean congested();

        /** The application stops: no more access units. */
        void end();
    }

    private final Map<String, LiveStream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stream-hub-sweeper");
        t.setDaemon(true);
        return t;
    });

    @ConfigProperty(name = "http-encoder.live.idle-timeout", defaultValue = "60000")
    long idleTimeout;

    /** Hands one encoded access unit of stream {@code id} to its viewers. */
    public void publish(String id, byte[] accessUnit, boolean idr) {
        stream(id).publish(accessUnit, idr);
    }

    /**
     * Adds a viewer to stream {@code id} (created if nobody sent to it yet) and sends it the access units
     * since the latest IDR; run the returned action to remove it.
     */
    public Runnable watch(String id, Viewer viewer) {
        LiveStream s = stream(id);
        s.add(viewer);
        return () -> s.remove(viewer);
    }

    /** Announces stream {@code id} before its first access unit (a camera switched on). */
    public void open(String id) {
        stream(id);
    }

    /** Whether stream {@code id} was announced or received an access unit and has not been forgotten. */
    public boolean exists(String id) {
        return streams.containsKey(id);
    }

    /**
     * Forgets the streams without viewers that received nothing for {@code idleMillis} (their encoder
     * channel closed after the same time), so the ids of streams that stopped cost nothing.
     */
    void forgetIdle(long idleMillis) {
        long now = System.nanoTime();
        streams.entrySet().removeIf(e -> e.getValue().idleSince(now, idleMillis));
    }

    /** Number of viewers of stream {@code id}. */
    public int viewers(String id) {
        LiveStream s = streams.get(id);
        return s == null ? 0 : s.size();
    }

    /** Forgets idle streams every quarter of the live idle timeout. */
    @PostConstruct
    void startForgetting() {
        long period = Math.max(1000, idleTimeout / 4);
        sweeper.scheduleWithFixedDelay(() -> forgetIdle(idleTimeout), period, period, TimeUnit.MILLISECONDS);
    }

    /** Ends every viewer. */
    @PreDestroy
    void endAll() {
        sweeper.shutdownNow();
        streams.values().forEach(LiveStream::end);
    }

    private LiveStream stream(String id) {
        return streams.computeIfAbsent(id, k -> new LiveStream());
    }

    private static final class LiveStream {
        private final List<byte[]> sinceIdr = new ArrayList<>();
        /** Viewers and whether each waits for the next IDR. */
        private final Map<Viewer, Boolean> viewers = new LinkedHashMap<>();
        private long lastPublish = System.nanoTime();

        synchronized boolean idleSince(long now, long idleMillis) {
            return viewers.isEmpty() && now - lastPublish > TimeUnit.MILLISECONDS.toNanos(idleMillis);
        }

        synchronized void publish(byte[] au, boolean idr) {
            lastPublish = System.nanoTime();
            if (idr) {
                sinceIdr.clear();
            }
            if (!sinceIdr.isEmpty() || idr) {
                if (sinceIdr.size() < GOP_CACHE) {
                    sinceIdr.add(au);
                } else {
                    sinceIdr.clear();
                }
            }
            for (Map.Entry<Viewer, Boolean> v : viewers.entrySet()) {
                boolean waiting = v.getValue() && !idr;
                if (!waiting && v.getKey().congested()) {
                    waiting = true;
                }
                v.setValue(waiting);
                if (!waiting) {
                    v.getKey().send(au);
                }
            }
        }

        synchronized void add(Viewer viewer) {
            sinceIdr.forEach(viewer::send);
            viewers.put(viewer, sinceIdr.isEmpty());
        }

        synchronized void remove(Viewer viewer) {
            viewers.remove(viewer);
        }

        synchronized int size() {
            return viewers.size();
        }

        synchronized void end() {
            viewers.keySet().forEach(Viewer::end);
            viewers.clear();
        }
    }
}
