package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A default out of range stops the application at start, naming the property and the option. */
class VencInvalidOptionTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.venc.defaults.gop", "0")
            .assertException(e -> {
                String messages = VencUnknownOptionTest.messages(e);
                assertTrue(messages.contains("quarkus.camel.venc.defaults.gop=0: Invalid value for option 'gop': 0"), messages);
            });

    @Test
    void startFails() {
        fail("the application must not start");
    }
}
