package dev.drivelink.core.sync.plan;

import java.util.Locale;

/** Which directions and which files a project syncs (SYNC-RULES.md, "Modes"). */
public enum SyncMode {
    /** App to Drive only: creates and edits; deletes only with {@code deleteBackups}. */
    BACKUP_ONLY,
    /** Both ways, but only for mapped files that were imported. */
    SELECTIVE_SYNC,
    /** Drive to app only, for files under the monitored folders; Drive deletes never delete app files. */
    ACTIVE_MONITORING,
    /** Both ways, every project file: the full decision table. */
    BIDIRECTIONAL;

    /** The name used in settings and the API ({@code backup_only}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SyncMode fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
