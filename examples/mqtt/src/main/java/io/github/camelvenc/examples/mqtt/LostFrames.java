package io.github.camelvenc.examples.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames the app received but whose access unit, or error report, could not be published because
 * the broker was unreachable, counted per camera until the count is reported on
 * {@code cameras/<id>/errors} once the broker is back; and the cameras whose stream lost an access
 * unit since their last published IDR (their P frames are held back until the next IDR). Thread-safe.
 */
@ApplicationScoped
public class LostFrames {
    private final Map<String, AtomicLong> lost = new ConcurrentHashMap<>();
    private final Set<String> recovering = ConcurrentHashMap.newKeySet();

    /** Counts one lost frame of {@code camera}; returns how many are not reported yet. */
    public long count(String camera) {
        return lost.computeIfAbsent(camera, c -> new AtomicLong()).incrementAndGet();
    }

    /** Counts a lost access unit of the camera's stream, which then waits for its next IDR. */
    public long streamLost(String camera) {
        recovering.add(camera);
        return count(camera);
    }

    /** Whether the camera's stream lost an access unit since its last published IDR. */
    public boolean recovering(String camera) {
        return recovering.contains(camera);
    }

    /** An IDR of the camera's stream was published: its stream decodes again from there. */
    public void recovered(String camera) {
        recovering.remove(camera);
    }

    /** Lost frames not reported yet, per camera. */
    public Map<String, Long> pending() {
        Map<String, Long> now = new ConcurrentHashMap<>();
        lost.forEach((camera, n) -> {
            if (n.get() > 0) {
                now.put(camera, n.get());
            }
        });
        return now;
    }

    /** {@code n} of the camera's lost frames were reported. */
    public void reported(String camera, long n) {
        lost.get(camera).addAndGet(-n);
    }
}
