package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A component default out of range stops the application at start with the engine's message naming the option. */
class VencInvalidOptionTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class))
            .overrideConfigKey("camel.component.venc.gop", "0")
            .assertException(e -> {
                String messages = VencUnknownOptionTest.messages(e);
                assertTrue(messages.contains("Invalid value for option 'gop': 0 (allowed: [1, 65536])"), messages);
            });

    @Test
    void startFails() {
        fail("the application must not start");
    }
}
