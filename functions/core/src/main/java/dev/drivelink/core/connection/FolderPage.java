package dev.drivelink.core.connection;

import java.util.List;

/** One page of the folders directly inside {@code parent}, by name; {@code nextPageToken} null on the last page. */
public record FolderPage(FolderRef parent, List<FolderRef> folders, String nextPageToken) {

    public FolderPage {
        folders = List.copyOf(folders);
    }
}
