package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.upload.UploadMessages;
import dev.drivelink.core.upload.UploadQueue;
import dev.drivelink.core.upload.UploadRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

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
        new SqsDeadLetters(sqs, deadLetterQueueUrl).deadLetter(body, reason, originalMessageId, null);
    }
}
