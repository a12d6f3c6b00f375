package dev.drivelink.core.adapters.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.events.EventPublisher;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** Publishes to an EventBridge bus with source {@code drivelink}. */
public final class EventBridgePublisher implements EventPublisher {

    public static final String SOURCE = "drivelink";
    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class);

    private final EventBridgeClient events;
    private final String busName;
    private final ObjectMapper json = new ObjectMapper();

    public EventBridgePublisher(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(String detailType, String resource, Map<String, Object> detail) {
        try {
            publishRequired(detailType, resource, detail);
        } catch (RuntimeException e) {
            LOG.warnf("%s: event %s not published: %s", resource, detailType, e.toString());
        }
    }

    @Override
    public void publishRequired(String detailType, String resource, Map<String, Object> detail) {
        String json;
        try {
            json = this.json.writeValueAsString(detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event detail is not JSON: " + e.getMessage(), e);
        }
        var entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(detailType)
                .resources("drivelink:" + resource)
                .detail(json)
                .build();
        var response = events.putEvents(r -> r.entries(entry));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused " + detailType + ": "
                    + response.entries().get(0).errorCode() + " " + response.entries().get(0).errorMessage());
        }
    }
}
