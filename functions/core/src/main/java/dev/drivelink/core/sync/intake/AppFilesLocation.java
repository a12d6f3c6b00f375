package dev.drivelink.core.sync.intake;

import dev.drivelink.core.sync.project.ProjectIds;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the host app keeps its files: {@code s3://{bucket}/{prefix}{projectId}/{relative path}}.
 *
 * @param bucket the app files bucket
 * @param prefix the key prefix before the project id (may be empty; otherwise it ends in {@code /})
 */
public record AppFilesLocation(String bucket, String prefix) {

    /** One app file: which project, and its path inside the project. */
    public record AppPath(String projectId, String path) {
    }

    public AppFilesLocation {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the app files prefix must end in '/': " + prefix);
        }
    }

    /**
     * The project and path a key names; empty for keys outside the layout: outside the prefix, no valid
     * project id, nothing after the project, or a "folder" key ending in {@code /}.
     */
    public Optional<AppPath> locate(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.endsWith("/")) {
            return Optional.empty();
        }
        String projectId = rest.substring(0, slash);
        if (!ProjectIds.isValid(projectId)) {
            return Optional.empty();
        }
        return Optional.of(new AppPath(projectId, rest.substring(slash + 1)));
    }
}
