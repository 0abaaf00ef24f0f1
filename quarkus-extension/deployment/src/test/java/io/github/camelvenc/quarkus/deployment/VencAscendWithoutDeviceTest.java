package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Asking for the Ascend backend on a machine without one stops the application at start, saying why. */
class VencAscendWithoutDeviceTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class))
            .overrideConfigKey("camel.component.venc.backend", "ascend")
            .assertException(e -> {
                String messages = VencUnknownOptionTest.messages(e);
                assertTrue(messages.contains("The ascend backend is unusable: The Ascend backend cannot load libascendcl.so"),
                        messages);
            });

    @Test
    void startFails() {
        fail("the application must not start");
    }
}
