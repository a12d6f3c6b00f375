package dev.drivelink.core.changes;

import java.time.Duration;

/**
 * How often a connection's Drive changes are read. {@code REALTIME} (the default until sync settings
 * exist) keeps a watch channel open and polls hourly as a backstop, since Google promises no delivery.
 */
public enum SyncFrequency {
    REALTIME,
    HOURLY,
    DAILY;

    /** Push notifications through a watch channel. */
    public boolean watches() {
        return this == REALTIME;
    }

    /** The longest a connection may go without a changes run before the backstop polls it. */
    public Duration backstop(Duration realtimeBackstop) {
        return switch (this) {
            case REALTIME -> realtimeBackstop;
            case HOURLY -> Duration.ofHours(1);
            case DAILY -> Duration.ofDays(1);
        };
    }
}
