package dev.drivelink.core.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes connection events to an EventBridge bus: source {@code drivelink}, detail-type per event
 * type, detail {@code {connectionId, userId, googleEmail, status, reason, at}}. A failure to publish
 * is logged, never thrown: the status change itself is already stored.
 */
public final class EventBridgeConnectionEvents implements ConnectionEvents {

    public static final String SOURCE = "drivelink";
    private static final Logger LOG = Logger.getLogger(EventBridgeConnectionEvents.class);

    private final EventBridgeClient events;
    private final String busName;
    private final ObjectMapper json = new ObjectMapper();

    public EventBridgeConnectionEvents(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(ConnectionEvent event) {
        try {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("connectionId", event.connectionId());
            detail.put("userId", event.userId());
            detail.put("googleEmail", event.googleEmail());
            detail.put("status", event.status());
            detail.put("reason", event.reason());
            detail.put("at", event.at().toString());
            var entry = PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(SOURCE)
                    .detailType(event.type().detailType())
                    .resources("drivelink:connection:" + event.connectionId())
                    .detail(json.writeValueAsString(detail))
                    .build();
            var response = events.putEvents(r -> r.entries(entry));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                LOG.warnf("connection %s: event %s not published: %s", event.connectionId(), event.type(),
                        response.entries().get(0).errorCode());
            }
        } catch (Exception e) {
            LOG.warnf("connection %s: event %s not published: %s", event.connectionId(), event.type(), e.toString());
        }
    }
}
