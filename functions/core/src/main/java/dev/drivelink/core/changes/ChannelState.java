package dev.drivelink.core.changes;

/** Where a watch channel stands. */
public enum ChannelState {
    /** Stored, changes.watch not answered yet: notifications for it are acknowledged and do nothing. */
    PENDING,
    /** Google confirmed it: notifications that pass every check queue work. */
    ACTIVE,
    /** Stopped (revoke, renewal, frequency change) or never opened: notifications do nothing. */
    STOPPED
}
