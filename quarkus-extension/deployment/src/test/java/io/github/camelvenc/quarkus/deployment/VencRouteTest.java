package io.github.camelvenc.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.testing.MediaTools;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A route encodes on the software backend with the defaults from the configuration: the output decodes
 * with ffmpeg to the right frame count, size and key frames, and the meters count what was encoded.
 */
class VencRouteTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ClipRoutes.class, Clips.class, Registries.class))
            .overrideConfigKey("camel.component.venc.backend", "software")
            .overrideConfigKey("camel.component.venc.gop", "10")
            .overrideConfigKey("camel.component.venc.swPreset", "ultrafast");

    @Inject
    ProducerTemplate template;

    @Inject
    MeterRegistry registry;

    @Test
    void h264ClipDecodesWithTheConfiguredGop() throws Exception {
        Path dir = Clips.tempDir();
        Exchange result = Clips.encodeRaw(template, ClipRoutes.H264, dir, 30);
        Path out = Clips.write(result, dir.resolve("out.h264"));

        MediaTools.StreamInfo info = MediaTools.streamInfo(out);
        assertEquals("h264", info.codec());
        assertEquals(Clips.WIDTH, info.width());
        assertEquals(Clips.HEIGHT, info.height());
        assertEquals(30, MediaTools.frames(out).size());
        assertEquals(List.of(0, 10, 20), MediaTools.keyFrameIndexes(out), "gop=10 from camel.component.venc.gop");
        assertEquals(30L, result.getMessage().getHeader(VencConstants.FRAME_COUNT, Long.class));
        assertTrue(result.getMessage().getHeader(VencConstants.BACKEND, String.class).startsWith("software"));

        FunctionCounter framesOut = registry.find("camel.venc.frames.out").tag("codec", "h264").functionCounter();
        assertNotNull(framesOut, "meters of the venc:h264 endpoint");
        assertEquals(30.0, framesOut.count());
        FunctionCounter bytes = registry.find("camel.venc.bytes.out").tag("codec", "h264").functionCounter();
        assertEquals(Files.size(out), (long) bytes.count());
        Timer latency = registry.find("camel.venc.encode.latency").tag("codec", "h264").timer();
        assertEquals(1, latency.count());
        assertTrue(latency.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
    }

    @Test
    void h265ClipDecodes() throws Exception {
        Path dir = Clips.tempDir();
        Path out = Clips.write(Clips.encodeRaw(template, ClipRoutes.H265, dir, 20), dir.resolve("out.h265"));
        MediaTools.StreamInfo info = MediaTools.streamInfo(out);
        assertEquals("hevc", info.codec());
        assertEquals(Clips.WIDTH, info.width());
        assertEquals(Clips.HEIGHT, info.height());
        assertEquals(20, MediaTools.frames(out).size());
    }

    /** A registry that keeps values, added by Quarkus to its global composite registry. */
    @Singleton
    static class Registries {
        @Produces
        @Singleton
        SimpleMeterRegistry simple() {
            return new SimpleMeterRegistry();
        }
    }
}
