package dev.drivelink.workers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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
}
