package dev.drivelink.core.sync.settings;

import java.time.Duration;

/**
 * How soon changes are picked up: push notifications through a watch channel (realtime; polled hourly
 * as a backstop too, since Google promises no delivery) or the polling schedule.
 */
public enum SyncFrequency implements WireName {
    REALTIME("realtime"),
    HOURLY("hourly"),
    DAILY("daily");

    private final String wire;

    SyncFrequency(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

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
