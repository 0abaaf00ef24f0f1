package io.github.camelvenc.examples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What ffprobe and ffmpeg make of an elementary stream file. */
record Video(int width, int height, int frames, List<String> pictTypes) {

    /** Decodes the whole file with ffmpeg (failing on any decode error) and reads its frames with ffprobe. */
    static Video probe(Path file) throws IOException, InterruptedException {
        String decodeErrors = run("ffmpeg", "-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-");
        if (!decodeErrors.isBlank()) {
            throw new AssertionError("ffmpeg reported decode errors in " + file + ": " + decodeErrors);
        }
        String out = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "frame=width,height,pict_type", "-of", "csv=p=0", file.toString());
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return new Video(0, 0, 0, List.of());
        }
        String[] first = lines.get(0).split(",");
        return new Video(Integer.parseInt(first[0]), Integer.parseInt(first[1]), lines.size(),
                lines.stream().map(l -> l.split(",")[2]).toList());
    }

    /** Runs a command, fails unless it exits with 0, returns its output. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
