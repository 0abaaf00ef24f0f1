package io.github.camelvenc.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Asking for the Ascend backend on a machine without one makes the application not ready, saying why. */
class VencHealthDownTest {

    private static final String CHECK = "checks.find { it.name == 'camel-venc' }";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class))
            .overrideConfigKey("quarkus.camel.venc.backend", "ascend")
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Test
    void ascendWithoutDeviceIsDown() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body(CHECK + ".status", is("DOWN"))
                .body(CHECK + ".data.backend", is("none"))
                .body(CHECK + ".data.configuredBackend", is("ascend"))
                .body(CHECK + ".data['error.defaults']", not(emptyOrNullString()));
    }
}
