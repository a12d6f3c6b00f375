package dev.drivelink.core.changes;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.connection.RootFolderState;
import dev.drivelink.core.events.EventPublisher;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records what Drive says about a connection's root folder (trashed, gone, back) on the connection
 * ({@code rootFolder.state}) and tells the host app with an event. Uploads refuse a root that is not
 * OK; choosing a folder again (PATCH .../folder) or restoring it in Drive makes it OK.
 */
public final class RootFolderHealth {

    public static final String UNAVAILABLE = "Drive Root Folder Unavailable";
    public static final String RESTORED = "Drive Root Folder Restored";
    private static final Logger LOG = Logger.getLogger(RootFolderHealth.class);
    private static final int MAX_SAVE_ATTEMPTS = 5;

    private final ConnectionRepository connections;
    private final EventPublisher events;
    private final Clock clock;

    public RootFolderHealth(ConnectionRepository connections, EventPublisher events, Clock clock) {
        this.connections = connections;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Sets the state of root folder {@code folderId} of the connection, if that still is its root and
     * the state changes; publishes the event then. Returns the connection as stored afterwards.
     */
    public DriveConnection observe(String connectionId, String folderId, RootFolderState state, String why) {
        for (int attempt = 1; ; attempt++) {
            Optional<DriveConnection> found = connections.find(connectionId);
            if (found.isEmpty()) {
                return null;
            }
            DriveConnection current = found.get();
            FolderRef root = current.rootFolder();
            RootFolderState was = root == null || root.state() == null ? RootFolderState.OK : root.state();
            if (root == null || !root.id().equals(folderId) || was == state) {
                return current;
            }
            DriveConnection next = current.withRootFolder(root.withState(state), clock.instant());
            try {
                connections.save(next, current.version());
            } catch (ConnectionRepository.ConcurrentUpdateException e) {
                if (attempt < MAX_SAVE_ATTEMPTS) {
                    continue;
                }
                throw e;
            }
            LOG.infof("connection %s: root folder %s is %s (%s)", connectionId, folderId, state, why);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("connectionId", connectionId);
            detail.put("userId", next.userId());
            detail.put("googleEmail", next.account().email());
            detail.put("rootFolderId", folderId);
            detail.put("state", state.name());
            detail.put("reason", state.uploadRefusal().orElse(why));
            detail.put("at", next.updatedAt().toString());
            events.publish(state == RootFolderState.OK ? RESTORED : UNAVAILABLE, "connection:" + connectionId, detail);
            return next;
        }
    }
}
