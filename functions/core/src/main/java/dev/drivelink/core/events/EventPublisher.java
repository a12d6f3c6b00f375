package dev.drivelink.core.events;

import java.util.Map;

/** Port: tells the host app that something happened. Best effort: a failure is logged, never thrown. */
public interface EventPublisher {

    /** @param detail plain values (strings, numbers, maps, lists); never a token */
    void publish(String detailType, String resource, Map<String, Object> detail);

    /**
     * Publishes, or throws when the event could not be published: for events that are a hand-on (the
     * caller retries), not a courtesy.
     */
    default void publishRequired(String detailType, String resource, Map<String, Object> detail) {
        publish(detailType, resource, detail);
    }

    EventPublisher NONE = (detailType, resource, detail) -> { };
}
