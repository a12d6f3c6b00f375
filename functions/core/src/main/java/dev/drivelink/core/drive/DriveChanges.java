package dev.drivelink.core.drive;

import java.time.Instant;
import java.util.List;

/** Drive's {@code changes} feed. */
public interface DriveChanges {

    /** One change: the file as it is now, or {@code removed} (deleted or no longer visible to the app). */
    record Change(String fileId, boolean removed, DriveFile file, Instant time) {
    }

    /** One page; exactly one of {@code nextPageToken} (more pages) and {@code newStartPageToken} (the end) is set. */
    record Page(List<Change> changes, String nextPageToken, String newStartPageToken) {
        public Page {
            changes = List.copyOf(changes);
        }
    }

    String startPageToken();

    Page list(String pageToken, int pageSize);
}
