package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.testing.TestClip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip mode reads the first whole frame before it opens an encoder: a Y4M header that claims a huge
 * picture over a few bytes fails as an {@link InvalidFrameException} without an 8192x8192 encoder
 * being opened (or a 100 MB frame buffer allocated), and the endpoint keeps encoding good clips.
 */
class VencHostileClipTest extends CamelTestSupport {
    private static final String URI = "venc:h264?gop=5";

    @TempDir
    Path dir;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:clip").to(URI).convertBodyTo(byte[].class);
            }
        };
    }

    @Test
    void aHugeHeaderOverAFewBytesOpensNoEncoder() throws Exception {
        VencEndpoint endpoint = context.getEndpoint(URI, VencEndpoint.class);
        byte[] head = "YUV4MPEG2 W8192 H8192 F30:1\nFRAME\n".getBytes(StandardCharsets.US_ASCII);
        Exchange hostile = template.send("direct:clip", e -> e.getIn().setBody(Arrays.copyOf(head, head.length + 1000)));
        InvalidFrameException error = assertInstanceOf(InvalidFrameException.class, hostile.getException());
        assertTrue(error.getMessage().contains("ends inside frame 0: 1000 of 100663296 bytes"), error.getMessage());
        assertEquals(0, endpoint.statistics().snapshot().channelsOpened(), "no encoder opened for the hostile header");

        byte[] good = Files.readAllBytes(new TestClip(160, 96, 30, 4).writeY4m(dir.resolve("good.y4m"), 3));
        Exchange ok = template.send("direct:clip", e -> e.getIn().setBody(good));
        assertEquals(null, ok.getException());
        assertEquals(3L, ok.getMessage().getHeader(VencConstants.FRAME_COUNT));
        Path out = Streams.write(dir, "good.h264", ok.getMessage().getBody(byte[].class));
        assertEquals(3, Streams.frameCount(out));
        assertEquals(1, endpoint.statistics().snapshot().channelsOpened());
    }
}
