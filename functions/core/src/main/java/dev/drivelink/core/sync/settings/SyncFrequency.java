package dev.drivelink.core.sync.settings;

/** How soon changes are picked up: push notifications (realtime) or the polling schedule. */
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
}
