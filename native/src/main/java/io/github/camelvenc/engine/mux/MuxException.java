package io.github.camelvenc.engine.mux;

import io.github.camelvenc.engine.VencException;

/** A stream the muxer cannot put into its container: missing or malformed parameter sets, bad timing. */
public class MuxException extends VencException {
    private static final long serialVersionUID = 1L;

    public MuxException(String message) {
        super(message);
    }
}
