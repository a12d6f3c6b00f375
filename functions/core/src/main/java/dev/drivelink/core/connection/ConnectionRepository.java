package dev.drivelink.core.connection;

import java.time.Instant;
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

    /**
     * Takes the refresh lease of a connection still at {@code expectedVersion} if nobody holds it (or
     * their lease ran out). Saving the connection ends the lease.
     *
     * @return true if the caller now holds the lease
     */
    boolean tryLease(String connectionId, long expectedVersion, String owner, Instant now, Instant until);

    /** Gives the lease back without changing the connection (only if {@code owner} still holds it). */
    void releaseLease(String connectionId, String owner);

    /** Ids of connections holding tokens whose access token expires before {@code before}, soonest first. */
    List<String> idsWithAccessTokenExpiringBefore(Instant before);

    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String connectionId) {
            super("connection " + connectionId + " was changed by someone else");
        }
    }
}
