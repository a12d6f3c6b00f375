package dev.drivelink.core.changes;

import java.time.Instant;
import java.util.List;

/** Port: the per-connection change log (items with a TTL, ordered by run sequence and part). */
public interface ChangeLogStore {

    /** Stores one part of a batch; the same connection, sequence and part always land on the same item. */
    void record(ChangeBatch batch, int part, int parts, List<FileChange> changes, Instant recordedAt, Instant expiresAt);
}
