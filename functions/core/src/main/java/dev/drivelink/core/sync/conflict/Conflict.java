package dev.drivelink.core.sync.conflict;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A manual conflict on one path of one project on one connection: both sides changed differently
 * and the policy is {@code manual}. {@code version} is the stored version (a new conflict is stored at 1).
 */
public record Conflict(String id, String connectionId, String projectId, String userId, String path,
                       String driveFileId, ConflictSide app, ConflictSide drive, ConflictState state, Keep keep,
                       Instant detectedAt, Instant resolvedAt, Instant appliedAt, long version) {

    private static final Pattern ID = Pattern.compile("cf_[0-9a-f]{32}");

    public static String newId() {
        return "cf_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static boolean looksValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A new OPEN conflict. */
    public static Conflict open(String connectionId, String projectId, String userId, String path, String driveFileId,
                                ConflictSide app, ConflictSide drive, Instant now) {
        return new Conflict(newId(), connectionId, projectId, userId, path, driveFileId, app, drive, ConflictState.OPEN,
                null, now, null, null, 1);
    }

    Conflict chosen(Keep choice, Instant now) {
        return new Conflict(id, connectionId, projectId, userId, path, driveFileId, app, drive, ConflictState.RESOLVING,
                choice, detectedAt, now, null, version + 1);
    }

    Conflict applied(Instant now) {
        return new Conflict(id, connectionId, projectId, userId, path, driveFileId, app, drive, ConflictState.RESOLVED,
                keep, detectedAt, resolvedAt, now, version + 1);
    }

    Conflict reopened() {
        return new Conflict(id, connectionId, projectId, userId, path, driveFileId, app, drive, ConflictState.OPEN,
                null, detectedAt, null, null, version + 1);
    }

    /** As the API shows it. */
    public ConflictView view() {
        return new ConflictView(id, projectId, connectionId, path, driveFileId, state.wire(),
                keep == null ? null : keep.wire(), detectedAt, resolvedAt, app, drive);
    }

    /** {@code GET /drive/projects/{projectId}/conflicts} items. */
    public record ConflictView(String id, String projectId, String connectionId, String path, String driveFileId,
                               String state, String keep, Instant detectedAt, Instant resolvedAt, ConflictSide app,
                               ConflictSide drive) {
    }
}
