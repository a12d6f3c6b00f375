package dev.drivelink.core.sync.run;

import java.util.Arrays;
import java.util.Optional;

/** Why a sync was asked for. */
public enum SyncReason {
    /** Drive reported changes (push notification or polling). */
    DRIVE_CHANGES("drive_changes"),
    /** App-side objects changed (S3 event notifications). */
    APP_CHANGES("app_changes"),
    /** The hourly or daily schedule. */
    SCHEDULE("schedule"),
    /** The project's settings changed. */
    SETTINGS_CHANGED("settings_changed"),
    /** The user resolved a conflict ({@code conflictId} says which). */
    CONFLICT_RESOLVED("conflict_resolved"),
    /** The user confirmed a paused run's deletes. */
    RESUME("resume"),
    /** The user imported Drive files into the project. */
    IMPORT("import"),
    /** Anything else. */
    MANUAL("manual");

    private final String wire;

    SyncReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SyncReason> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(name)).findFirst();
    }
}
