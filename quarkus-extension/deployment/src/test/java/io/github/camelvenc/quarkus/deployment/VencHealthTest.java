package io.github.camelvenc.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The component's readiness check of each venc endpoint is one of Camel's producer checks, which
 * camel-quarkus-microprofile-health serves at {@code /q/health/ready} (as {@code camel-producers},
 * with the details of the first check that is DOWN); Camel's own health API shows every detail.
 */
class VencHealthTest {

    private static final String PRODUCERS = "checks.find { it.name == 'camel-producers' }";
    private static final String CHECK_ID = "producer:venc-venc://h264";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class, Clips.class))
            .overrideConfigKey("camel.component.venc.backend", "software")
            .overrideConfigKey("camel.health.producersEnabled", "true")
            .overrideConfigKey("camel.health.exposureLevel", "full");

    @Inject
    ProducerTemplate template;

    @Inject
    CamelContext context;

    @Test
    void softwareBackendIsUpAndTheLastErrorIsReported() throws Exception {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(PRODUCERS + ".status", is("UP"));
        Map<String, Object> details = venc().getDetails();
        assertEquals(HealthCheck.State.UP, venc().getState());
        assertEquals("software", details.get("backend"));
        assertTrue(String.valueOf(details.get("backendDetail")).contains("x264 build"), details.toString());
        assertEquals(0, details.get("openChannels"));

        Path odd = Files.write(Clips.tempDir().resolve("odd.nv12"), new byte[Clips.WIDTH * Clips.HEIGHT]);
        template.send(ClipRoutes.H264, e -> {
            e.getIn().setBody(odd.toFile());
            e.getIn().setHeader("CamelVencWidth", Clips.WIDTH);
            e.getIn().setHeader("CamelVencHeight", Clips.HEIGHT);
        });

        given().when().get("/q/health/ready").then().statusCode(200).body(PRODUCERS + ".status", is("UP"));
        details = venc().getDetails();
        assertEquals(1L, details.get("failures"));
        assertTrue(String.valueOf(details.get("lastError")).contains("not a whole number of 320x240 NV12 frames"),
                details.toString());
    }

    private HealthCheck.Result venc() {
        return HealthCheckHelper.invokeReadiness(context).stream().filter(r -> r.getCheck().getId().equals(CHECK_ID))
                .findFirst().orElseThrow(() -> new AssertionError("no " + CHECK_ID + " among Camel's readiness checks"));
    }
}
