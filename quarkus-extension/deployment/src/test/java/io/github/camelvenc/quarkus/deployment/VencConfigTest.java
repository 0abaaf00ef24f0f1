package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.camel.VencComponent;
import io.github.camelvenc.camel.VencConfiguration;
import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.engine.BackendKind;
import io.github.camelvenc.engine.ChannelConfig;
import io.github.camelvenc.engine.Codec;
import io.github.camelvenc.engine.RcMode;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension installs its feature; Camel's {@code camel.component.venc.*} properties reach the
 * component and, through it, the endpoints; {@code quarkus.camel.venc.*} sets the library paths.
 */
class VencConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .setLogRecordPredicate(r -> "io.quarkus".equals(r.getLoggerName()))
            .assertLogRecords(records -> assertTrue(records.stream()
                    .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                    .anyMatch(m -> m.startsWith("Installed features: [") && m.contains("camel-venc")),
                    "the startup log lists the camel-venc feature"))
            .overrideConfigKey("camel.component.venc.backend", "software")
            .overrideConfigKey("camel.component.venc.deviceId", "3")
            .overrideConfigKey("camel.component.venc.preset", "h265-1080p-movie")
            .overrideConfigKey("camel.component.venc.channelPoolSize", "4")
            .overrideConfigKey("quarkus.camel.venc.himpi-library", "/opt/test/libacl_dvpp_mpi.so")
            .overrideConfigKey("quarkus.camel.venc.acl-library", "/opt/test/libascendcl.so")
            .overrideConfigKey("camel.component.venc.rcMode", "VBR")
            .overrideConfigKey("camel.component.venc.max-bit-rate", "3000")
            .overrideConfigKey("camel.component.venc.gop", "12")
            .overrideConfigKey("camel.component.venc.swPreset", "ultrafast");

    @Inject
    CamelContext context;

    @Test
    void componentDefaultsComeFromConfig() {
        assertInstanceOf(VencComponent.class, context.getComponent("venc"));
        VencConfiguration defaults = context.getComponent("venc", VencComponent.class).getConfiguration();
        assertEquals(BackendKind.SOFTWARE, defaults.getBackend());
        assertEquals(3, defaults.getDeviceId());
        assertEquals("h265-1080p-movie", defaults.getPreset());
        assertEquals(4, defaults.getChannelPoolSize());
        assertEquals(RcMode.VBR, defaults.getRcMode());
        assertEquals(3000, defaults.getMaxBitRate());
        assertEquals(12, defaults.getGop());
        assertEquals("ultrafast", defaults.getSwPreset());
        assertNull(defaults.getBitRate(), "options not configured stay unset");
    }

    @Test
    void endpointsStartFromTheDefaultsAndOverrideThem() {
        VencEndpoint endpoint = context.getEndpoint("venc:h265?gop=25&channelPoolSize=1", VencEndpoint.class);
        ChannelConfig config = endpoint.getConfiguration().toChannelBuilder(Codec.H265, false).build();
        assertEquals(25, config.gop());
        assertEquals(1, endpoint.getConfiguration().getChannelPoolSize());
        assertEquals(RcMode.VBR, config.rcMode());
        assertEquals(3000, config.maxBitRate());
        assertEquals("ultrafast", config.swPreset());
        assertEquals(BackendKind.SOFTWARE, config.backend());
        assertEquals(3, config.deviceId());
        // from the preset, under the explicit options
        assertEquals(1920, config.width());
        assertEquals(1, config.sceneMode());
    }

    @Test
    void libraryPathsBecomeEngineProperties() {
        assertEquals("/opt/test/libacl_dvpp_mpi.so", System.getProperty("venc.himpi.library"));
        assertEquals("/opt/test/libascendcl.so", System.getProperty("venc.acl.library"));
    }
}
