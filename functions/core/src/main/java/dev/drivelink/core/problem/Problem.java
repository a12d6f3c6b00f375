package dev.drivelink.core.problem;

/**
 * A failure the caller can act on, rendered as application/problem+json (RFC 9457) by the handlers.
 * {@code code} is a stable machine-readable slug; {@code detail} says what was wrong in words.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    public Problem(int status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public static Problem badRequest(String code, String detail) {
        return new Problem(400, code, "Bad request", detail);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Unauthorized", detail);
    }

    public static Problem notFound(String what, String id) {
        return new Problem(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static Problem conflict(String code, String detail) {
        return new Problem(409, code, "Conflict", detail);
    }

    public static Problem unavailable(String code, String detail) {
        return new Problem(503, code, "Service unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
