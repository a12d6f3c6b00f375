package dev.drivelink.core.connection;

import dev.drivelink.core.error.DomainException;
import java.util.List;

/** Reading a user's connections. Someone else's connection is exactly as absent as a missing one. */
public final class ConnectionQueries {

    private final ConnectionRepository connections;
    private final List<String> requiredScopes;

    public ConnectionQueries(ConnectionRepository connections, List<String> requiredScopes) {
        this.connections = connections;
        this.requiredScopes = List.copyOf(requiredScopes);
    }

    public ConnectionView view(DriveConnection connection) {
        return connection.view(requiredScopes);
    }

    public List<ConnectionView> list(String userId) {
        return connections.findByUser(userId).stream().map(this::view).toList();
    }

    public ConnectionView get(String userId, String connectionId) {
        return view(owned(userId, connectionId));
    }

    /** The connection if it exists and belongs to the user; 404 otherwise. */
    public DriveConnection owned(String userId, String connectionId) {
        if (connectionId == null || !ConnectionIds.looksValid(connectionId)) {
            throw DomainException.notFound("connection", String.valueOf(connectionId));
        }
        return connections.find(connectionId)
                .filter(c -> c.ownedBy(userId))
                .orElseThrow(() -> DomainException.notFound("connection", connectionId));
    }
}
