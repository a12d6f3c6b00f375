package dev.drivelink.core.sync.retention;

import java.time.Instant;
import java.util.List;

/**
 * Port: removing what drivelink holds, found through keys and indexes only (never a scan). Every item
 * that belongs to a connection lives under its partition; every item of a user is in the user's
 * partition or in a per-user index (see DATA.md).
 */
public interface UserDataStore {

    /**
     * Deletes every item of the connection: settings, file mappings, conflicts, sync statuses, folder
     * paths, the id pool, and the connection item itself unless {@code keepConnection}.
     *
     * @return how many items were deleted
     */
    int deleteConnectionData(String connectionId, boolean keepConnection);

    /**
     * Deletes the user's own items: project memberships, project settings, activity records, upload
     * jobs. @return how many
     */
    int deleteUserData(String userId);

    /** Ids of connections revoked before {@code cutoff} whose data was not purged yet, oldest first. */
    List<String> revokedBefore(Instant cutoff);

    /** The connection's data is gone: it leaves the revoked index (the connection item stays, REVOKED). */
    void markPurged(String connectionId);
}
