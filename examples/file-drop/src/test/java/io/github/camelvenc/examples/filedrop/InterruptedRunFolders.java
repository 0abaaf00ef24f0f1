package io.github.camelvenc.examples.filedrop;

import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.TestClip;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The folders as a killed run leaves them: the clip it was encoding still in the inbox with Camel's
 * read-lock marker next to it, and a partial output in the outbox. This run writes bare elementary
 * streams ({@code file-drop.container=annexb}).
 */
public class InterruptedRunFolders implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "file-drop-interrupted";
    static final String CLIP = "left_320x240_30fps.nv12";
    static final String PARTIAL = ".left.h265.part";

    @Override
    public Map<String, String> start() {
        Path base = Folders.fresh(NAME);
        try {
            new TestClip(320, 240, 30, 21).writeRaw(base.resolve("inbox").resolve(CLIP), 30, PixelFormat.NV12);
            Files.createFile(base.resolve("inbox").resolve(CLIP + ".camelLock"));
            Files.write(base.resolve("outbox").resolve(PARTIAL), new byte[] {0, 0, 0, 1, 0x40});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(Folders.config(base));
        config.put("file-drop.container", "annexb");
        return config;
    }

    @Override
    public void stop() {
        // the folders stay for inspection after the test
    }
}
