package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.drivelink.core.upload.UploadBatch;
import dev.drivelink.core.wiring.UploadsFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** SQS batch of upload requests -> the core's upload batch; failures reported per message. */
@Named("upload-worker")
public class UploadWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    UploadsFeature uploads;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Instant deadline = Instant.now().plus(Duration.ofMillis(context.getRemainingTimeInMillis()));
        List<UploadBatch.Message> messages = event.getRecords().stream()
                .map(r -> new UploadBatch.Message(r.getMessageId(), r.getBody(), SqsMessages.receiveCount(r)))
                .toList();
        return SqsMessages.retry(uploads.batch().process(messages, deadline));
    }
}
