package io.github.camelvenc.examples.filedrop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.camelvenc.engine.testing.MediaTools;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a run was killed mid-file, the next start encodes that file again and removes the partial output. */
@QuarkusTest
@WithTestResource(InterruptedRunFolders.class)
class InterruptedRunTest {

    private static final Path BASE = Path.of("target", InterruptedRunFolders.NAME).toAbsolutePath();

    @Test
    void theInterruptedClipIsEncodedOnTheNextStart() throws Exception {
        Path output = BASE.resolve("outbox/left.h265");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(BASE.resolve("inbox/.done").resolve(InterruptedRunFolders.CLIP)));

        assertEquals(List.of("left.h265"), Folders.files(BASE.resolve("outbox")), "the partial output is gone");
        assertEquals(List.of(), Folders.files(BASE.resolve("inbox")), "the stale read-lock marker is gone");
        assertEquals(30, MediaTools.frames(output).size());
        MediaTools.StreamInfo info = MediaTools.streamInfo(output);
        assertEquals(320, info.width());
        assertEquals(240, info.height());
    }
}
