package io.github.camelvenc.camel;

/** What frame mode does with a frame whose size or pixel format differs from its open channel's ({@code onFormatChange}). */
public enum OnFormatChange {
    /** Flush and close the channel, open a new one for the new format; its first frame is an IDR with parameter sets. */
    REOPEN,
    /** Reject the frame with an {@link io.github.camelvenc.engine.InvalidFrameException}; the channel keeps its format. */
    FAIL
}
