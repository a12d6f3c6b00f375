package dev.drivelink.core.sync.activity;

import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import java.util.List;

/** Port: reading the activity log, newest first. */
public interface ActivityReader {

    /**
     * Where a page stopped: a record's place in the order (newest first by time, then id).
     *
     * @param projectKey the record's project id, or "" for records outside a project
     */
    record Position(String projectKey, long atMillis, String id) {
    }

    /** Some records, and where to go on from ({@code resumeAfter} null: nothing older is left). */
    record Slice(List<ActivityRecord> items, Position resumeAfter) {
    }

    /**
     * Up to {@code limit} of the user's records (of {@code projectId}; null: all of the user's), newest
     * first, older than {@code after} (null: from the newest), of {@code action} and {@code status}
     * when given. May answer fewer than {@code limit} with a {@code resumeAfter} when filters skipped
     * many records.
     */
    Slice newestFirst(String userId, String projectId, ActivityAction action, ActivityOutcome status, Position after,
                      int limit);
}
