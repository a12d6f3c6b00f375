package dev.drivelink.core.sync.plan;

import java.util.Objects;

/**
 * The file-mapping record of one path: the state both sides had after the last successful sync.
 *
 * <p>{@code app} and {@code drive} are each side's last agreed state; they normally carry the same
 * MD5. In the one-way modes they may differ ("agree to differ": a conflict settled without copying,
 * see SYNC.md). Both are null only for a parked conflict between two files created at the same path.
 *
 * @param path     the app-side path (relative to the project); the key
 * @param imported the file was picked for {@code selective_sync}
 * @param conflict non-null while the path waits for a manual resolution (status {@code conflict})
 */
public record BaseEntry(String path, AppSide app, DriveSide drive, boolean imported, ConflictRecord conflict) {
    public BaseEntry {
        Objects.requireNonNull(path, "path");
        if ((app == null || drive == null) && conflict == null) {
            throw new IllegalArgumentException("a synced base entry has both sides: " + path);
        }
    }

    public static BaseEntry synced(String path, AppSide app, DriveSide drive, boolean imported) {
        return new BaseEntry(path, app, drive, imported, null);
    }

    public boolean inConflict() {
        return conflict != null;
    }

    /** The status the mapping shows: {@code synced} or {@code conflict}. */
    public String status() {
        return conflict == null ? "synced" : "conflict";
    }

    BaseEntry withConflict(ConflictRecord record) {
        return new BaseEntry(path, app, drive, imported, record);
    }
}
