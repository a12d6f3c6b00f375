package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.sync.intake.DeadLetters;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A dead-letter queue on SQS: the message as it came, its reason in the {@code drivelink-reason}
 * attribute and its id in {@code drivelink-original-message-id} (as the upload worker's). On a FIFO
 * queue the message keeps its group and is deduplicated by its original id.
 */
public final class SqsDeadLetters implements DeadLetters {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void deadLetter(String body, String reason, String originalMessageId, String group) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalStateException("no dead-letter queue configured");
        }
        boolean fifo = queueUrl.endsWith(".fifo");
        // FIFO: deduplicated by the original id (a redelivered message is dead-lettered once), else unique
        String deduplication = originalMessageId == null ? UUID.randomUUID().toString() : originalMessageId;
        sqs.sendMessage(r -> {
            r.queueUrl(queueUrl).messageBody(DeadLetterMessages.body(body))
                    .messageAttributes(DeadLetterMessages.attributes(reason, originalMessageId));
            if (fifo) {
                r.messageGroupId(group == null || group.isBlank() ? "dead-letters" : group)
                        .messageDeduplicationId(deduplication.length() > 128 ? deduplication.substring(0, 128) : deduplication);
            }
        });
    }
}
