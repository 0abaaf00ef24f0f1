package io.github.camelvenc.engine;

/** A frame that does not fit the channel (size, stride, format, pts). The channel stays usable. */
public class InvalidFrameException extends VencException {
    private static final long serialVersionUID = 1L;

    public InvalidFrameException(String message) {
        super(message);
    }
}
