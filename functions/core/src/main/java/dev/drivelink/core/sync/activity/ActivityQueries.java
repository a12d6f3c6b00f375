package dev.drivelink.core.sync.activity;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.PageLimit;
import dev.drivelink.core.sync.activity.ActivityReader.Position;
import dev.drivelink.core.sync.activity.ActivityReader.Slice;
import dev.drivelink.core.sync.project.ProjectAccess;
import java.util.Arrays;
import java.util.List;

/**
 * The activity routes: a project's log (members only) and all of a user's, newest first, paged with
 * an opaque cursor, filtered by action and status.
 */
public final class ActivityQueries {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private final ProjectAccess access;
    private final ActivityReader reader;

    public ActivityQueries(ProjectAccess access, ActivityReader reader) {
        this.access = access;
        this.reader = reader;
    }

    /** The user's records of a project; 404 when the user is not a member. Parameters as the query string has them (null: absent). */
    public ActivityPage forProject(String userId, String projectId, String action, String status, String cursor,
                                   String limit) {
        access.requireMember(userId, projectId);
        return page(userId, projectId, action, status, cursor, limit);
    }

    /** All of the user's records: every project, their uploads and their connections' events. */
    public ActivityPage forUser(String userId, String action, String status, String cursor, String limit) {
        return page(userId, null, action, status, cursor, limit);
    }

    private ActivityPage page(String userId, String projectId, String action, String status, String cursor,
                              String limit) {
        ActivityAction a = action == null || action.isBlank() ? null : ActivityAction.fromWire(action).orElseThrow(() ->
                DomainException.invalid("invalid-action", "\"action\" must be one of "
                        + String.join(", ", Arrays.stream(ActivityAction.values()).map(ActivityAction::wire).toList())));
        ActivityOutcome s = status == null || status.isBlank() ? null : ActivityOutcome.fromWire(status).orElseThrow(() ->
                DomainException.invalid("invalid-status", "\"status\" must be success, failed or skipped"));
        int n = limit(limit);
        Position after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = ActivityCursor.decode(cursor);
            if (projectId != null && !after.projectKey().equals(projectId)) {
                throw ActivityCursor.invalid();
            }
        }
        Slice slice = reader.newestFirst(userId, projectId, a, s, after, n);
        List<ActivityPage.Item> items = slice.items().stream().map(ActivityPage.Item::of).toList();
        return new ActivityPage(items, slice.resumeAfter() == null ? null : ActivityCursor.encode(slice.resumeAfter()));
    }

    private static int limit(String text) {
        return PageLimit.parse(text, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** The position of a record, for readers building a {@link Slice}. */
    public static Position positionOf(ActivityRecord r) {
        return new Position(r.projectId() == null ? "" : r.projectId(), r.at().toEpochMilli(), r.id());
    }
}
