package dev.drivelink.core.connection;

import java.util.List;
import java.util.Optional;

/** Port: where connections live. */
public interface ConnectionRepository {

    Optional<DriveConnection> find(String connectionId);

    /** The user's connections, oldest first. */
    List<DriveConnection> findByUser(String userId);

    /**
     * Writes the connection if the stored one still has {@code expectedVersion} (0 = must not exist yet).
     * The stored version becomes {@code connection.version()}.
     *
     * @throws ConcurrentUpdateException when another writer got there first
     */
    void save(DriveConnection connection, long expectedVersion);

    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String connectionId) {
            super("connection " + connectionId + " was changed by someone else");
        }
    }
}
