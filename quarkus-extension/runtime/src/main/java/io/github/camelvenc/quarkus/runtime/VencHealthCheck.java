package io.github.camelvenc.quarkus.runtime;

import io.github.camelvenc.camel.VencComponent;
import io.github.camelvenc.camel.VencConfiguration;
import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.EncoderBackend;
import io.github.camelvenc.engine.Encoders;
import io.github.camelvenc.engine.VencException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the encoder: UP when the backend of the component defaults and of every venc endpoint
 * can open channels. Reports which backend runs, the open channels and the last failed exchange.
 * Registered only when {@code quarkus-smallrye-health} is present.
 */
@Readiness
@ApplicationScoped
public class VencHealthCheck implements HealthCheck {

    /** Name of the check in the health report. */
    public static final String NAME = "camel-venc";

    @Inject
    CamelContext camelContext;

    @Inject
    VencMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        VencComponent component = camelContext.getComponent("venc", VencComponent.class);
        List<VencEndpoint> endpoints = component.getVencEndpoints();

        // One probe per distinct (backend, device) the defaults and the endpoints ask for.
        Map<String, String> failures = new TreeMap<>();
        Map<String, Probe> selected = new TreeMap<>();
        probe("defaults", component.getConfiguration(), selected, failures);
        for (VencEndpoint endpoint : endpoints) {
            probe(endpoint.getEndpointUri(), endpoint.getConfiguration(), selected, failures);
        }
        EncoderBackendChoice defaults = choice(component.getConfiguration());
        Probe used = selected.get(defaults.key());
        response.withData("backend", used.backend());
        response.withData("backendDetail", used.detail());
        response.withData("configuredBackend", defaults.kind().name().toLowerCase(Locale.ROOT));
        response.withData("deviceId", defaults.deviceId());
        response.withData("endpoints", endpoints.size());
        response.withData("openChannels", endpoints.stream().mapToLong(VencEndpoint::getChannelsOpen).sum());
        monitor.lastError().ifPresent(error -> response
                .withData("lastError", error.message())
                .withData("lastErrorEndpoint", error.endpointUri())
                .withData("lastErrorAt", error.at().toString()));
        if (!failures.isEmpty()) {
            response.down();
            failures.forEach((where, message) -> response.withData("error." + where, message));
        }
        return response.build();
    }

    private static void probe(String where, VencConfiguration configuration, Map<String, Probe> selected,
            Map<String, String> failures) {
        EncoderBackendChoice choice = choice(configuration);
        if (selected.containsKey(choice.key())) {
            return;
        }
        try {
            EncoderBackend backend = Encoders.select(choice.kind(), choice.deviceId());
            EncoderBackend.Availability availability = backend.probe(choice.deviceId());
            selected.put(choice.key(), new Probe(backend.kind().name().toLowerCase(Locale.ROOT), availability.detail()));
        } catch (VencException e) {
            failures.put(where, e.getMessage());
            selected.put(choice.key(), new Probe("none", e.getMessage()));
        }
    }

    private static EncoderBackendChoice choice(VencConfiguration configuration) {
        BackendKind kind = configuration.getBackend() != null ? configuration.getBackend() : BackendKind.AUTO;
        int deviceId = configuration.getDeviceId() != null ? configuration.getDeviceId() : 0;
        return new EncoderBackendChoice(kind, deviceId);
    }

    /** The backend a choice resolved to, or {@code none} with the reason. */
    private record Probe(String backend, String detail) {
    }

    private record EncoderBackendChoice(BackendKind kind, int deviceId) {
        String key() {
            return kind + "/" + deviceId;
        }
    }
}
