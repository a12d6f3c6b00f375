package dev.drivelink.core.connect;

import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveSession;

/**
 * What other features do when a connection starts or ends (change detection opens and stops its watch
 * channel). Called after the connection is stored, or before its tokens are revoked; a hook must not
 * fail the user's action: implementations catch their own failures.
 */
public interface ConnectionHooks {

    /** The user connected (or reconnected) the account; {@code drive} works with the fresh grant. */
    void connected(DriveConnection connection, DriveSession drive);

    /** The connection is about to be revoked by its user: its tokens still work. */
    void revoking(DriveConnection connection);

    ConnectionHooks NONE = new ConnectionHooks() {
        @Override
        public void connected(DriveConnection connection, DriveSession drive) {
        }

        @Override
        public void revoking(DriveConnection connection) {
        }
    };
}
