package dev.drivelink.core.events.activity;

/**
 * Port: the activity log, one record per action on a user's files and connections (the audit of
 * every Drive operation). Workers call {@link #record} after each action. Records expire after the
 * configured retention (90 days by default).
 */
public interface ActivityLog {

    /** Best effort: never throws; a record that cannot be written is logged and dropped. */
    void record(ActivityRecord record);

    ActivityLog NONE = record -> { };
}
