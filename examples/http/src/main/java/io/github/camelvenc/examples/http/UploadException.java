package io.github.camelvenc.examples.http;

import java.io.IOException;

/** Reading a request body failed because of the client (stalled, too large, broken off): its HTTP status and reason. */
final class UploadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    UploadException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
