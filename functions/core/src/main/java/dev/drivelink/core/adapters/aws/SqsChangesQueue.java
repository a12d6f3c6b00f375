package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.changes.ChangesMessages;
import dev.drivelink.core.changes.ChangesQueue;
import dev.drivelink.core.changes.ChangesRequest;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The FIFO changes queue: message group = connection (one connection in order, never twice at once), the
 * deduplication id chosen by the sender (a burst of notifications shares one). Its dead-letter queue is
 * FIFO too; dead letters carry their reason as message attributes.
 */
public final class SqsChangesQueue implements ChangesQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public SqsChangesQueue(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void send(ChangesRequest request, String deduplicationId) {
        if (queueUrl == null) {
            throw new IllegalStateException("no changes queue configured (DRIVELINK_CHANGES_QUEUE_URL)");
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ChangesMessages.write(request))
                .messageGroupId(request.connectionId()).messageDeduplicationId(deduplicationId));
    }

    @Override
    public void deadLetter(String body, String reason, String originalMessageId, String connectionId) {
        new SqsDeadLetters(sqs, deadLetterQueueUrl).deadLetter(body, reason, originalMessageId,
                connectionId == null ? "unusable" : connectionId);
    }

    @Override
    public void retryLater(String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle)
                .visibilityTimeout((int) Math.min(delay.toSeconds(), 43_200)));
    }
}
