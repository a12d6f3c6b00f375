package dev.drivelink.core.sync.plan;

import java.util.Locale;

/** {@code conflictResolution}: what a run does when both sides changed a file differently. */
public enum ConflictPolicy {
    /** Upload the app's content as a new revision of the Drive file (Drive keeps the old revision). */
    APP_WINS,
    /** Write Drive's content to S3 (S3 versioning keeps the old version). */
    DRIVE_WINS,
    /** Record a conflict, touch neither side, leave the path out of later runs until resolved. */
    MANUAL,
    /** The newer side keeps the name; the other becomes a {@code (conflict ...)} copy on both sides. */
    KEEP_BOTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConflictPolicy fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
