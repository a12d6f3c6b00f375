package dev.drivelink.core.sync.conflict;

import java.util.List;
import java.util.Optional;

/** Port: conflicts, per connection and project. */
public interface ConflictRepository {

    /** Stores a new conflict as it is (version 1; its id must be new). */
    void create(Conflict conflict);

    Optional<Conflict> find(String connectionId, String projectId, String conflictId);

    /** The project's conflicts on the connection that are not RESOLVED, oldest first. */
    List<Conflict> unresolved(String connectionId, String projectId);

    /** Writes {@code next} if the stored version is {@code expectedVersion}. */
    void save(Conflict next, long expectedVersion);

    /** Someone else wrote in between. */
    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String id) {
            super("conflict " + id + " changed meanwhile");
        }
    }
}
