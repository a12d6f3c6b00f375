package dev.drivelink.core.sync.run;

import java.util.Optional;

/** Port: sync statuses, one per project and connection. */
public interface SyncStatusRepository {

    Optional<SyncStatus> find(String connectionId, String projectId);

    /** Writes {@code next} if the stored version is {@code expectedVersion} (0: none stored yet). */
    void save(SyncStatus next, long expectedVersion);

    /** Someone else wrote in between. */
    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String what) {
            super(what + " changed meanwhile");
        }
    }
}
