package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.sync.intake.DeadLetters;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

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
        String reasonText = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        String original = originalMessageId == null ? "unknown" : originalMessageId;
        boolean fifo = queueUrl.endsWith(".fifo");
        sqs.sendMessage(r -> {
            r.queueUrl(queueUrl).messageBody(body == null || body.isEmpty() ? "(empty)" : body)
                    .messageAttributes(Map.of(
                            "drivelink-reason", MessageAttributeValue.builder().dataType("String").stringValue(reasonText).build(),
                            "drivelink-original-message-id", MessageAttributeValue.builder().dataType("String")
                                    .stringValue(original).build()));
            if (fifo) {
                r.messageGroupId(group == null || group.isBlank() ? "dead-letters" : group)
                        .messageDeduplicationId(original.length() > 128 ? original.substring(0, 128) : original);
            }
        });
    }
}
