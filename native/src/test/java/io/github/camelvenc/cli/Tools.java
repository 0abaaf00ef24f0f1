package io.github.camelvenc.cli;

import io.github.camelvenc.engine.testing.MediaTools;
import java.nio.file.Path;
import java.util.List;

/** Test inputs made by ffmpeg for the CLI and clip-reader tests; checks use {@link MediaTools}. */
public final class Tools {
    private Tools() {
    }

    /** {@code frames} frames of ffmpeg's moving test pattern, in the given ffmpeg pixel format and muxer. */
    public static Path testClip(Path dir, String name, int width, int height, int fps, int frames, String pixFmt,
            String format) {
        Path file = dir.resolve(name);
        MediaTools.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-frames:v", Integer.toString(frames),
                "-pix_fmt", pixFmt, "-f", format, file.toString()));
        return file;
    }
}
