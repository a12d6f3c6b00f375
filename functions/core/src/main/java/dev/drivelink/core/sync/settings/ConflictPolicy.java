package dev.drivelink.core.sync.settings;

/** What a conflict (both sides changed differently) turns into (SYNC-RULES.md). */
public enum ConflictPolicy implements WireName {
    APP_WINS("app_wins"),
    DRIVE_WINS("drive_wins"),
    /** Record a conflict, touch neither side, wait for the user. */
    MANUAL("manual"),
    KEEP_BOTH("keep_both");

    private final String wire;

    ConflictPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
