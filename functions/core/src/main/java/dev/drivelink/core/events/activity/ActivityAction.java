package dev.drivelink.core.events.activity;

import java.util.Arrays;
import java.util.Optional;

/** What an activity record is about. The wire name is what the API shows and filters on. */
public enum ActivityAction {
    UPLOAD("upload"),
    DOWNLOAD("download"),
    DELETE("delete"),
    MOVE("move"),
    CREATE_FOLDER("create_folder"),
    IMPORT("import"),
    CONFLICT("conflict"),
    CONFLICT_RESOLVED("conflict_resolved"),
    WEBHOOK_RECEIVED("webhook_received"),
    SYNC_PAUSED("sync_paused"),
    SYNC_RESUMED("sync_resumed"),
    CONNECTION_CONNECTED("connection_connected"),
    CONNECTION_RECOVERED("connection_recovered"),
    CONNECTION_ERROR("connection_error"),
    CONNECTION_REVOKED("connection_revoked");

    private final String wire;

    ActivityAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ActivityAction> fromWire(String name) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(name)).findFirst();
    }
}
