package io.github.camelvenc.quarkus.deployment;

import io.github.camelvenc.camel.VencConstants;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.TestClip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Encodes test clips through {@link ClipRoutes}. */
final class Clips {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private Clips() {
    }

    /** A fresh folder under {@code target/} (JUnit's TempDir does not reach QuarkusUnitTest instances). */
    static Path tempDir() throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "clips")), "test-");
    }

    /** Sends a raw NV12 clip of {@code frames} frames to {@code route}. */
    static Exchange encodeRaw(ProducerTemplate template, String route, Path dir, int frames) throws IOException {
        Path raw = new TestClip(WIDTH, HEIGHT, 30, 7).writeRaw(dir.resolve("clip.nv12"), frames, PixelFormat.NV12);
        return template.send(route, e -> {
            e.getIn().setBody(raw.toFile());
            e.getIn().setHeader(VencConstants.WIDTH, WIDTH);
            e.getIn().setHeader(VencConstants.HEIGHT, HEIGHT);
        });
    }

    /** Writes the body of a successful exchange to {@code file}. */
    static Path write(Exchange result, Path file) throws IOException {
        if (result.getException() != null) {
            throw new AssertionError("Encoding failed", result.getException());
        }
        try (InputStream in = result.getMessage().getBody(InputStream.class)) {
            Files.copy(in, file);
        }
        return file;
    }
}
