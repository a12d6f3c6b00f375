package dev.drivelink.core.sync.engine;

import java.time.Instant;
import java.util.List;

/**
 * Port: Drive files a user picked for a project ({@code POST /drive/projects/{p}/imports}), waiting for
 * the sync worker. One record per (connection, project, file); the worker removes it once the import is
 * applied or refused for good.
 */
public interface PendingImports {

    /**
     * @param targetFolder the project folder the file goes to (null: {@code from-drive/})
     */
    record PendingImport(String connectionId, String projectId, String userId, String fileId, String targetFolder,
                         Instant requestedAt) {
    }

    /** Adds (or replaces) the records. */
    void add(List<PendingImport> imports);

    /** The project's pending imports on the connection, oldest first. */
    List<PendingImport> list(String connectionId, String projectId);

    void remove(PendingImport done);
}
