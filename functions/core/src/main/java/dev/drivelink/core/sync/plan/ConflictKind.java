package dev.drivelink.core.sync.plan;

/** Why a path is in conflict. */
public enum ConflictKind {
    /** Both sides changed the content of a synced file differently. */
    CONTENT,
    /** Both sides created a file at the same path with different content. */
    CREATED,
    /** Both sides moved a synced file, to different places. */
    MOVED
}
