package dev.drivelink.core.sync.settings;

import dev.drivelink.core.connection.FolderRef;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What applies to one user's sync of one project: each setting from the project override, else the
 * connection's global settings, else the default, with where it came from.
 *
 * @param connectionId  the Drive connection the project syncs with: the project's choice, else the
 *                      user's only live connection; null when there is none to pick (no connection,
 *                      or several and the project named none): the project cannot sync
 * @param backupFolder  the project folder in Drive; null: a folder named after the project under the
 *                      connection's root folder, created on the first sync
 * @param monitoredFolders Drive folders watched in {@code active_monitoring} mode (may be empty)
 */
public record EffectiveSettings(String userId, String projectId, String connectionId, SyncMode syncMode,
                                boolean autoBackup, SyncFrequency syncFrequency, ConflictPolicy conflictResolution,
                                FileTypeFilters fileTypeFilters, boolean enabled, boolean deleteBackups,
                                FolderRef backupFolder, List<FolderRef> monitoredFolders,
                                Map<Setting, Origin> origins) {

    public EffectiveSettings {
        monitoredFolders = List.copyOf(monitoredFolders);
        origins = Collections.unmodifiableMap(new EnumMap<>(origins));
    }

    /** Whether the worker should sync the project: enabled and with a connection. */
    public boolean active() {
        return enabled && connectionId != null;
    }

    public Origin origin(Setting setting) {
        return origins.get(setting);
    }

    /**
     * Project over global over defaults.
     *
     * @param project           the user's overrides for the project (never null; {@link ProjectSettings#none})
     * @param defaultConnection the connection used when the project names none (may be null)
     * @param global            the global settings of the connection that applies (never null)
     */
    public static EffectiveSettings resolve(ProjectSettings project, String defaultConnection, GlobalSettings global) {
        Map<Setting, Origin> origins = new EnumMap<>(Setting.class);
        SyncPreferences effective = SyncPreferences.DEFAULTS;
        for (Setting s : Setting.values()) {
            if (!s.global()) {
                continue;
            }
            Object value;
            if (project.overrides().get(s) != null) {
                value = project.overrides().get(s);
                origins.put(s, Origin.PROJECT);
            } else if (global.values().get(s) != null) {
                value = global.values().get(s);
                origins.put(s, Origin.GLOBAL);
            } else {
                value = SyncPreferences.DEFAULTS.get(s);
                origins.put(s, Origin.DEFAULT);
            }
            effective = effective.with(s, value);
        }
        origins.put(Setting.CONNECTION_ID, project.connectionId() != null ? Origin.PROJECT : Origin.DEFAULT);
        origins.put(Setting.BACKUP_FOLDER, project.backupFolder() != null ? Origin.PROJECT : Origin.DEFAULT);
        origins.put(Setting.MONITORED_FOLDERS, project.monitoredFolders().isEmpty() ? Origin.DEFAULT : Origin.PROJECT);
        String connection = project.connectionId() != null ? project.connectionId() : defaultConnection;
        return new EffectiveSettings(project.userId(), project.projectId(), connection, effective.syncMode(),
                effective.autoBackup(), effective.syncFrequency(), effective.conflictResolution(),
                effective.fileTypeFilters(), effective.enabled(), effective.deleteBackups(), project.backupFolder(),
                project.monitoredFolders(), origins);
    }

    /** The effective value of a setting as the API shows it (wire names, filters as a map). */
    Object apiValue(Setting setting) {
        return switch (setting) {
            case SYNC_MODE -> syncMode.wire();
            case AUTO_BACKUP -> autoBackup;
            case SYNC_FREQUENCY -> syncFrequency.wire();
            case CONFLICT_RESOLUTION -> conflictResolution.wire();
            case FILE_TYPE_FILTERS -> fileTypeFilters.toMap();
            case ENABLED -> enabled;
            case DELETE_BACKUPS -> deleteBackups;
            case CONNECTION_ID -> connectionId;
            case BACKUP_FOLDER -> backupFolder;
            case MONITORED_FOLDERS -> monitoredFolders;
        };
    }
}
