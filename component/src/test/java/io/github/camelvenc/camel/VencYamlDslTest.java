package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README URI and frame mode in routes written in the YAML DSL. */
class VencYamlDslTest extends CamelTestSupport {

    @TempDir
    Path dir;

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/venc-routes.yaml"));
    }

    @Test
    void readmeUriEncodesY4mClip() throws Exception {
        TestClip clip = new TestClip(320, 240, 30, 21);
        byte[] y4m = Files.readAllBytes(clip.writeY4m(dir.resolve("in.y4m"), 65));
        MockEndpoint out = getMockEndpoint("mock:yaml-clip");
        out.expectedMessageCount(1);
        template.sendBody("direct:yaml-clip", y4m);
        out.assertIsSatisfied();
        Path stream = Files.write(dir.resolve("out.h265"), out.getExchanges().get(0).getMessage().getBody(byte[].class));
        assertEquals("hevc", MediaTools.streamInfo(stream).codec());
        assertEquals(320, MediaTools.streamInfo(stream).width());
        assertEquals(240, MediaTools.streamInfo(stream).height());
        assertEquals(65, Streams.frameCount(stream));
        assertEquals(List.of(0, 60), Streams.keyFrames(stream));
    }

    @Test
    void frameModeWithParameterMap() throws Exception {
        TestClip clip = new TestClip(160, 96, 30, 22);
        MockEndpoint out = getMockEndpoint("mock:yaml-frames");
        out.expectedMessageCount(10);
        for (int i = 0; i < 10; i++) {
            template.sendBody("direct:yaml-frames", clip.semiPlanar(i, PixelFormat.NV12));
        }
        out.assertIsSatisfied();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Exchange e : out.getExchanges()) {
            all.write(e.getMessage().getBody(byte[].class));
        }
        Path stream = Files.write(dir.resolve("frames.h264"), all.toByteArray());
        assertEquals(10, Streams.frameCount(stream));
        assertEquals(List.of(0, 4, 8), Streams.keyFrames(stream));
    }
}
