package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.drivelink.core.wiring.SyncIntakeFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;

/** A batch of the FIFO sync queue -> the sync engine, in order; failures reported per message. */
@Named("sync-worker")
public class SyncWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    SyncIntakeFeature intake;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Instant deadline = Instant.now().plus(Duration.ofMillis(context.getRemainingTimeInMillis()));
        return SqsMessages.retry(intake.syncBatch().process(SqsMessages.of(event), deadline).retry());
    }
}
