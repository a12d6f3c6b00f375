package dev.drivelink.core.sync.engine;

import dev.drivelink.core.sync.run.SyncRequest;

/**
 * Executes one {@link SyncRequest} (the SQS sync worker's one call): per project of the request
 * ({@code projectId}, or every project that uses the connection when null), read both sides, plan
 * ({@code SyncPlanner}), apply the plan idempotently, record mappings, conflicts, activity, events and
 * the sync status.
 *
 * <p>Failures: a {@code DomainException} means the request cannot be served (unknown or revoked
 * connection, a project the user may not sync): dead-letter it with the reason. Any other exception is
 * passing (Drive or AWS unavailable): let the message be retried; a retried run converges.
 */
public final class SyncEngine {

    public SyncRunResult run(SyncRequest request) {
        throw new UnsupportedOperationException("not built yet");
    }
}
