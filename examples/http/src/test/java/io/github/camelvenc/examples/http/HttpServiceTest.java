package io.github.camelvenc.examples.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelvenc.engine.io.SyntheticFrames;
import io.github.camelvenc.engine.testing.MediaTools;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of the HTTP service share: its URL on the test's random loopback port, a JDK
 * HttpClient over HTTP/1.1, curl, the clips they post and the preview page in headless Chromium.
 */
abstract class HttpServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /** Posts {@code body} to {@code path} (relative to the service's root). */
    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a file with {@code curl --data-binary} (plus {@code options}) to {@code path}, writes the
     * answer's body to {@code answer} and returns {@code "<status> <content type>"}.
     */
    String curlPost(Path answer, Path body, String path, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", answer.toString(), "-w",
                "%{http_code} %{content_type}"));
        command.addAll(List.of(options));
        command.addAll(List.of("--data-binary", "@" + body, base.resolve(path).toString()));
        return MediaTools.run(command).stdoutText().trim();
    }

    /** {@code frames} synthetic NV12 frames of {@code width}x{@code height} back to back: a raw clip. */
    static byte[] clip(int width, int height, int frames) {
        SyntheticFrames source = new SyntheticFrames(width, height);
        ByteArrayOutputStream clip = new ByteArrayOutputStream();
        for (int n = 0; n < frames; n++) {
            clip.writeBytes(source.frame(n));
        }
        return clip.toByteArray();
    }

    /**
     * Writes {@code frames} frames of ffmpeg's test pattern of {@code size} at {@code rate} fps in
     * {@code pixelFormat}, as Y4M or, with {@code -f rawvideo} in {@code format}, as a raw clip.
     */
    static Path testPattern(Path file, String size, int rate, int frames, String pixelFormat, String... format)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=" + size + ":rate=" + rate, "-frames:v", String.valueOf(frames), "-pix_fmt", pixelFormat));
        command.addAll(List.of(format));
        command.add(file.toString());
        MediaTools.run(command);
        return file;
    }

    /** Opens the service's preview page in {@code chromium} and waits until its script is loaded. */
    HeadlessChromium.Page openPreview(HeadlessChromium chromium) throws Exception {
        HeadlessChromium.Page page = chromium.open(base.toString());
        awaitTrue(page, "document.readyState === 'complete' && typeof window.vencPreview === 'object'");
        return page;
    }

    /** Clicks the preview page's camera button: starts or stops its synthetic camera. */
    static void toggleCamera(HeadlessChromium.Page page) throws Exception {
        page.evaluate("document.getElementById('camera').click(); true");
    }

    /** Waits up to 60 s until the page evaluates {@code condition} as true. */
    static void awaitTrue(HeadlessChromium.Page page, String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!page.evaluate("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + condition + "; page state: "
                        + page.evaluate("JSON.stringify(window.vencPreview || null)"));
            }
            Thread.sleep(100);
        }
    }
}
