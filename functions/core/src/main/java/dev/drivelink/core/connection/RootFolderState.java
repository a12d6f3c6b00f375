package dev.drivelink.core.connection;

/** What Drive last told us about a connection's root folder. */
public enum RootFolderState {
    /** Usable, as far as we know. */
    OK,
    /** In the user's trash: restoring it in Drive makes it OK again. */
    TRASHED,
    /** Deleted, or no longer visible to this app: the user must choose a folder again. */
    MISSING;

    /** Why uploads cannot use the root folder in this state (empty when they can). */
    public java.util.Optional<String> uploadRefusal() {
        return switch (this) {
            case OK -> java.util.Optional.empty();
            case TRASHED -> java.util.Optional.of("the connection's root folder is in the Drive trash: restore it in"
                    + " Google Drive or choose another folder (PATCH /drive/connections/{id}/folder), then upload again");
            case MISSING -> java.util.Optional.of("the connection's root folder was deleted or this app can no longer see"
                    + " it: choose a folder again (PATCH /drive/connections/{id}/folder), then upload again");
        };
    }
}
