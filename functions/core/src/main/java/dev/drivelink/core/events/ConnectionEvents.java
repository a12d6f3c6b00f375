package dev.drivelink.core.events;

/** Port: tells the host app about connection status changes. Publishing is best effort. */
public interface ConnectionEvents {

    void publish(ConnectionEvent event);

    ConnectionEvents NONE = event -> { };
}
