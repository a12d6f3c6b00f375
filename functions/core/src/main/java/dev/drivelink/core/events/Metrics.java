package dev.drivelink.core.events;

import java.util.Map;

/**
 * Port: drivelink's own CloudWatch metrics (the alarms in template.yaml read them). One call counts one
 * occurrence; {@code dimensions} (name to value, at most a few, low cardinality) split the metric.
 */
public interface Metrics {

    /** Metrics that go nowhere (no namespace configured). */
    Metrics NONE = (metric, dimensions) -> { };

    void count(String metric, Map<String, String> dimensions);

    default void count(String metric) {
        count(metric, Map.of());
    }
}
