package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.upload.UploadMessages;
import dev.drivelink.core.upload.UploadQueue;
import dev.drivelink.core.upload.UploadRequest;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The upload queue on SQS. Dead letters carry their reason as message attributes. */
public final class SqsUploadQueue implements UploadQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public SqsUploadQueue(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void enqueue(UploadRequest request) {
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(UploadMessages.write(request)));
        } catch (SdkException e) {
            throw new QueueUnavailable("the upload queue did not take the message: " + e.getMessage(), e);
        }
    }

    @Override
    public void deadLetter(String body, String reason, String originalMessageId) {
        String reasonText = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody(body == null || body.isEmpty() ? "(empty)" : body)
                .messageAttributes(Map.of(
                        "drivelink-reason", MessageAttributeValue.builder().dataType("String").stringValue(reasonText).build(),
                        "drivelink-original-message-id", MessageAttributeValue.builder().dataType("String")
                                .stringValue(originalMessageId == null ? "unknown" : originalMessageId).build())));
    }
}
