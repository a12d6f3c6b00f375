package dev.drivelink.core.sync.engine;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the app side of a project, the host app's file store (a versioned S3 bucket, layout
 * {@code {prefix}{projectId}/{path}}). Paths are relative to the project. Nothing here deletes for
 * good: a delete leaves a delete marker, an overwrite a new version.
 */
public interface AppFiles {

    /** Metadata key naming the key drivelink wrote an object to (S3 events of such objects do not echo). */
    String WRITTEN_FOR_KEY = "drivelink-key";
    /** Metadata key with the hex MD5 of the content drivelink wrote. */
    String MD5 = "drivelink-md5";

    /**
     * One current object.
     *
     * @param md5            hex MD5 of the content: drivelink's metadata, or the ETag of a single-part
     *                       upload; null when neither tells it (a multipart upload: compute it once)
     * @param writtenForKey  the key drivelink's metadata names, or null (a user's object)
     */
    record AppFile(String path, String versionId, String etag, String md5, long size, Instant modified,
                   String contentType, String writtenForKey) {
    }

    /** Every current object of the project (delete markers and old versions left out). */
    List<AppFile> list(String projectId);

    /** The current object at {@code path}, if any. */
    Optional<AppFile> head(String projectId, String path);

    /** The content of one version ({@code versionId} null: the current one), streamed; the caller closes it. */
    InputStream get(String projectId, String path, String versionId);

    /**
     * Writes {@code size} bytes from {@code content} to {@code path}, marked as written by drivelink for
     * that key, only if the object there is still the one expected: {@code expectedEtag} null means
     * "no object there" (If-None-Match *), else If-Match on that ETag. The bytes are verified against
     * {@code md5} while they stream; on a mismatch the written version is removed and
     * {@link ContentMismatch} thrown.
     *
     * @throws PreconditionFailed the object there is not the expected one (someone wrote meanwhile)
     */
    AppFile put(String projectId, String path, InputStream content, long size, String contentType, String md5,
                String expectedEtag);

    /**
     * A versioned delete (a delete marker; every version stays recoverable) of {@code path}, only while
     * its current version is {@code expectedVersionId}. The check and the delete are two requests (S3 has
     * no conditional delete on general purpose buckets here): a write in between is hidden by the marker
     * but stays recoverable as a version.
     *
     * @throws PreconditionFailed the current version is another one
     */
    void delete(String projectId, String path, String expectedVersionId);

    /**
     * Server-side copy of {@code fromPath@fromVersionId} to {@code toPath} (If-None-Match: nothing may be
     * there), marked as written by drivelink for {@code toPath}.
     *
     * @throws PreconditionFailed an object exists at {@code toPath}
     */
    AppFile copy(String projectId, String fromPath, String fromVersionId, String toPath, String md5);

    /** The object is not the one the caller expected. */
    final class PreconditionFailed extends RuntimeException {
        public PreconditionFailed(String message) {
            super(message);
        }
    }

    /** The bytes written are not the ones announced (the source changed while it was read). */
    final class ContentMismatch extends RuntimeException {
        public ContentMismatch(String message) {
            super(message);
        }
    }
}
