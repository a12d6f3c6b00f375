package dev.drivelink.core.connection;

/** A Drive folder as we show it: its id, its name and the link a person can open. */
public record FolderRef(String id, String name, String link) {
}
