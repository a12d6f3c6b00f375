package dev.drivelink.core.sync.plan;

import java.util.Objects;

/**
 * One picked Drive file to import ({@code POST /drive/projects/{projectId}/imports}).
 *
 * @param targetPath app-side path; null means {@code from-drive/<file name>}
 */
public record ImportRequest(String fileId, String targetPath) {
    public ImportRequest {
        Objects.requireNonNull(fileId, "fileId");
    }
}
