package io.github.camelvenc.examples.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Names the segments of each camera's stream. A segment is what one encoder channel produced: it
 * starts with an IDR whose {@code sequence} is 0 and decodes on its own. Its id is
 * {@code <instance>-<n>}: the instance id (configured, or random at start) and a counter of the
 * segments this instance started, so ids never repeat across instances and restarts.
 */
@ApplicationScoped
public class Segments {
    private final String instance;
    private final AtomicLong started = new AtomicLong();
    private final Map<String, String> current = new ConcurrentHashMap<>();

    Segments(@ConfigProperty(name = "venc-kafka.instance-id") Optional<String> instanceId) {
        this.instance = instanceId.filter(s -> !s.isBlank()).map(String::trim)
                .orElseGet(() -> UUID.randomUUID().toString().substring(0, 8));
    }

    /** This instance's id, the prefix of its segment ids. */
    public String instance() {
        return instance;
    }

    /** The segment of the camera's access unit with this channel sequence number (0 starts a new one). */
    String segment(String camera, long sequence) {
        if (sequence == 0) {
            String id = instance + "-" + started.incrementAndGet();
            current.put(camera, id);
            return id;
        }
        return current.computeIfAbsent(camera, c -> instance + "-" + started.incrementAndGet());
    }
}
