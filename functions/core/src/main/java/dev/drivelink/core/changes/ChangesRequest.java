package dev.drivelink.core.changes;

import java.time.Instant;

/**
 * A message on the FIFO changes queue (group = connection): read the connection's changes from its
 * cursor. {@code notBefore}: a notification's request is run only once its coalescing window closed,
 * so every notification the window's deduplication id swallowed is covered by the run.
 */
public record ChangesRequest(String connectionId, String reason, Instant notBefore) {

    /** Why a changes run was asked for. */
    public static final String NOTIFICATION = "notification";
    public static final String BACKSTOP = "backstop";
    public static final String CONTINUATION = "continuation";

    public static ChangesRequest changes(String connectionId, String reason, Instant notBefore) {
        return new ChangesRequest(connectionId, reason, notBefore);
    }
}
