package dev.drivelink.core.upload;

import java.time.Instant;
import java.util.Optional;

/** Port: which Drive folder a path under a connection's root is, so each path is created once. */
public interface FolderPathRepository {

    /** @param folderId null while someone is creating it; {@code leaseUntil} then says until when they may */
    record Entry(String path, String folderId, String rootFolderId, Instant leaseUntil) {
        public boolean ready() {
            return folderId != null;
        }
    }

    Optional<Entry> find(String connectionId, String path);

    /** Claims the creation of {@code path} if nobody has it (or their claim ran out). */
    boolean claim(String connectionId, String path, String rootFolderId, Instant now, Instant until);

    void ready(String connectionId, String path, String rootFolderId, String folderId);

    /** Forgets a path whose folder no longer exists in Drive. */
    void forget(String connectionId, String path);
}
