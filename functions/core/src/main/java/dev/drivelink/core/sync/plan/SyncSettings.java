package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.mapping.MappingPaths;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.FileTypeFilters;

import java.util.List;
import java.util.Objects;

/**
 * The effective settings of one project (project values over the connection's global ones).
 *
 * @param monitoredFolders path prefixes (in the project namespace the Drive listing uses) that
 *                         {@code active_monitoring} watches, recursively
 */
public record SyncSettings(SyncMode mode, ConflictPolicy conflictResolution, boolean autoBackup,
                           boolean deleteBackups, FileTypeFilters fileTypeFilters, List<String> monitoredFolders,
                           DeleteGuard deleteGuard) {
    public SyncSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(conflictResolution, "conflictResolution");
        fileTypeFilters = fileTypeFilters == null ? FileTypeFilters.NONE : fileTypeFilters;
        monitoredFolders = monitoredFolders == null ? List.of() : monitoredFolders.stream()
                .map(MappingPaths::trimSlashes).filter(f -> !f.isEmpty()).toList();
        deleteGuard = deleteGuard == null ? DeleteGuard.DEFAULT : deleteGuard;
    }

    /** The defaults of issue 11 ({@code backup_only}, {@code manual}, autoBackup on, keep backups). */
    public static SyncSettings defaults() {
        return new SyncSettings(SyncMode.BACKUP_ONLY, ConflictPolicy.MANUAL, true, false, FileTypeFilters.NONE,
                List.of(), DeleteGuard.DEFAULT);
    }

    public SyncSettings withMode(SyncMode value) {
        return new SyncSettings(value, conflictResolution, autoBackup, deleteBackups, fileTypeFilters,
                monitoredFolders, deleteGuard);
    }

    public SyncSettings withConflictResolution(ConflictPolicy value) {
        return new SyncSettings(mode, value, autoBackup, deleteBackups, fileTypeFilters, monitoredFolders,
                deleteGuard);
    }

    /** Whether {@code path} is inside a monitored folder (recursively). */
    public boolean monitors(String path) {
        for (String folder : monitoredFolders) {
            if (path.equals(folder) || path.startsWith(folder + "/")) {
                return true;
            }
        }
        return false;
    }
}
