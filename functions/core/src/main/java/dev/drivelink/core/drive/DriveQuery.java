package dev.drivelink.core.drive;

/** Builds {@code q} strings for {@code files.list}. The one place that quotes values for Drive. */
public final class DriveQuery {

    private DriveQuery() {
    }

    /** Drive query strings quote with ' and escape ' and \ with a backslash. */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    public static String childFolder(String parentId, String name) {
        return "name = " + quote(name) + " and " + quote(parentId) + " in parents and mimeType = '"
                + DriveFile.FOLDER_MIME_TYPE + "' and trashed = false";
    }

    /** The folders directly inside {@code parentId}, not trashed. */
    public static String childFolders(String parentId) {
        return quote(parentId) + " in parents and mimeType = '" + DriveFile.FOLDER_MIME_TYPE + "' and trashed = false";
    }

    public static String children(String parentId) {
        return quote(parentId) + " in parents and trashed = false";
    }
}
