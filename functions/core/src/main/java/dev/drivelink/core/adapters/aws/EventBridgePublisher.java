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
            var entry = PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(SOURCE)
                    .detailType(detailType)
                    .resources("drivelink:" + resource)
                    .detail(json.writeValueAsString(detail))
                    .build();
            var response = events.putEvents(r -> r.entries(entry));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                LOG.warnf("%s: event %s not published: %s", resource, detailType, response.entries().get(0).errorCode());
            }
        } catch (Exception e) {
            LOG.warnf("%s: event %s not published: %s", resource, detailType, e.toString());
        }
    }
}
