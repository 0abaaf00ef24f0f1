package org.acme.venc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML route of the application, as a user runs it: clips dropped into the inbox, files in the outbox. */
@QuarkusTest
class EncodeRouteTest {
    private static final Path INBOX = Path.of("target/drop/inbox");
    private static final Path OUTBOX = Path.of("target/drop/outbox");

    @Test
    void droppedY4mComesOutAsDecodableH265() throws Exception {
        Path out = OUTBOX.resolve("clip.h265");
        Files.deleteIfExists(out);
        Media.y4m(INBOX.resolve("clip.y4m"), 160, 96, 12);
        assertTrue(Media.await(out), "no " + out);
        Map<String, String> info = Media.probe(out);
        assertEquals("hevc", info.get("codec_name"), info.toString());
        assertEquals("160", info.get("width"), info.toString());
        assertEquals("96", info.get("height"), info.toString());
        assertEquals("12", info.get("nb_read_frames"), info.toString());
    }

    @Test
    void badFileFailsAndWritesNoOutput() throws Exception {
        Path failed = INBOX.resolve(".failed/bad.y4m");
        Files.deleteIfExists(failed);
        Files.createDirectories(INBOX);
        Path tmp = INBOX.resolve("bad.tmp");
        Files.writeString(tmp, "not a video at all", StandardCharsets.US_ASCII);
        Files.move(tmp, INBOX.resolve("bad.y4m"));
        assertTrue(Media.await(failed), "the bad file was not moved to .failed");
        assertFalse(Files.exists(OUTBOX.resolve("bad.h265")), "output written for a file that failed");
    }
}
