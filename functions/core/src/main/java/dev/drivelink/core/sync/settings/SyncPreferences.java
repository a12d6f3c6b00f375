package dev.drivelink.core.sync.settings;

/**
 * The settings a connection has globally and a project may override. At one level a null field is
 * "not set here" (inherited); {@link #DEFAULTS} is the bottom level, where every field is set.
 */
public record SyncPreferences(SyncMode syncMode, Boolean autoBackup, SyncFrequency syncFrequency,
                              ConflictPolicy conflictResolution, FileTypeFilters fileTypeFilters, Boolean enabled,
                              Boolean deleteBackups) {

    /** Nothing set. */
    public static final SyncPreferences NONE = new SyncPreferences(null, null, null, null, null, null, null);

    /** What applies when neither the connection nor the project says otherwise. */
    public static final SyncPreferences DEFAULTS = new SyncPreferences(SyncMode.BACKUP_ONLY, true,
            SyncFrequency.REALTIME, ConflictPolicy.MANUAL, FileTypeFilters.NONE, true, false);

    /** The value of a global setting at this level, or null. */
    public Object get(Setting setting) {
        return switch (setting) {
            case SYNC_MODE -> syncMode;
            case AUTO_BACKUP -> autoBackup;
            case SYNC_FREQUENCY -> syncFrequency;
            case CONFLICT_RESOLUTION -> conflictResolution;
            case FILE_TYPE_FILTERS -> fileTypeFilters;
            case ENABLED -> enabled;
            case DELETE_BACKUPS -> deleteBackups;
            default -> throw new IllegalArgumentException(setting + " is a project setting");
        };
    }

    /** A copy with one global setting changed (null: not set here). */
    public SyncPreferences with(Setting setting, Object value) {
        return new SyncPreferences(
                setting == Setting.SYNC_MODE ? (SyncMode) value : syncMode,
                setting == Setting.AUTO_BACKUP ? (Boolean) value : autoBackup,
                setting == Setting.SYNC_FREQUENCY ? (SyncFrequency) value : syncFrequency,
                setting == Setting.CONFLICT_RESOLUTION ? (ConflictPolicy) value : conflictResolution,
                setting == Setting.FILE_TYPE_FILTERS ? (FileTypeFilters) value : fileTypeFilters,
                setting == Setting.ENABLED ? (Boolean) value : enabled,
                setting == Setting.DELETE_BACKUPS ? (Boolean) value : deleteBackups);
    }
}
