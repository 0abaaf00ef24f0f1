package org.acme.venc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's YAML route on Camel Main, configured as a user would, with application.properties. */
class EncoderAppTest {

    @TempDir
    Path dir;

    @Test
    void droppedY4mComesOutAsDecodableH265AndABadFileFailsWithoutOutput() throws Exception {
        Main main = main();
        main.start();
        try {
            Path inbox = dir.resolve("inbox");
            writeY4m(inbox.resolve("clip.y4m"), 160, 96, 10);
            Path out = dir.resolve("outbox/clip.h265");
            assertTrue(await(out), "no " + out);
            assertEquals(List.of("codec_name=hevc", "nb_read_frames=10"), ffprobe(out));

            Files.writeString(inbox.resolve("bad.tmp"), "not a video at all", StandardCharsets.US_ASCII);
            Files.move(inbox.resolve("bad.tmp"), inbox.resolve("bad.y4m"));
            assertTrue(await(inbox.resolve(".failed/bad.y4m")), "the bad file was not moved to .failed");
            assertFalse(Files.exists(dir.resolve("outbox/bad.h265")), "output written for a file that failed");
        } finally {
            main.stop();
        }
    }

    @Test
    void invalidOptionStopsTheStartNamingIt() {
        Main main = main();
        main.addOverrideProperty("camel.component.venc.swPreset", "turbo");
        Exception e = assertThrows(Exception.class, main::start);
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        assertTrue(String.join("\n", messages).contains("Invalid value for option 'swPreset': turbo (allowed: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow)"),
                String.join("\n", messages));
        main.stop();
    }

    private Main main() {
        Main main = new Main(EncoderApp.class);
        main.addOverrideProperty("app.inbox", dir.resolve("inbox").toString());
        main.addOverrideProperty("app.outbox", dir.resolve("outbox").toString());
        return main;
    }

    /** A 4:2:0 YUV4MPEG2 clip whose luma ramp moves one pixel per frame, written under a temporary name. */
    private static void writeY4m(Path target, int width, int height, int frames) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("clip.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F25:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            byte[] picture = new byte[width * height * 3 / 2];
            for (int f = 0; f < frames; f++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        picture[y * width + x] = (byte) ((x + y + f) * 2);
                    }
                }
                Arrays.fill(picture, width * height, picture.length, (byte) 128);
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(picture);
            }
        }
        Files.move(tmp, target);
    }

    private static List<String> ffprobe(Path stream) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,nb_read_frames", "-of", "default=noprint_wrappers=1", stream.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, lines.toString());
        return lines;
    }

    private static boolean await(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Files.exists(file);
    }
}
