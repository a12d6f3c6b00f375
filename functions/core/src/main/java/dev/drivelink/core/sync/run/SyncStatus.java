package dev.drivelink.core.sync.run;

import java.time.Instant;

/**
 * The sync state of one project on one connection. {@code version} 0: never stored.
 *
 * @param pause    set while PAUSED by the mass-delete guard: what the stopped run wanted to delete
 * @param approval set by resume: the user confirmed up to {@code deletes} deletes; the worker applies
 *                 the paused run once (guard lifted for it) and then clears the approval
 */
public record SyncStatus(String connectionId, String projectId, String userId, SyncState state, Instant lastSuccessAt,
                         Instant lastRunAt, PendingCounts pending, MassDeletePause pause, DeleteApproval approval,
                         String lastError, Instant updatedAt, long version) {

    /** What is left to do (from the last run's plan). */
    public record PendingCounts(int uploads, int downloads, int deletes, int conflicts) {
        public static final PendingCounts NONE = new PendingCounts(0, 0, 0, 0);
    }

    /** Why a run stopped: it would delete {@code deletes} of {@code mappedFiles} mapped files. */
    public record MassDeletePause(int deletes, int mappedFiles, Instant pausedAt) {
    }

    /** The user's confirmation of a paused run's deletes. */
    public record DeleteApproval(int deletes, Instant approvedAt) {
    }

    public SyncStatus {
        pending = pending == null ? PendingCounts.NONE : pending;
    }

    public static SyncStatus idle(String connectionId, String projectId, String userId) {
        return new SyncStatus(connectionId, projectId, userId, SyncState.IDLE, null, null, PendingCounts.NONE, null,
                null, null, null, 0);
    }

    SyncStatus with(SyncState newState, Instant lastSuccess, Instant lastRun, PendingCounts newPending,
                    MassDeletePause newPause, DeleteApproval newApproval, String error, Instant now) {
        return new SyncStatus(connectionId, projectId, userId, newState, lastSuccess, lastRun, newPending, newPause,
                newApproval, error, now, version + 1);
    }
}
