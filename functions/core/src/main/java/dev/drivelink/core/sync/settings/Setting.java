package dev.drivelink.core.sync.settings;

import java.util.Arrays;
import java.util.Optional;

/** Every setting, by its JSON name. Global ones exist per connection and per project; the rest per project only. */
public enum Setting {
    SYNC_MODE("syncMode", true),
    AUTO_BACKUP("autoBackup", true),
    SYNC_FREQUENCY("syncFrequency", true),
    CONFLICT_RESOLUTION("conflictResolution", true),
    FILE_TYPE_FILTERS("fileTypeFilters", true),
    ENABLED("enabled", true),
    DELETE_BACKUPS("deleteBackups", true),
    CONNECTION_ID("connectionId", false),
    BACKUP_FOLDER("backupFolder", false),
    MONITORED_FOLDERS("monitoredFolders", false);

    private final String json;
    private final boolean global;

    Setting(String json, boolean global) {
        this.json = json;
        this.global = global;
    }

    public String json() {
        return json;
    }

    /** Whether the connection's global settings have it (project settings have every setting). */
    public boolean global() {
        return global;
    }

    public static Optional<Setting> fromJson(String name) {
        return Arrays.stream(values()).filter(s -> s.json.equals(name)).findFirst();
    }
}
