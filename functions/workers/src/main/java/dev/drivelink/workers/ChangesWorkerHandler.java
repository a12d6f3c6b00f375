package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.drivelink.core.changes.ChangesBatch;
import dev.drivelink.core.wiring.ChangesFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** FIFO changes queue batch -> the core's changes batch; failures reported per message (and the rest of their group). */
@Named("changes-worker")
public class ChangesWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    ChangesFeature changes;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Instant deadline = Instant.now().plus(Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<ChangesBatch.Message> messages = event.getRecords().stream()
                .map(r -> new ChangesBatch.Message(r.getMessageId(), r.getBody(), r.getReceiptHandle(),
                        SqsMessages.receiveCount(r)))
                .toList();
        return SqsMessages.retry(changes.batch().process(messages, deadline));
    }
}
