package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.camel.VencComponent;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.logging.LogRecord;
import org.apache.camel.CamelContext;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension installs its feature and the venc component resolves in a Camel Quarkus application. */
class VencFeatureTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .setLogRecordPredicate(r -> "io.quarkus".equals(r.getLoggerName()))
            .assertLogRecords(records -> assertTrue(records.stream()
                    .map(VencFeatureTest::format)
                    .anyMatch(m -> m.startsWith("Installed features: [") && m.contains("camel-venc")),
                    "the startup log lists the camel-venc feature"));

    @Inject
    CamelContext context;

    @Test
    void componentResolves() {
        assertInstanceOf(VencComponent.class, context.getComponent("venc"));
    }

    private static String format(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }
}
