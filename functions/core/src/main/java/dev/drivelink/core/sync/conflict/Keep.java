package dev.drivelink.core.sync.conflict;

import java.util.Arrays;
import java.util.Optional;

/** The user's choice for a conflict; applied as the policies of SYNC-RULES.md, once. */
public enum Keep {
    /** As {@code app_wins}: the app's content becomes a new revision of the Drive file. */
    APP("app"),
    /** As {@code drive_wins}: Drive's content is written to the app side (S3 keeps the old version). */
    DRIVE("drive"),
    /** As {@code keep_both}: the newer keeps the name, the other becomes a conflict copy on both sides. */
    BOTH("both");

    private final String wire;

    Keep(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Keep> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(name)).findFirst();
    }
}
