package dev.drivelink.core.changes;

import java.util.List;

/** Port: the uploads' cache of folder paths under a connection's root (path -> Drive folder id). */
public interface FolderCache {

    /** A cached path; {@code folderId} null while an upload is still creating it. */
    record Entry(String path, String folderId, String rootFolderId) {
    }

    List<Entry> entries(String connectionId);

    void forget(String connectionId, String path);
}
