package dev.drivelink.core.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** Port: tells the host app about connection status changes. Publishing is best effort. */
public interface ConnectionEvents {

    void publish(ConnectionEvent event);

    ConnectionEvents NONE = event -> { };

    /** Connection events as {@code detail {connectionId, userId, googleEmail, status, reason, at}}. */
    static ConnectionEvents via(EventPublisher publisher) {
        return event -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("connectionId", event.connectionId());
            detail.put("userId", event.userId());
            detail.put("googleEmail", event.googleEmail());
            detail.put("status", event.status());
            detail.put("reason", event.reason());
            detail.put("at", event.at().toString());
            publisher.publish(event.type().detailType(), "connection:" + event.connectionId(), detail);
        };
    }
}
