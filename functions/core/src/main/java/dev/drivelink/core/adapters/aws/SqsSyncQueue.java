package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.sync.run.SyncQueue;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncRequests;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The sync queue on SQS FIFO: one message group per connection, deduplicated by request id. */
public final class SqsSyncQueue implements SyncQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(SyncRequest request) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalStateException("no sync queue configured (DRIVELINK_SYNC_QUEUE_URL)");
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SyncRequests.write(request))
                .messageGroupId(request.connectionId())
                .messageDeduplicationId(request.requestId()));
    }
}
