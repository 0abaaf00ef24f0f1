package io.github.camelvenc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg/ffprobe for the CLI and clip-reader tests. */
public final class Tools {
    private Tools() {
    }

    /** Runs a command, failing the test with its output when it does not exit 0; returns its stdout. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + ": " + command + "\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code frames} frames of ffmpeg's moving test pattern, in the given ffmpeg pixel format and muxer. */
    public static Path testClip(Path dir, String name, int width, int height, int fps, int frames, String pixFmt,
            String format) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-frames:v", Integer.toString(frames),
                "-pix_fmt", pixFmt, "-f", format, file.toString()));
        return file;
    }

    /** What ffprobe decodes from an elementary stream. */
    public record Probe(String codec, int width, int height, int frames) {
    }

    public static Probe probe(Path stream, String format) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-f", format, "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
                "-of", "default=noprint_wrappers=1", stream.toString()));
        String codec = null;
        int w = -1;
        int h = -1;
        int n = -1;
        for (String line : run(cmd).split("\n")) {
            String[] kv = line.strip().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "codec_name" -> codec = kv[1];
                case "width" -> w = Integer.parseInt(kv[1]);
                case "height" -> h = Integer.parseInt(kv[1]);
                case "nb_read_frames" -> n = Integer.parseInt(kv[1]);
                default -> { }
            }
        }
        return new Probe(codec, w, h, n);
    }
}
