package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An unknown component option stops the application at start, naming the property. */
class VencUnknownOptionTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("camel.component.venc.bitrateKbps", "1000")
            .assertException(e -> {
                String messages = messages(e);
                assertTrue(messages.contains("camel.component.venc.bitrateKbps"), messages);
            });

    @Test
    void startFails() {
        fail("the application must not start");
    }

    /** The messages of an exception and its causes. */
    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
