package dev.drivelink.workers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An EventBridge scheduled event. Our own record because Quarkus reads events with its own mapper and
 * the SDK class loses {@code detail-type}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String time,
        String region,
        List<String> resources) {

    /**
     * The time the rule fired (the event's {@code time}), or now when the event has none or it is in
     * the past: a sweep judges what is due by its firing, and a late delivery never looks back.
     */
    static Instant firedAt(ScheduledEvent event) {
        Instant now = Instant.now();
        if (event == null || event.time() == null) {
            return now;
        }
        try {
            Instant fired = Instant.parse(event.time());
            return fired.isAfter(now) ? fired : now;
        } catch (DateTimeParseException e) {
            return now;
        }
    }
}
