package dev.drivelink.core.drive;

/** A file or folder in Drive, as far as drivelink needs to know it. */
public record DriveItem(String id, String name, String mimeType, boolean trashed, String webViewLink) {

    public static final String FOLDER_MIME_TYPE = "application/vnd.google-apps.folder";

    public boolean isFolder() {
        return FOLDER_MIME_TYPE.equals(mimeType);
    }
}
