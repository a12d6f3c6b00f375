package dev.drivelink.core.upload;

public enum UploadStatus {
    /** Accepted, waiting for the worker. */
    QUEUED,
    /** Bytes are flowing into Drive. */
    UPLOADING,
    /** The file is in Drive, size and md5 verified. */
    DONE,
    /** Will not be retried; {@code error} says why in words a person can act on. */
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
