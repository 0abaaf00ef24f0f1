package io.github.camelvenc.examples.http;

import org.apache.camel.util.json.JsonObject;

/** A request the service refuses with an HTTP status and a one-line reason for the JSON error body. */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProblem(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The JSON error body of every refused request: {@code {"status":404,"error":"<reason>"}}. */
    static JsonObject body(int status, String reason) {
        JsonObject json = new JsonObject();
        json.put("status", status);
        json.put("error", reason);
        return json;
    }
}
