package org.acme.venc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** ffmpeg makes the test clips, ffprobe reads what the application wrote. */
final class Media {

    private Media() {
    }

    /** A {@code frames}-frame 4:2:0 YUV4MPEG2 clip of ffmpeg's test pattern, written to a temporary name and moved in place. */
    static void y4m(Path target, int width, int height, int frames) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=" + width + "x" + height + ":rate=25",
                "-frames:v", Integer.toString(frames), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", tmp.toString());
        Files.move(tmp, target);
    }

    /** codec_name, width, height and nb_read_frames of the first video stream, as ffprobe reports them. */
    static Map<String, String> probe(Path stream) throws IOException, InterruptedException {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1", stream.toString())) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return info;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + lines);
        }
        return lines;
    }

    /** Waits up to 60 s for {@code file} to exist. */
    static boolean await(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Files.exists(file);
    }
}
