package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.VencException;
import io.github.camelvenc.engine.testing.HostileClip;
import io.github.camelvenc.engine.testing.TestClip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's generated hostile clips ({@link HostileClip}: valid, cut, huge-dimension, randomly
 * headed and garbage Y4M and raw clips, raw sizes in the {@code CamelVencWidth}/{@code Height}
 * headers) through clip mode: each exchange either fails with a {@link VencException} whose message
 * is one printable line, or carries a stream that ffprobe decodes with the clip's frame count. Clip
 * mode reads the first whole frame before it opens an encoder, so a header that claims a huge
 * picture over a few bytes opens (and allocates) nothing of that size.
 */
class VencClipFuzzTest extends CamelTestSupport {
    private static final Pattern PRINTABLE_LINE = Pattern.compile("[\\x20-\\x7e]{1,600}");
    private static final String URI = "venc:h264?gop=5&backend=software";

    @TempDir
    Path dir;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.of(r -> {
            r.from("direct:clip").to(URI).convertBodyTo(byte[].class);
        });
    }

    @Test
    void aHugeHeaderOverAFewBytesOpensNoEncoder() throws Exception {
        VencEndpoint endpoint = context.getEndpoint(URI, VencEndpoint.class);
        long opened = endpoint.statistics().snapshot().channelsOpened();
        byte[] head = "YUV4MPEG2 W8192 H8192 F30:1\nFRAME\n".getBytes(StandardCharsets.US_ASCII);
        Exchange hostile = template.send("direct:clip", e -> e.getIn().setBody(Arrays.copyOf(head, head.length + 1000)));
        InvalidFrameException error = assertInstanceOf(InvalidFrameException.class, hostile.getException());
        assertTrue(error.getMessage().contains("ends inside frame 0: 1000 of 100663296 bytes"), error.getMessage());
        assertEquals(opened, endpoint.statistics().snapshot().channelsOpened(), "no encoder opened");

        byte[] good = Files.readAllBytes(new TestClip(160, 96, 30, 4).writeY4m(dir.resolve("good.y4m"), 3));
        Exchange ok = template.send("direct:clip", e -> e.getIn().setBody(good));
        assertNull(ok.getException());
        assertEquals(3L, ok.getMessage().getHeader(VencConstants.FRAME_COUNT));
        assertEquals(3, Streams.frameCount(Streams.write(dir, "good.h264", ok.getMessage().getBody(byte[].class))));
        assertEquals(opened + 1, endpoint.statistics().snapshot().channelsOpened());
    }

    @Test
    void hostileClipsFailCleanlyOrEncodeEveryFrame() throws Exception {
        Random random = new Random(0x10c);
        int encoded = 0;
        for (int i = 0; i < 80; i++) {
            HostileClip clip = HostileClip.generate(i, random);
            Map<String, Object> headers = new HashMap<>();
            if (!clip.y4m()) {
                headers.put(VencConstants.WIDTH, clip.width());
                headers.put(VencConstants.HEIGHT, clip.height());
            }
            Exchange result = template.send("direct:clip", e -> {
                e.getIn().setBody(clip.bytes());
                e.getIn().setHeaders(headers);
            });
            Throwable error = result.getException();
            if (error != null) {
                assertTrue(error instanceof VencException, clip.what() + ": " + error);
                assertTrue(error.getMessage() != null && PRINTABLE_LINE.matcher(error.getMessage()).matches(),
                        clip.what() + ": one printable line: " + error.getMessage());
                assertTrue(clip.frames() <= 0 || clip.mayFail(), clip.what() + " is valid, yet: " + error);
                continue;
            }
            assertTrue(clip.frames() > 0, clip.what() + " is invalid, yet it encoded");
            assertEquals((long) clip.frames(), result.getMessage().getHeader(VencConstants.FRAME_COUNT), clip.what());
            Path out = Streams.write(dir, "clip-" + i + ".h264", result.getMessage().getBody(byte[].class));
            assertEquals(clip.frames(), Streams.frameCount(out), clip.what());
            encoded++;
        }
        assertTrue(encoded >= 10, "the valid clips encode: " + encoded);
    }
}
