package dev.drivelink.core.drive;

/**
 * A failed call to Google, classified so callers can decide without knowing Google's wire format.
 * The message never contains a token.
 */
public class DriveException extends RuntimeException {

    public enum Kind {
        /** 404, or invisible to this app (drive.file). */
        NOT_FOUND,
        /** 401: the access token is missing, expired or revoked. */
        UNAUTHORIZED,
        /** OAuth invalid_grant: the refresh token or code is dead. */
        INVALID_GRANT,
        /** 403 for permissions or scopes. */
        FORBIDDEN,
        /** 429, or 403 rateLimitExceeded/userRateLimitExceeded. */
        RATE_LIMITED,
        /** 403 storageQuotaExceeded. */
        QUOTA_EXCEEDED,
        /** 5xx from Google. */
        BACKEND,
        /** No answer: connection refused, dropped, timed out. */
        NETWORK,
        /** Anything else (4xx with a request we should not have made). */
        REJECTED
    }

    private final Kind kind;
    private final int status;
    private final String reason;
    private java.time.Duration retryAfter;

    public DriveException(Kind kind, int status, String reason, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Google's reason (notFound, authError, invalid_grant ...) or null. */
    public String reason() {
        return reason;
    }

    /** Google's Retry-After, when it sent one. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    public DriveException retryAfter(java.time.Duration after) {
        this.retryAfter = after;
        return this;
    }

    /** Worth trying again later. */
    public boolean transientFailure() {
        return kind == Kind.RATE_LIMITED || kind == Kind.BACKEND || kind == Kind.NETWORK;
    }
}
