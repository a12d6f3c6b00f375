package dev.drivelink.core.connection;

/** Where a connection stands. */
public enum ConnectionStatus {
    /** Tokens work (as far as we know). */
    ACTIVE,
    /** The last attempt to use or refresh the tokens failed for a reason that may pass; see lastError. */
    ERROR,
    /** The grant is gone (revoked by the user, by Google, or by us); tokens are removed. */
    REVOKED
}
