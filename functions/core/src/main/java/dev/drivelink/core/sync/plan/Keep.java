package dev.drivelink.core.sync.plan;

import java.util.Locale;

/** The user's answer to a manual conflict ({@code POST .../conflicts/{id}/resolve {"keep": ...}}). */
public enum Keep {
    APP(ConflictPolicy.APP_WINS),
    DRIVE(ConflictPolicy.DRIVE_WINS),
    BOTH(ConflictPolicy.KEEP_BOTH);

    private final ConflictPolicy acts;

    Keep(ConflictPolicy acts) {
        this.acts = acts;
    }

    /** The policy this answer applies, once. */
    public ConflictPolicy policy() {
        return acts;
    }

    public static Keep fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
