package io.github.camelvenc.engine;

/** An operation on a channel that was already closed. */
public class ChannelClosedException extends VencException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
