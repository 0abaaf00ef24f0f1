package io.github.camelvenc.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelvenc.engine.io.SyntheticFrames;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The HTTP service on a random loopback port: JDK HttpClient, curl and a headless Chromium as clients. */
@QuarkusTest
class HttpEncoderTest extends HttpServiceTest {
    private static final Path OUT = Path.of("target", "http-streams");

    @Test
    void rawClipPostedWithHttpClientComesBackAsADecodableStream() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("encode/h264?width=320&height=240&fps=15&gop=10"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip(320, 240, 30))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals("video/h264", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("30", r.headers().firstValue("X-Venc-Frames").orElse(""));
        Decoded video = MediaTools.decodeStrictly(write("raw-httpclient.h264", r.body()));
        assertEquals(30, video.frames().size());
        assertEquals(320, video.width());
        assertEquals(240, video.height());
        assertEquals(IntStream.range(0, 30).mapToObj(n -> n % 10 == 0 ? "I" : "P").toList(), video.pictTypes(),
                "the gop query parameter reached the encoder");
    }

    @Test
    void y4mAndNv21ClipsPostedWithCurl() throws Exception {
        Files.createDirectories(OUT);
        Path y4m = testPattern(OUT.resolve("curl-in.y4m"), "176x144", 25, 25, "yuv420p");
        Path h265 = OUT.resolve("curl-y4m.h265");
        String status = curlPost(h265, y4m, "encode/h265", "-H", "Content-Type: application/octet-stream");
        assertEquals("200 video/h265", status);
        Decoded video = MediaTools.decodeStrictly(h265);
        assertEquals(25, video.frames().size());
        assertEquals(176, video.width());
        assertEquals(144, video.height());

        Path nv21 = testPattern(OUT.resolve("curl-in.nv21"), "160x120", 10, 12, "nv21", "-f", "rawvideo");
        Path h264 = OUT.resolve("curl-nv21.h264");
        status = curlPost(h264, nv21, "encode/h264?width=160&height=120&fps=10&pixelFormat=nv21&rcMode=FIXQP&iQp=20&pQp=22",
                "-H", "Content-Type: application/octet-stream");
        assertEquals("200 video/h264", status);
        video = MediaTools.decodeStrictly(h264);
        assertEquals(12, video.frames().size());
        assertEquals(160, video.width());
        String psnr = MediaTools.run("ffmpeg", "-v", "info", "-i", h264.toString(), "-f", "rawvideo", "-pix_fmt",
                "nv21", "-s", "160x120", "-i", nv21.toString(), "-lavfi",
                "[0:v]settb=1/25,setpts=N[a];[1:v]settb=1/25,setpts=N[b];[a][b]psnr", "-f", "null", "-").outputText();
        double average = Double.parseDouble(psnr.replaceAll("(?s).*PSNR .*? average:([0-9.]+).*", "$1"));
        assertTrue(average > 40, "FIXQP 20/22 quality and NV21 chroma order kept: PSNR " + average);
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonReason() throws Exception {
        Files.createDirectories(OUT);
        JsonNode notFound = expect(404, post("encode/vp9?width=16&height=16", new byte[384]));
        assertTrue(notFound.get("error").asText().contains("unknown codec 'vp9'"), notFound.toString());

        JsonNode wrongSize = expect(400, post("encode/h264?width=320&height=240", new byte[1000]));
        assertTrue(wrongSize.get("error").asText().contains("1000"), wrongSize.toString());

        JsonNode unknownParam = expect(400, post("encode/h264?width=16&height=16&colour=red", new byte[384]));
        assertTrue(unknownParam.get("error").asText().contains("'colour'"), unknownParam.toString());

        JsonNode badOption = expect(400, post("encode/h264?width=16&height=16&gop=0", new byte[384]));
        assertTrue(badOption.get("error").asText().contains("gop"), badOption.toString());

        JsonNode noSize = expect(400, post("encode/h264", new byte[384]));
        assertTrue(noSize.get("error").asText().toLowerCase().contains("width"), noSize.toString());

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(base.resolve("encode/h264?width=320&height=240"))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), "over http-encoder.max-body-size (4M in tests), HttpClient");
        Path big = Files.write(OUT.resolve("too-large.nv12"), new byte[5 * 1024 * 1024]);
        assertEquals("413", MediaTools.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                "Content-Type: application/octet-stream", "--data-binary", "@" + big,
                base.resolve("encode/h264?width=320&height=240").toString()).stdoutText().trim(), "the same with curl");

        JsonNode badFrame = expect(400, post("streams/cam/frames?width=320&height=240", new byte[10]));
        assertTrue(badFrame.get("error").asText().contains("body has 10 bytes"), badFrame.toString());

        JsonNode badFormat = expect(400, post("streams/cam/frames?width=16&height=16&pixelFormat=rgb24", new byte[384]));
        assertTrue(badFormat.get("error").asText().toLowerCase().contains("rgb24"), badFormat.toString());

        JsonNode badId = expect(400, post("streams/" + "x".repeat(65) + "/frames?width=16&height=16", new byte[384]));
        assertTrue(badId.get("error").asText().contains("stream id"), badId.toString());
    }

    @Test
    void liveStreamIsChunkedAndStartsAtTheLatestIdr() throws Exception {
        SyntheticFrames source = new SyntheticFrames(160, 120);
        List<Integer> sizes = new ArrayList<>();
        for (int n = 0; n < 45; n++) {
            sizes.add(postFrame("live1", source, n));
        }
        HttpResponse<InputStream> watch = http.send(HttpRequest.newBuilder(base.resolve("streams/live1")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, watch.statusCode());
        assertEquals("video/h264", watch.headers().firstValue("Content-Type").orElse(""));
        assertEquals("chunked", watch.headers().firstValue("Transfer-Encoding").orElse(""));
        for (int n = 45; n < 75; n++) {
            sizes.add(postFrame("live1", source, n));
        }
        int expected = sizes.subList(30, 75).stream().mapToInt(Integer::intValue).sum();
        byte[] received;
        try (InputStream in = watch.body()) {
            received = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readNBytes(expected);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        }
        assertEquals(expected, received.length);
        Decoded video = MediaTools.decodeStrictly(write("live1.h264", received));
        assertEquals(45, video.frames().size(), "frames 30 (the latest IDR) to 74");
        assertEquals("I", video.pictTypes().get(0));
        assertEquals(160, video.width());
    }

    @Test
    void browserPreviewDecodesTheSyntheticCamera() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            HeadlessChromium.Page page = openPreview(chromium);
            page.evaluate("document.getElementById('stream').value = 'browser'; "
                    + "document.getElementById('player').value = 'webcodecs'; "
                    + "document.getElementById('camera').click(); true");
            try {
                awaitTrue(page, "window.vencPreview.framesDecoded >= 15");
                JsonNode status = page.evaluate("({state: window.vencPreview.state, codec: window.vencPreview.codec,"
                        + " error: window.vencPreview.error, w: document.getElementById('screen').width,"
                        + " h: document.getElementById('screen').height})");
                assertEquals("playing", status.get("state").asText(), status.toString());
                assertEquals(320, status.get("w").asInt());
                assertEquals(240, status.get("h").asInt());
                assertTrue(status.get("codec").asText().startsWith("avc1.42"), "baseline profile: " + status);
                String canvasHash = "(() => { const c = document.getElementById('screen');"
                        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " let h = 0, min = 255, max = 0;"
                        + " for (let i = 0; i < d.length; i += 4) { h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0;"
                        + " min = Math.min(min, d[i]); max = Math.max(max, d[i]); }"
                        + " return {hash: h, range: max - min, frames: window.vencPreview.framesDecoded}; })()";
                JsonNode first = page.evaluate(canvasHash);
                awaitTrue(page, "window.vencPreview.framesDecoded >= " + (first.get("frames").asInt() + 5));
                JsonNode second = page.evaluate(canvasHash);
                assertTrue(first.get("range").asInt() > 100, "the canvas shows a picture, not a flat colour: " + first);
                assertNotEquals(first.get("hash").asInt(), second.get("hash").asInt(),
                        "decoded frames change the canvas: " + first + " then " + second);
            } finally {
                toggleCamera(page);
            }
        }
    }

    /** Posts frame {@code n} of a live stream and returns the size of its access unit. */
    private int postFrame(String id, SyntheticFrames source, int n) throws Exception {
        HttpResponse<String> r = post("streams/" + id + "/frames?width=160&height=120&pts=" + n, source.frame(n));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals(n, json.get("pts").asInt());
        assertEquals(n % 30 == 0 ? "IDR" : "P", json.get("frameType").asText(), "frame " + n);
        return json.get("bytes").asInt();
    }

    private static JsonNode expect(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(r.body());
    }

    private static Path write(String name, byte[] data) throws Exception {
        Files.createDirectories(OUT);
        return Files.write(OUT.resolve(name), data);
    }
}
