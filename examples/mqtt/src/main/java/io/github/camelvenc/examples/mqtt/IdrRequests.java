package io.github.camelvenc.examples.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cameras whose next frame must be encoded as an IDR, because a subscriber asked on
 * {@code cameras/<id>/request-idr}. Thread-safe: requests arrive on one MQTT client thread, frames on
 * another.
 */
@ApplicationScoped
public class IdrRequests {
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** Records a request for the camera. */
    public void request(String cameraId) {
        pending.add(cameraId);
    }

    /** Whether a request is waiting for the camera's next frame. */
    public boolean isPending(String cameraId) {
        return pending.contains(cameraId);
    }

    /** Consumes the camera's pending request: true once per request. */
    public boolean take(String cameraId) {
        return pending.remove(cameraId);
    }
}
