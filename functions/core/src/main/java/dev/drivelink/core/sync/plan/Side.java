package dev.drivelink.core.sync.plan;

/** The two sides of a sync; also names where a conflict copy came from. */
public enum Side {
    APP("app"),
    DRIVE("Drive");

    private final String label;

    Side(String label) {
        this.label = label;
    }

    /** As written in conflict copy names: {@code from app}, {@code from Drive}. */
    public String label() {
        return label;
    }
}
