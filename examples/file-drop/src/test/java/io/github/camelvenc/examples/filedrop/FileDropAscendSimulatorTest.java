package io.github.camelvenc.examples.filedrop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.camelvenc.engine.PixelFormat;
import io.github.camelvenc.engine.testing.MediaTools;
import io.github.camelvenc.engine.testing.TestClip;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The file-drop application with {@code backend=ascend} on the simulator (real-video mode, its own
 * surefire execution points the Ascend libraries at it): dropped clips come out as decodable H.265
 * streams encoded by the simulated VENC.
 */
@QuarkusTest
@TestProfile(FileDropAscendSimulatorTest.Ascend.class)
class FileDropAscendSimulatorTest {
    private static final String NAME = "file-drop-ascend";

    /** The test folders, backend=ascend and bare elementary streams. */
    public static class Ascend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(Folders.config(Folders.fresh(NAME)));
            config.put("camel.component.venc.backend", "ascend");
            config.put("file-drop.container", "annexb");
            return config;
        }
    }

    /** The simulator's event counters. */
    interface Sim extends Library {
        long sim_counter(String name);
    }

    @Test
    void clipsAreEncodedOnTheAscendBackend() throws Exception {
        Path base = Path.of("target", NAME).toAbsolutePath();
        Path staging = Files.createDirectories(base.resolve("staging"));
        new TestClip(320, 240, 25, 21).writeRaw(staging.resolve("cam_320x240_25fps.nv12"), 30, PixelFormat.NV12);
        Files.move(staging.resolve("cam_320x240_25fps.nv12"), base.resolve("inbox/cam_320x240_25fps.nv12"),
                StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> Folders.files(base.resolve("inbox/.done")).size() == 1);
        assertEquals(List.of("cam.h265"), Folders.files(base.resolve("outbox")));
        Path out = base.resolve("outbox/cam.h265");
        assertEquals("hevc", MediaTools.streamInfo(out).codec());
        assertEquals(30, MediaTools.frames(out).size());
        Sim sim = Native.load(System.getProperty("venc.acl.library"), Sim.class);
        assertTrue(sim.sim_counter("frames_encoded") >= 30, "the simulated VENC encoded the clip");
    }
}
