package dev.drivelink.core.error;

/**
 * A failure the caller can act on: a stable machine-readable {@code code} (a slug such as
 * {@code folder-not-found}), its {@link ErrorKind}, and a {@code detail} in words. It knows nothing of
 * HTTP or queues; the functions decide how it leaves.
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;

    public DomainException(ErrorKind kind, String code, String detail) {
        super(detail);
        this.kind = kind;
        this.code = code;
    }

    public static DomainException invalid(String code, String detail) {
        return new DomainException(ErrorKind.INVALID, code, detail);
    }

    public static DomainException unauthenticated(String detail) {
        return new DomainException(ErrorKind.UNAUTHENTICATED, "unauthorized", detail);
    }

    public static DomainException notFound(String what, String id) {
        return new DomainException(ErrorKind.NOT_FOUND, "not-found", what + " " + id + " does not exist");
    }

    public static DomainException conflict(String code, String detail) {
        return new DomainException(ErrorKind.CONFLICT, code, detail);
    }

    public static DomainException unavailable(String code, String detail) {
        return new DomainException(ErrorKind.UNAVAILABLE, code, detail);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }
}
