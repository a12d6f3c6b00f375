package dev.drivelink.core.error;

/**
 * What kind of failure a {@link DomainException} is, in the domain's words. Only the HTTP functions
 * turn a kind into a status code, and only the workers turn it into a dead-letter reason.
 */
public enum ErrorKind {
    /** The caller asked for something that cannot be done as asked (bad input). */
    INVALID,
    /** The caller did not say who they are. */
    UNAUTHENTICATED,
    /** It does not exist, or it belongs to someone else (the two look the same). */
    NOT_FOUND,
    /** The thing is in a state that does not allow it (revoked, changing, full). */
    CONFLICT,
    /** A dependency (Google, a lease holder) did not answer in time; trying again later may work. */
    UNAVAILABLE
}
