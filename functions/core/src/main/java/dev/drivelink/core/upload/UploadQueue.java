package dev.drivelink.core.upload;

/** Port: the upload queue and its dead-letter queue. */
public interface UploadQueue {

    void enqueue(UploadRequest request);

    /** Puts a message that can never succeed on the dead-letter queue, with why. */
    void deadLetter(String body, String reason, String originalMessageId);
}
