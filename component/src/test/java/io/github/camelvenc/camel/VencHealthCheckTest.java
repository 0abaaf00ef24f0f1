package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** Each venc endpoint is a Camel producer readiness check: UP on a usable backend, DOWN once it is lost. */
class VencHealthCheckTest extends CamelTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.of(r -> {
            r.from("direct:software").to("venc:h264?backend=software");
            r.from("direct:lost").to("venc:h264?backend=ascend&deviceId=" + BrokenBackend.LOST_AFTER_START);
        });
    }

    @Test
    void readinessPerEndpointWithBackendAndLastError() {
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        producers.setEnabled(true);
        HealthCheckRegistry.get(context).setExposureLevel("full");

        HealthCheck.Result up = result("producer:venc-venc://h264?backend=software");
        assertEquals(HealthCheck.State.UP, up.getState());
        assertEquals("software", up.getDetails().get("backend"));
        assertTrue(String.valueOf(up.getDetails().get("backendDetail")).contains("x264 build"), up.getDetails().toString());
        assertEquals(0L, up.getDetails().get("failures"));

        Exchange failed = template.send("direct:software", e -> {
            e.getIn().setBody(new byte[1000]);
            e.getIn().setHeader(VencConstants.WIDTH, 320);
            e.getIn().setHeader(VencConstants.HEIGHT, 240);
        });
        assertTrue(failed.isFailed());
        Map<String, Object> details = result("producer:venc-venc://h264?backend=software").getDetails();
        assertEquals(1L, details.get("failures"));
        assertTrue(String.valueOf(details.get("lastError")).contains("not a whole number of 320x240"), details.toString());

        HealthCheck.Result lost = result("producer:venc-venc://h264?backend=ascend&deviceId=" + BrokenBackend.LOST_AFTER_START);
        assertEquals(HealthCheck.State.DOWN, lost.getState());
        assertEquals("none", lost.getDetails().get("backend"));
        assertEquals("The ascend backend is unusable: device 61 was lost", lost.getMessage().orElseThrow());
    }

    private HealthCheck.Result result(String id) {
        Collection<HealthCheck.Result> all = HealthCheckHelper.invokeReadiness(context);
        return all.stream().filter(r -> r.getCheck().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in "
                        + all.stream().map(r -> r.getCheck().getId()).toList()));
    }
}
