package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.drivelink.core.sync.intake.QueueMessage;
import java.util.List;

/** SQS events in, partial batch failures out. */
final class SqsMessages {

    private SqsMessages() {
    }

    static List<QueueMessage> of(SQSEvent event) {
        return event.getRecords().stream().map(r -> new QueueMessage(r.getMessageId(), r.getBody(), receiveCount(r),
                r.getAttributes() == null ? null : r.getAttributes().get("MessageGroupId"))).toList();
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }

    static SQSBatchResponse retry(List<String> messageIds) {
        return SQSBatchResponse.builder()
                .withBatchItemFailures(messageIds.stream().map(SQSBatchResponse.BatchItemFailure::new).toList())
                .build();
    }
}
