package io.github.camelvenc.examples.http;

/** A request the service refuses with an HTTP status and a one-line reason for the JSON error body. */
final class HttpProblem extends RuntimeException {
    private final int status;

    HttpProblem(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
