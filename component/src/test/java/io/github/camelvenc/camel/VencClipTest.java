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
    protected org.apache.camel.CamelContext createCamelContext() throws Exception {
        org.apache.camel.CamelContext c = super.createCamelContext();
        c.getStreamCachingStrategy().setSpoolEnabled(true);
        c.getStreamCachingStrategy().setSpoolThreshold(64 * 1024);
        return c;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return TestRoutes.withDeadLetters(r -> {
            r.from("file:" + dir.resolve("inbox") + "?include=.*\\.y4m").routeId("readme")
                    .to("venc:h265?rcMode=CBR&gop=60&bitRate=2000")
                    .to("file:" + dir.resolve("outbox") + "?fileName=${file:name.noext}.h265");
            r.from("direct:raw")
                    .to("venc:h264?width=" + W + "&height=" + H + "&gop=10&channelPoolSize=2")
                    .process(e -> e.setProperty("vencBodyType", e.getMessage().getBody().getClass()))
                    .convertBodyTo(byte[].class)
                    .to("mock:raw");
            r.from("direct:headers")
                    .to("venc:h264?gop=5")
                    .convertBodyTo(byte[].class)
                    .to("mock:headers");
        });
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
        context.getRouteController().stopRoute("readme");
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

    @Test
    void clipsEncodeInParallelOnTheChannelPool() throws Exception {
        TestClip clip = new TestClip(W, H, 30, 3);
        List<byte[]> clips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clips.add(Files.readAllBytes(clip.writeRaw(dir.resolve("p" + i + ".yuv"), 20 + 5 * i, PixelFormat.NV12)));
        }
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (byte[] raw : clips) {
            futures.add(template.asyncSend("direct:raw", e -> e.getIn().setBody(new ByteArrayInputStream(raw))));
        }
        for (int i = 0; i < 4; i++) {
            Exchange e = futures.get(i).get();
            Path out = Streams.write(dir, "p" + i + ".h264", Streams.bytes(e));
            assertEquals(20 + 5 * i, Streams.frameCount(out), "clip " + i);
        }
        VencEndpoint endpoint = context.getEndpoint("venc:h264?width=" + W + "&height=" + H + "&gop=10&channelPoolSize=2",
                VencEndpoint.class);
        assertEquals(2, endpoint.statistics().snapshot().channelsPeak(), "two clips encoded at the same time, never more");
        assertEquals(0, endpoint.statistics().snapshot().channelsOpen());
    }

    @Test
    void sizeFromHeadersAndNv21() throws Exception {
        TestClip clip = new TestClip(160, 96, 30, 4);
        byte[] raw = Files.readAllBytes(clip.writeRaw(dir.resolve("nv21.yuv"), 12, PixelFormat.NV21));
        Exchange result = template.send("direct:headers", e -> {
            e.getIn().setBody(raw);
            e.getIn().setHeaders(Map.of(VencConstants.WIDTH, 160, VencConstants.HEIGHT, "96",
                    VencConstants.PIXEL_FORMAT, "nv21", VencConstants.FRAME_RATE, 15));
        });
        Path out = Streams.write(dir, "nv21.h264", Streams.bytes(result));
        assertEquals(160, MediaTools.streamInfo(out).width());
        assertEquals(96, MediaTools.streamInfo(out).height());
        assertEquals(List.of(0, 5, 10), Streams.keyFrames(out));
        assertEquals(15, result.getMessage().getHeader(VencConstants.OUTPUT_FRAME_RATE));
        double psnr = Yuv.lumaPsnr(Files.readAllBytes(clip.writeI420(dir.resolve("nv21.i420"), 12)),
                MediaTools.decodeI420(out), 160, 96);
        assertTrue(psnr > 30, "NV21 chroma order kept, luma PSNR " + psnr);
    }

    @Test
    void badClipsGoToDeadLetterWhileGoodOnesEncode() throws Exception {
        MockEndpoint dead = getMockEndpoint(TestRoutes.DEAD);
        MockEndpoint good = getMockEndpoint("mock:headers");
        dead.expectedMessageCount(4);
        good.expectedMessageCount(2);
        TestClip clip = new TestClip(160, 96, 30, 5);
        byte[] raw = Files.readAllBytes(clip.writeRaw(dir.resolve("good.yuv"), 6, PixelFormat.NV12));
        byte[] y4m = Files.readAllBytes(clip.writeY4m(dir.resolve("good.y4m"), 6));
        Map<String, Object> size = Map.of(VencConstants.WIDTH, 160, VencConstants.HEIGHT, 96);
        template.sendBodyAndHeaders("direct:headers", java.util.Arrays.copyOf(raw, raw.length - 10), size);
        template.sendBody("direct:headers", raw);
        template.sendBodyAndHeaders("direct:headers", raw, size);
        template.sendBodyAndHeaders("direct:headers", Integer.valueOf(42), size);
        template.sendBodyAndHeaders("direct:headers", y4m, Map.of(VencConstants.WIDTH, 320));
        template.sendBody("direct:headers", y4m);
        dead.assertIsSatisfied();
        good.assertIsSatisfied();
        List<String> errors = dead.getExchanges().stream()
                .map(e -> e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))
                .map(t -> assertInstanceOf(InvalidFrameException.class, t).getMessage()).toList();
        assertTrue(errors.get(0).contains("not a whole number"), errors.get(0));
        assertTrue(errors.get(1).contains("needs its size"), errors.get(1));
        assertTrue(errors.get(2).contains("Unsupported body type"), errors.get(2));
        assertTrue(errors.get(3).contains("contradicts the Y4M"), errors.get(3));
        for (Exchange e : good.getExchanges()) {
            Path out = Streams.write(dir, "good-" + e.getExchangeId() + ".h264", Streams.bytes(e));
            assertEquals(6, Streams.frameCount(out));
        }
    }

    @Test
    void largeClipSpoolsToDiskWithStreamCaching() throws Exception {
        TestClip clip = new TestClip(W, H, 30, 6);
        File raw = clip.writeRaw(dir.resolve("spool.yuv"), 20, PixelFormat.NV12).toFile();
        Exchange result = template.send("direct:raw", e -> e.getIn().setBody(raw));
        assertEquals(FileInputStreamCache.class, result.getProperty("vencBodyType"),
                "a stream above the spool threshold is kept on disk");
        Path out = Streams.write(dir, "spool.h264", Streams.bytes(result));
        assertEquals(20, Streams.frameCount(out));
    }
}
