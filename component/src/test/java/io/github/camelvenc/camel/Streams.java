package io.github.camelvenc.camel;

import io.github.camelvenc.engine.testing.MediaTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;

/** Writes encoder output to files for the decoders and reads what they say. */
final class Streams {

    private Streams() {
    }

    /** The exchange body (byte[], stream cache or stream) as bytes. */
    static byte[] bytes(Exchange exchange) throws IOException {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] b) {
            return b;
        }
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            return in.readAllBytes();
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException(e);
        }
    }

    /** Writes {@code data} as {@code name} (ending in .h264 or .h265) under {@code dir}. */
    static Path write(Path dir, String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    /** Number of frames ffprobe decodes. */
    static int frameCount(Path stream) {
        return MediaTools.frames(stream).size();
    }

    static List<Integer> keyFrames(Path stream) {
        return MediaTools.keyFrameIndexes(stream);
    }
}
