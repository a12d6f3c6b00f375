package dev.drivelink.core.changes;

import java.util.List;

/**
 * What one changes run hands on: the connection's changes between two cursor positions, one entry
 * per Drive item (its latest state), in the order Drive reported their last change. {@code sequence}
 * is the cursor version the run started from: runs of a connection are numbered in order, and a run
 * retried from the same cursor hands on under the same number.
 */
public record ChangeBatch(String connectionId, String userId, long sequence, String fromPageToken, String toPageToken,
                          List<FileChange> changes) {

    public ChangeBatch {
        changes = List.copyOf(changes);
    }
}
