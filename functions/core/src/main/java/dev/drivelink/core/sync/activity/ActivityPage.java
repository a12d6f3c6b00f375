package dev.drivelink.core.sync.activity;

import dev.drivelink.core.events.activity.ActivityRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A page of the activity log; {@code nextCursor} is absent on the last page. */
public record ActivityPage(List<Item> items, String nextCursor) {

    /** One record as the API shows it. */
    public record Item(String id, Instant at, String action, String status, String projectId, String connectionId,
                       String path, String driveFileId, Map<String, String> details, String error, Long durationMs) {

        static Item of(ActivityRecord r) {
            return new Item(r.id(), r.at(), r.action().wire(), r.status().wire(), r.projectId(), r.connectionId(),
                    r.path(), r.driveFileId(), r.details(), r.error(), r.durationMs());
        }
    }
}
