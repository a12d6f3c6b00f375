package dev.drivelink.core.changes;

import java.time.Duration;

/** Port: the FIFO changes queue (message group = connection) and its dead-letter queue. */
public interface ChangesQueue {

    /** Sends unless a message with the same {@code deduplicationId} was sent within SQS's 5-minute window. */
    void send(ChangesRequest request, String deduplicationId);

    /** Puts an unusable message on the dead-letter queue with its reason. */
    void deadLetter(String body, String reason, String originalMessageId, String connectionId);

    /** A failed message comes back after {@code delay} instead of the queue's visibility timeout. */
    void retryLater(String receiptHandle, Duration delay);
}
