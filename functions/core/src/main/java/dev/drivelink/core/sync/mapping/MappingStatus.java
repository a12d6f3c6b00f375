package dev.drivelink.core.sync.mapping;

import java.util.Arrays;
import java.util.Optional;

/** Where a mapped path stands. */
public enum MappingStatus {
    /** Both sides are as the base says. */
    SYNCED("synced"),
    /** The app side changed and Drive has not got it yet (recorded before the upload starts). */
    PENDING_UPLOAD("pending_upload"),
    /** Drive changed and the app side has not got it yet (recorded before the download starts). */
    PENDING_DOWNLOAD("pending_download"),
    /** A manual conflict waits for the user; later runs leave the path alone until it is resolved. */
    CONFLICT("conflict"),
    /** The last action on the path failed for a reason that will not pass by itself. */
    ERROR("error");

    private final String wire;

    MappingStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MappingStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst();
    }
}
