package io.github.camelvenc.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The readiness check reports the software backend UP, and the last failed exchange. */
class VencHealthTest {

    private static final String CHECK = "checks.find { it.name == 'camel-venc' }";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class, Clips.class))
            .overrideConfigKey("quarkus.camel.venc.backend", "software")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    ProducerTemplate template;

    @Test
    void softwareBackendIsUpAndTheLastErrorIsReported() throws Exception {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.backend", is("software"))
                .body(CHECK + ".data.backendDetail", containsString("x264 build"))
                .body(CHECK + ".data.configuredBackend", is("software"))
                .body(CHECK + ".data.openChannels", is(0));

        Path odd = Files.write(Clips.tempDir().resolve("odd.nv12"), new byte[Clips.WIDTH * Clips.HEIGHT]);
        template.send(ClipRoutes.H264, e -> {
            e.getIn().setBody(odd.toFile());
            e.getIn().setHeader("CamelVencWidth", Clips.WIDTH);
            e.getIn().setHeader("CamelVencHeight", Clips.HEIGHT);
        });

        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.lastErrorEndpoint", is("venc://h264"))
                .body(CHECK + ".data.lastError", containsString("not a whole number of 320x240 NV12 frames"));
    }
}
