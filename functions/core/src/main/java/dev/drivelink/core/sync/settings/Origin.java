package dev.drivelink.core.sync.settings;

/** Where an effective setting came from. */
public enum Origin implements WireName {
    DEFAULT("default"),
    /** The connection's global settings. */
    GLOBAL("global"),
    /** The user's override for the project. */
    PROJECT("project");

    private final String wire;

    Origin(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
