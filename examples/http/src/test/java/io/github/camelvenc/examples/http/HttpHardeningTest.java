package io.github.camelvenc.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelvenc.camel.VencEndpoint;
import io.github.camelvenc.engine.io.SyntheticFrames;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client sends: curl's default form label, multipart, non-numbers and
 * overflows, bytes in headers, a body that stalls or lies about its length, unknown streams, more
 * streams than channels, a stream that changes its picture size. Every answer is checked for its
 * status and JSON reason; encoded answers are decoded.
 */
@QuarkusTest
class HttpHardeningTest extends HttpServiceTest {
    private static final Path OUT = Path.of("target", "http-hardening");

    @Inject
    CamelContext camel;

    @Test
    void curlDataBinaryWithoutContentTypeAndMultipartAreReadAsBytes() throws Exception {
        Files.createDirectories(OUT);
        Path y4m = testPattern(OUT.resolve("plain.y4m"), "160x120", 15, 10, "yuv420p");
        Path h264 = OUT.resolve("plain.h264");
        String status = curlPost(h264, y4m, "encode/h264");
        assertEquals("200 video/h264", status, "curl labels it application/x-www-form-urlencoded");
        Decoded video = MediaTools.decodeStrictly(h264);
        assertEquals(10, video.frames().size());
        assertEquals(160, video.width());

        Path nv12 = OUT.resolve("frame.nv12");
        Files.write(nv12, new SyntheticFrames(160, 120).frame(0));
        JsonNode frame = JSON.readTree(MediaTools.run("curl", "-sS", "--data-binary", "@" + nv12,
                base.resolve("streams/plain-curl/frames?width=160&height=120").toString()).stdoutText());
        assertEquals("IDR", frame.get("frameType").asText(), frame.toString());

        Path answer = OUT.resolve("multipart.json");
        status = MediaTools.run("curl", "-sS", "-o", answer.toString(), "-w", "%{http_code} %{content_type}",
                "-F", "clip=@" + y4m, base.resolve("encode/h264").toString()).stdoutText();
        assertEquals("400 application/json", status.trim(), "a multipart body is not a clip");
        JsonNode error = JSON.readTree(answer.toFile());
        assertTrue(error.get("error").asText().contains("Not a YUV4MPEG2")
                || error.get("error").asText().contains("width"), error.toString());
        assertPrintable(Files.readString(answer));
    }

    @Test
    void clientMistakesAre4xxWithTheValueAsGiven() throws Exception {
        byte[] raw = clip(160, 120, 2);
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put("encode/h264?width=160&height=120&bitRate=abc", "query parameter bitRate 'abc' is not an integer");
        mistakes.put("encode/h264?width=160&height=120&bitRate=99999999999", "query parameter bitRate '99999999999' is too large");
        mistakes.put("encode/h264?width=160&height=120&bitRate=-5", "-5");
        mistakes.put("encode/h264?width=160&height=120&rcMode=BOGUS", "query parameter rcMode 'BOGUS' is not one of");
        mistakes.put("encode/h264?width=abc&height=120", "query parameter width 'abc' is not an integer");
        mistakes.put("encode/h264?width=99999999999&height=120", "query parameter width '99999999999' is too large");
        mistakes.put("encode/h264?width=160&height=120&gop=1&gop=2", "query parameter gop is given more than once");
        mistakes.put("encode/h264?width=160&height=120&lowLatency=maybe", "lowLatency");
        mistakes.put("encode/h264?width=160&height=120&pixelFormat=rgb%01", "query parameter pixelFormat 'rgb%01' must be nv12 or nv21");
        mistakes.put("encode/vp9%07?width=160&height=120", "unknown codec 'vp9\\x07'");
        mistakes.put("streams/s/frames?width=160&height=120&pts=abc", "query parameter pts 'abc' is not an integer");
        mistakes.put("streams/s/frames?width=160&height=120&idr=maybe", "query parameter idr 'maybe'");
        mistakes.put("streams/s/frames?width=160&height=-120", "query parameter height '-120' is negative");
        for (Map.Entry<String, String> m : mistakes.entrySet()) {
            byte[] body = m.getKey().startsWith("streams") ? new SyntheticFrames(160, 120).frame(0) : raw;
            JsonNode error = expect4xx(post(m.getKey(), body), m.getKey());
            assertTrue(error.get("error").asText().contains(m.getValue()), m.getKey() + ": " + error);
        }

        byte[] hostile = ("YUV4MPEG2 W160 H120 F:\u0001\u00ff\nFRAME\n").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode header = expect4xx(post("encode/h264", hostile), "hostile Y4M header");
        assertTrue(header.get("error").asText().contains("Y4M frame rate"), header.toString());

        String malformed = rawRequest("POST /encode/h264?width=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: 4\r\n\r\n", new byte[4]);
        assertTrue(malformed.startsWith("HTTP/1.1 400"), "the HTTP server refuses a request line that is no URI: "
                + malformed);
    }

    @Test
    void anEncoderThatCannotStartHereIs503() throws Exception {
        HttpResponse<String> r = post("encode/h264?width=160&height=120&backend=ascend", clip(160, 120, 2));
        assertEquals(503, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body());
        assertTrue(error.get("error").asText().startsWith("the encoder cannot start on this machine: "), r.body());
        assertTrue(error.get("error").asText().contains("ascend"), r.body());
    }

    @Test
    void anUnknownStreamIs404() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("streams/nobody-feeds-this")).GET()
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("'nobody-feeds-this'"), r.body());
    }

    @Test
    void aStalledOrLyingUploadIs408AndTheConnectionCloses() throws Exception {
        for (String path : List.of("/encode/h264?width=160&height=120", "/streams/stalled/frames?width=160&height=120")) {
            String answer = rawRequest("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 28800\r\n\r\n", new byte[10]);
            assertTrue(answer.startsWith("HTTP/1.1 408"), path + ": " + answer);
            assertTrue(answer.contains("\"status\":408") && answer.contains("nothing received for 1500 ms after 10 bytes"),
                    answer);
        }
        String chunked = rawRequest("POST /encode/h264?width=160&height=120 HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "a\r\n0123456789\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(chunked.startsWith("HTTP/1.1 408"), chunked);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("encode/h264?width=160&height=120"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("larger than"), r.body());
    }

    @Test
    void moreStreamsThanChannelsGet503WithRetryAfterAndOpenStreamsGoOn() throws Exception {
        VencEndpoint live = camel.getEndpoints().stream().filter(VencEndpoint.class::isInstance)
                .map(VencEndpoint.class::cast).filter(e -> e.getEndpointUri().contains("mode=frame")).findFirst()
                .orElseThrow();
        int max = live.getConfiguration().effectiveMaxChannels();
        assertEquals(6, max, "maxChannels of the test profile");
        SyntheticFrames frames = new SyntheticFrames(160, 120);
        List<String> mine = new ArrayList<>();
        for (int i = 0; live.openChannels().size() < max; i++) {
            String id = "full-" + i;
            mine.add(id);
            HttpResponse<String> r = post("streams/" + id + "/frames?width=160&height=120&pts=0", frames.frame(0));
            assertEquals(200, r.statusCode(), r.body());
        }
        HttpResponse<String> refused = post("streams/one-too-many/frames?width=160&height=120", frames.frame(0));
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("3", refused.headers().firstValue("Retry-After").orElse(""), "the live idle timeout in seconds");
        assertTrue(JSON.readTree(refused.body()).get("error").asText().contains("maxChannels=6"), refused.body());
        HttpResponse<String> goesOn = post("streams/" + mine.get(0) + "/frames?width=160&height=120&pts=1", frames.frame(1));
        assertEquals(200, goesOn.statusCode(), goesOn.body());
        assertEquals("P", JSON.readTree(goesOn.body()).get("frameType").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mine.stream().anyMatch(live.openChannels()::containsKey) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(mine.stream().noneMatch(live.openChannels()::containsKey), "idle channels close and free their place");
        assertEquals(200, post("streams/one-too-many/frames?width=160&height=120", frames.frame(0)).statusCode());
    }

    @Test
    void aStreamThatChangesItsPictureSizeGoesOnWithAnIdr() throws Exception {
        SyntheticFrames small = new SyntheticFrames(160, 120);
        SyntheticFrames big = new SyntheticFrames(320, 240);
        List<Integer> sizes = new ArrayList<>();
        HttpResponse<InputStream> watch = null;
        for (int n = 0; n < 20; n++) {
            boolean switched = n >= 10;
            HttpResponse<String> r = post("streams/switcher/frames?width=" + (switched ? 320 : 160) + "&height="
                    + (switched ? 240 : 120) + "&pts=" + n, (switched ? big : small).frame(n));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode json = JSON.readTree(r.body());
            assertEquals(n == 0 || n == 10 ? "IDR" : "P", json.get("frameType").asText(), "frame " + n);
            assertEquals(n == 10, json.get("formatChanged").asBoolean(), "frame " + n);
            sizes.add(json.get("bytes").asInt());
            if (n == 0) {
                watch = http.send(HttpRequest.newBuilder(base.resolve("streams/switcher")).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, watch.statusCode());
            }
        }
        int before = sizes.subList(0, 10).stream().mapToInt(Integer::intValue).sum();
        int after = sizes.subList(10, 20).stream().mapToInt(Integer::intValue).sum();
        byte[] seen;
        try (InputStream in = watch.body()) {
            seen = in.readNBytes(before + after);
        }
        assertEquals(before + after, seen.length, "the viewer got every access unit across the change");
        Files.createDirectories(OUT);
        Decoded small10 = MediaTools.decodeStrictly(Files.write(OUT.resolve("switch-160.h264"),
                Arrays.copyOfRange(seen, 0, before)));
        Decoded big10 = MediaTools.decodeStrictly(Files.write(OUT.resolve("switch-320.h264"),
                Arrays.copyOfRange(seen, before, seen.length)));
        assertEquals(List.of(10, 160), List.of(small10.frames().size(), small10.width()));
        assertEquals(List.of(10, 320), List.of(big10.frames().size(), big10.width()));
        assertEquals("I", big10.pictTypes().get(0), "the new size starts with an IDR");
    }

    /** Sends a request as raw bytes and returns everything the server answers until it closes the connection. */
    private String rawRequest(String head, byte[] partialBody) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(partialBody);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static JsonNode expect4xx(HttpResponse<String> r, String what) throws Exception {
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what + ": " + r.statusCode() + " " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), what);
        assertPrintable(r.body());
        return JSON.readTree(r.body());
    }

    private static void assertPrintable(String body) {
        assertTrue(body.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat "), "no stack trace: " + body);
    }
}
