package dev.drivelink.core.adapters.aws;

import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** How a dead letter carries its reason: message attributes {@code drivelink-reason} and the original id. */
final class DeadLetterMessages {

    static final String REASON = "drivelink-reason";
    static final String ORIGINAL_MESSAGE_ID = "drivelink-original-message-id";

    private DeadLetterMessages() {
    }

    static Map<String, MessageAttributeValue> attributes(String reason, String originalMessageId) {
        String reasonText = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        return Map.of(
                REASON, MessageAttributeValue.builder().dataType("String").stringValue(reasonText).build(),
                ORIGINAL_MESSAGE_ID, MessageAttributeValue.builder().dataType("String")
                        .stringValue(originalMessageId == null ? "unknown" : originalMessageId).build());
    }

    static String body(String body) {
        return body == null || body.isEmpty() ? "(empty)" : body;
    }
}
