package dev.drivelink.api;

/**
 * An HTTP problem raised by the API layer itself (the request body, the caller's identity), rendered
 * as application/problem+json like every domain failure.
 */
final class Problem extends RuntimeException {

    private final int status;
    private final String code;

    Problem(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    static Problem badRequest(String code, String detail) {
        return new Problem(400, code, detail);
    }

    static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
