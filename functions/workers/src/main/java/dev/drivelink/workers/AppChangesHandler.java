package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.drivelink.core.wiring.SyncIntakeFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** S3 notifications of the app files bucket (standard SQS) -> the core's app-change intake. */
@Named("app-changes")
public class AppChangesHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    SyncIntakeFeature intake;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsMessages.retry(intake.appChanges().process(SqsMessages.of(event)).retry());
    }
}
