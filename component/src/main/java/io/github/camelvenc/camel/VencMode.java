package io.github.camelvenc.camel;

/** How the {@code venc:} producer reads a message body; chosen by the {@code mode} option, never guessed. */
public enum VencMode {
    /** The body is a whole clip, encoded in a fresh session; it becomes the complete elementary stream. */
    CLIP,
    /** The body is one frame, encoded on a long-lived channel; it becomes that frame's access unit. */
    FRAME
}
