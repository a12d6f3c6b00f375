package dev.drivelink.core.events.activity;

import java.util.Arrays;
import java.util.Optional;

/** How an action ended: the activity record's {@code status}. */
public enum ActivityOutcome {
    SUCCESS("success"),
    FAILED("failed"),
    /** Nothing to do, or deliberately left alone (a filter, the mode, an echo of our own write). */
    SKIPPED("skipped");

    private final String wire;

    ActivityOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ActivityOutcome> fromWire(String name) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(name)).findFirst();
    }
}
