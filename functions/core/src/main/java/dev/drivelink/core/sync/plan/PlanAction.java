package dev.drivelink.core.sync.plan;

import java.util.Objects;

/**
 * One step of a {@link Plan}. Every action is idempotent and carries its precondition, so a plan
 * applied twice (a crashed run retried) changes nothing twice, and a concurrent edit between
 * planning and applying is skipped, never overwritten (the next run sees it).
 *
 * <p>{@code group} ties together the actions of one file: apply a group's base actions
 * ({@link SetBase}, {@link DropBase}, {@link RecordConflict}) only when every side action of the
 * group succeeded or was found already done; a skipped precondition leaves the base as it was.
 *
 * <p>Order: the plan lists all moves first (they only ever target free or fresh paths), then each
 * group's writes and deletes followed by its base actions, a group that gives a Drive file up before
 * the one that maps it at its new path (the store keeps one path per Drive file; of files that swapped
 * paths, one path's {@link DropBase} comes first). Apply in that order.
 */
public sealed interface PlanAction {
    int group();

    /** Deletes something on a side (counted by the mass-delete guard). */
    default boolean isDelete() {
        return this instanceof TrashOnDrive || this instanceof DeleteOnApp;
    }

    /** The mapping record this action puts ({@link SetBase}, {@link RecordConflict}); null for any other. */
    default BaseEntry putsEntry() {
        return this instanceof SetBase set ? set.entry() : this instanceof RecordConflict rc ? rc.entry() : null;
    }

    /** Touches a side (as opposed to the mapping records). */
    default boolean touchesSide() {
        return !(this instanceof SetBase || this instanceof DropBase || this instanceof RecordConflict);
    }

    /**
     * Create a Drive file at {@code path} (folders created as needed) with the content of the app
     * object version {@code sourcePath@sourceVersionId} (MD5 {@code md5}), using the generated id
     * {@code fileId}, and set {@code appProperties.drivelinkMd5 = md5}.
     * Done when a file with {@code fileId} exists.
     */
    record UploadNew(int group, String fileId, String path, String sourcePath, String sourceVersionId, String md5,
                     long size) implements PlanAction {
        public UploadNew {
            Objects.requireNonNull(fileId, "fileId");
        }

        UploadNew withFileId(String id) {
            return new UploadNew(group, id, path, sourcePath, sourceVersionId, md5, size);
        }
    }

    /**
     * Upload {@code sourcePath@sourceVersionId} as a new revision of {@code fileId} and set
     * {@code appProperties.drivelinkMd5 = md5}. Done when the file's MD5 is {@code md5}; skipped when it
     * is neither that nor {@code expectedMd5} (Drive changed meanwhile) or the file is gone.
     */
    record UploadRevision(int group, String fileId, String expectedMd5, String sourcePath, String sourceVersionId,
                          String md5, long size) implements PlanAction {
    }

    /**
     * Write the content of Drive file {@code fileId} (verified: MD5 {@code md5}) to the app object
     * {@code path}, marked as written by drivelink. Done when the object's MD5 is {@code md5}; skipped
     * when the object is not the one expected ({@code replacesMd5}, null = no object) or Drive's
     * content is no longer {@code md5}. S3 keeps the replaced version.
     */
    record Download(int group, String fileId, String md5, long size, String path, String replacesMd5)
            implements PlanAction {
    }

    /** Move Drive file {@code fileId} to the trash. Done when trashed; skipped when its MD5 changed. */
    record TrashOnDrive(int group, String fileId, String path, String expectedMd5) implements PlanAction {
    }

    /**
     * Delete the app object {@code path} in the versioned bucket (a delete marker; the version stays
     * recoverable). Done when no object is there; skipped when its MD5 is not {@code expectedMd5}.
     */
    record DeleteOnApp(int group, String path, String expectedVersionId, String expectedMd5) implements PlanAction {
    }

    /**
     * Rename/reparent Drive file {@code fileId} from {@code fromPath} to {@code toPath} (folders created
     * as needed). Done when it is at {@code toPath}; skipped when it is elsewhere or gone.
     */
    record MoveOnDrive(int group, String fileId, String fromPath, String toPath) implements PlanAction {
    }

    /**
     * While {@code fromPath} still holds {@code fromVersionId}: copy it to {@code toPath} (no object there,
     * or one with {@code md5} already), keeping drivelink's metadata pointed at the new key when the
     * source carried it for its own key, then delete {@code fromPath}. Done when {@code fromPath} no longer
     * holds that version (the group's later actions check their own preconditions); skipped when
     * {@code toPath} holds other content.
     */
    record MoveOnApp(int group, String fromPath, String fromVersionId, String md5, String toPath)
            implements PlanAction {
    }

    /** Put the mapping record {@code entry} (key: its path); fill null result fields from the writes. */
    record SetBase(int group, BaseEntry entry) implements PlanAction {
    }

    /** Remove the mapping record of {@code path}. */
    record DropBase(int group, String path) implements PlanAction {
    }

    /**
     * Put {@code entry}, which carries a {@link ConflictRecord}: the path waits for
     * {@link SyncPlanner#resolveConflict}. Publish {@code Drive Sync Conflict}.
     */
    record RecordConflict(int group, BaseEntry entry) implements PlanAction {
    }
}
