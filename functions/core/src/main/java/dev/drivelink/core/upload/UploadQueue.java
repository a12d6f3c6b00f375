package dev.drivelink.core.upload;

/** Port: the upload queue and its dead-letter queue. */
public interface UploadQueue {

    /** @throws QueueUnavailable when the message could not be sent */
    void enqueue(UploadRequest request);

    /** The queue did not take the message; nothing was sent. */
    final class QueueUnavailable extends RuntimeException {
        public QueueUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Puts a message that can never succeed on the dead-letter queue, with why. */
    void deadLetter(String body, String reason, String originalMessageId);
}
