package io.github.camelvenc.engine;

/** Base of every error the engine reports. */
public class VencException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VencException(String message) {
        super(message);
    }

    public VencException(String message, Throwable cause) {
        super(message, cause);
    }
}
