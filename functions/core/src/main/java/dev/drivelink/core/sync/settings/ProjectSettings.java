package dev.drivelink.core.sync.settings;

import dev.drivelink.core.connection.FolderRef;
import java.time.Instant;
import java.util.List;

/**
 * A user's overrides for one project as stored; null fields (and an empty monitored list) inherit.
 * The Drive folders were checked with {@code connectionId}'s tokens when they were set.
 * {@code version} 0 means "never saved".
 */
public record ProjectSettings(String userId, String projectId, SyncPreferences overrides, String connectionId,
                              FolderRef backupFolder, List<FolderRef> monitoredFolders, Instant updatedAt,
                              long version) {

    public ProjectSettings {
        overrides = overrides == null ? SyncPreferences.NONE : overrides;
        monitoredFolders = monitoredFolders == null ? List.of() : List.copyOf(monitoredFolders);
    }

    public static ProjectSettings none(String userId, String projectId) {
        return new ProjectSettings(userId, projectId, SyncPreferences.NONE, null, null, List.of(), null, 0);
    }

    public boolean hasFolders() {
        return backupFolder != null || !monitoredFolders.isEmpty();
    }

    /** Without anything that belongs to a Drive connection (after that connection was revoked and purged). */
    public ProjectSettings withoutConnection(Instant now) {
        return new ProjectSettings(userId, projectId, overrides, null, null, List.of(), now, version + 1);
    }
}
