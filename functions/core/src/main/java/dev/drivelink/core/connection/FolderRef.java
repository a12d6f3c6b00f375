package dev.drivelink.core.connection;

/**
 * A Drive folder as we show it: its id, its name and the link a person can open. A connection's root
 * folder also carries its {@link RootFolderState} (change detection sets it when Drive says the folder
 * was trashed or is gone); other folder references have none.
 */
public record FolderRef(String id, String name, String link, RootFolderState state) {

    /** A folder reference without a health state (not a connection's root, or not checked). */
    public FolderRef(String id, String name, String link) {
        this(id, name, link, null);
    }

    /** Uploads can go into it: not known to be trashed or gone. */
    public boolean usable() {
        return state == null || state == RootFolderState.OK;
    }

    public FolderRef withState(RootFolderState newState) {
        return new FolderRef(id, name, link, newState);
    }
}
