package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/** What the SQS handlers read off a record besides its body. */
final class SqsRecords {

    private SqsRecords() {
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
