package dev.drivelink.core.sync.conflict;

/** A conflict's life: recorded, the user chose, the worker applied the choice. */
public enum ConflictState {
    /** Waiting for the user. */
    OPEN("open"),
    /** The user chose; the next sync of the project applies it. */
    RESOLVING("resolving"),
    /** Applied. */
    RESOLVED("resolved");

    private final String wire;

    ConflictState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
