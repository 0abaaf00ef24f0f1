package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.InvalidFrameException;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import io.github.camelvenc.engine.testing.Yuv;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.converter.stream.FileInputStreamCache;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clip mode in Java DSL routes: whole clips in, complete elementary streams out, decoded with ffmpeg. */
class VencClipTest extends CamelTestSupport {
    private static final int W = 320;
    private static final int H = 240;

    @TempDir
    static Path dir;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));
                from("file:" + dir.resolve("inbox") + "?include=.*\\.y4m")
                        .to("venc:h265?rcMode=CBR&gop=60&bitRate=2000")
                        .to("file:" + dir.resolve("outbox") + "?fileName=${file:name.noext}.h265");
                from("direct:raw")
                        .to("venc:h264?width=" + W + "&height=" + H + "&gop=10&channelPoolSize=2")
                        .to("mock:raw");
            }
        };
    }

    @Test
    void readmeRouteEncodesY4mFileToDecodableH265() throws Exception {
        TestClip clip = new TestClip(W, H, 25, 1);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        clip.writeY4m(dir.resolve("clip.tmp"), 75);
        Files.move(dir.resolve("clip.tmp"), inbox.resolve("clip.y4m"));
        Path out = dir.resolve("outbox/clip.h265");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(out) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        context.getRouteController().stopRoute("route1");
        MediaTools.StreamInfo info = MediaTools.streamInfo(out);
        assertEquals("hevc", info.codec());
        assertEquals(W, info.width());
        assertEquals(H, info.height());
        assertEquals(75, Streams.frameCount(out));
        assertEquals(List.of(0, 60), Streams.keyFrames(out));
        MediaTools.decodeI420WithDec265(out);
    }

    @Test
    void rawClipBecomesStreamWithSummaryHeaders() throws Exception {
        TestClip clip = new TestClip(W, H, 30, 2);
        Path raw = clip.writeRaw(dir.resolve("nv12.yuv"), 30, PixelFormat.NV12);
        Exchange result = template.send("direct:raw", e -> e.getIn().setBody(raw.toFile()));
        Path out = Streams.write(dir, "raw.h264", Streams.bytes(result));
        assertEquals(30, Streams.frameCount(out));
        assertEquals(List.of(0, 10, 20), Streams.keyFrames(out));
        assertEquals(30L, result.getMessage().getHeader(VencConstants.FRAME_COUNT));
        assertEquals(30L, result.getMessage().getHeader(VencConstants.ENCODED_COUNT));
        assertEquals(List.of(0L, 10L, 20L), result.getMessage().getHeader(VencConstants.IDR_INDEXES));
        assertEquals(Files.size(out), result.getMessage().getHeader(VencConstants.BYTE_COUNT));
        assertTrue(result.getMessage().getHeader(VencConstants.BACKEND, String.class).startsWith("software"));
        byte[] decoded = MediaTools.decodeI420(out);
        double psnr = Yuv.lumaPsnr(Files.readAllBytes(clip.writeI420(dir.resolve("ref.i420"), 30)), decoded, W, H);
        assertTrue(psnr > 30, "luma PSNR " + psnr);
    }
}
