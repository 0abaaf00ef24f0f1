package io.github.camelvenc.examples.filedrop;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the file-drop application, under {@code file-drop}; environment variables {@code FILE_DROP_*} work too. */
@ConfigMapping(prefix = "file-drop")
public interface FileDropConfig {

    /** Folder watched for clips; {@code .done/} and {@code .error/} are created inside it. */
    @WithDefault("inbox")
    Path inbox();

    /** Folder the encoded elementary streams are written to. */
    @WithDefault("outbox")
    Path outbox();

    /** Output codec, {@code h264} or {@code h265}. */
    @WithDefault("h265")
    String codec();

    /**
     * What the output is wrapped in: {@code mp4} (a file players open, index in front), {@code fmp4},
     * {@code ts}, or {@code annexb} for the bare elementary stream ({@code NAME.h264}/{@code NAME.h265}).
     */
    @WithDefault("mp4")
    String container();

    /**
     * A file is taken only once it has not been modified for this long, so a clip still being copied
     * into the inbox is never read half-way.
     */
    @WithDefault("2s")
    Duration quietPeriod();

    /** How often the inbox is scanned. */
    @WithDefault("500ms")
    Duration pollInterval();
}
