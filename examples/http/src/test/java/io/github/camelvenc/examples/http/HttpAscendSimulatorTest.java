package io.github.camelvenc.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.MediaTools.Decoded;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP service with {@code backend=ascend} on the simulator (real-video mode, its own surefire
 * execution points the Ascend libraries at it): a posted clip comes back as a decodable stream.
 */
@QuarkusTest
@TestProfile(HttpAscendSimulatorTest.Ascend.class)
class HttpAscendSimulatorTest extends HttpServiceTest {

    /** backend=ascend for every venc endpoint. */
    public static class Ascend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.component.venc.backend", "ascend");
        }
    }

    @Test
    void postedClipIsEncodedOnTheAscendBackend() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                base.resolve("encode/h265?width=320&height=240&fps=15&gop=10"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip(320, 240, 30))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        String backend = r.headers().firstValue("X-Venc-Backend").orElse("");
        assertTrue(backend.startsWith("ascend/"), "encoded by " + backend);
        Path file = Files.createDirectories(Path.of("target", "http-streams")).resolve("ascend.h265");
        Files.write(file, r.body());
        Decoded video = MediaTools.decodeStrictly(file);
        assertEquals(30, video.frames().size());
        assertEquals(320, video.width());
        assertEquals(IntStream.range(0, 30).mapToObj(n -> n % 10 == 0 ? "I" : "P").toList(), video.pictTypes());
    }
}
