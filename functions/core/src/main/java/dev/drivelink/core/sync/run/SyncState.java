package dev.drivelink.core.sync.run;

/** A project's sync on a connection, as the user sees it. */
public enum SyncState {
    IDLE("idle"),
    SYNCING("syncing"),
    /** The mass-delete guard stopped a run; nothing runs until the user confirms (resume). */
    PAUSED("paused"),
    /** The last run failed; the next one tries again. */
    ERROR("error");

    private final String wire;

    SyncState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
