package dev.drivelink.core.changes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: each connection's change cursor, and the backstop's index of cursors by due time. */
public interface CursorStore {

    Optional<ChangeCursor> find(String connectionId);

    /** Stores a first cursor; false (and nothing written) when the connection has one already. */
    boolean createIfAbsent(ChangeCursor cursor);

    /**
     * Writes the cursor if the stored one still has {@code expectedVersion}.
     *
     * @throws StaleCursorException when another writer got there first
     */
    void save(ChangeCursor cursor, long expectedVersion);

    /** Records a failed run without moving the cursor (nor its version); {@code nextDue} as in the cursor. */
    void recordFailure(ChangeCursor cursor, String error, Instant at, Instant nextDue);

    /** Ids of connections whose cursor is due before {@code before}, soonest first. */
    List<String> dueBefore(Instant before);

    final class StaleCursorException extends RuntimeException {
        public StaleCursorException(String connectionId) {
            super("the change cursor of connection " + connectionId + " was moved by someone else");
        }
    }
}
