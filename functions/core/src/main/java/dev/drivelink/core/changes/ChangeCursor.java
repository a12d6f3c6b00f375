package dev.drivelink.core.changes;

import dev.drivelink.core.sync.settings.SyncFrequency;
import java.time.Instant;

/**
 * Where a connection's changes feed stands: the page token of the first change not handed on yet. It
 * moves only after a run handed on every change before it, and it is never replaced by a fresh
 * start token after a failure. {@code version} guards writers (and numbers the runs: a run's change
 * log items carry the version it started from). {@code dueAt} is when the polling backstop syncs the
 * connection if nothing else did; null once the connection is revoked.
 */
public record ChangeCursor(String connectionId, String pageToken, long version, SyncFrequency frequency,
                           Instant createdAt, Instant lastRunAt, Instant lastSuccessAt, String lastError, Instant dueAt) {

    public static ChangeCursor start(String connectionId, String pageToken, SyncFrequency frequency, Instant now,
                                     Instant dueAt) {
        return new ChangeCursor(connectionId, pageToken, 1, frequency, now, null, null, null, dueAt);
    }

    /** After a run handed on everything before {@code nextPageToken}. */
    public ChangeCursor advanced(String nextPageToken, Instant now, Instant nextDue) {
        return new ChangeCursor(connectionId, nextPageToken, version + 1, frequency, createdAt, now, now, null, nextDue);
    }

    /** Same position, another frequency (the backstop's period follows it). */
    public ChangeCursor withFrequency(SyncFrequency newFrequency, Instant nextDue) {
        return new ChangeCursor(connectionId, pageToken, version + 1, newFrequency, createdAt, lastRunAt, lastSuccessAt,
                lastError, nextDue);
    }

    /** Same position, another backstop due time (null: the backstop leaves it alone). */
    public ChangeCursor due(Instant nextDue) {
        return new ChangeCursor(connectionId, pageToken, version + 1, frequency, createdAt, lastRunAt, lastSuccessAt,
                lastError, nextDue);
    }
}
