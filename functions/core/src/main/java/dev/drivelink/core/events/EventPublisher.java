package dev.drivelink.core.events;

import java.util.Map;

/** Port: tells the host app that something happened. Best effort: a failure is logged, never thrown. */
public interface EventPublisher {

    /** @param detail plain values (strings, numbers, maps, lists); never a token */
    void publish(String detailType, String resource, Map<String, Object> detail);

    EventPublisher NONE = (detailType, resource, detail) -> { };
}
