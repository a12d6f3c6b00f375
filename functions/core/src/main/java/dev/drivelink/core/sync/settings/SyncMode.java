package dev.drivelink.core.sync.settings;

/** Which directions a project syncs (SYNC-RULES.md, "Modes"). */
public enum SyncMode implements WireName {
    /** App -> Drive only; deletes only with {@code deleteBackups}. */
    BACKUP_ONLY("backup_only"),
    /** Both ways, for imported (mapped) files only. */
    SELECTIVE_SYNC("selective_sync"),
    /** Monitored Drive folders -> app; nothing goes back. */
    ACTIVE_MONITORING("active_monitoring"),
    /** Both ways, every project file. */
    BIDIRECTIONAL("bidirectional");

    private final String wire;

    SyncMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
