package io.github.camelvenc.camel;

import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.VencException;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one {@code venc:} endpoint, in Camel's producer health checks (like camel-kafka's
 * producer check): UP when the endpoint's backend can open channels now, DOWN with the reason
 * otherwise. Details: the backend chosen and what its probe says, open channels, failed exchanges and
 * the last failure. Seen by {@code camel get health}, Camel Main's health endpoint and, in Quarkus,
 * {@code /q/health/ready} through camel-quarkus-microprofile-health. Producer checks run when Camel's
 * {@code camel.health.producersEnabled=true}; the component option {@code healthCheckProducerEnabled}
 * turns this one off.
 */
final class VencHealthCheck extends AbstractHealthCheck {
    private final VencEndpoint endpoint;

    VencHealthCheck(VencEndpoint endpoint) {
        super("camel", "producer:venc-" + endpoint.getEndpointKey());
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        VencConfiguration c = endpoint.getConfiguration();
        BackendKind kind = c.getBackend() != null ? c.getBackend() : BackendKind.AUTO;
        int deviceId = c.getDeviceId() != null ? c.getDeviceId() : 0;
        builder.detail("endpoint", endpoint.getEndpointUri());
        builder.detail("mode", endpoint.getModeName());
        builder.detail("configuredBackend", kind.name().toLowerCase(Locale.ROOT));
        VencStatistics.Snapshot s = endpoint.statistics().snapshot();
        builder.detail("openChannels", s.channelsOpen());
        builder.detail("failures", s.failures());
        endpoint.lastFailure().ifPresent(f -> {
            builder.detail("lastError", f.message());
            builder.detail("lastErrorAt", f.at().toString());
        });
        try {
            EncoderBackend backend = Encoders.select(kind, deviceId);
            builder.detail("backend", backend.kind().name().toLowerCase(Locale.ROOT));
            builder.detail("backendDetail", backend.probe(deviceId).detail());
            builder.up();
        } catch (VencException e) {
            builder.detail("backend", "none");
            builder.message(e.getMessage());
            builder.down();
        }
    }
}
