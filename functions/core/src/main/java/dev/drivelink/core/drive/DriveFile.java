package dev.drivelink.core.drive;

import java.time.Instant;
import java.util.List;

/**
 * A file or folder in Drive, as far as drivelink needs to know it: the one record for a Drive item,
 * whatever the call that returned it. Fields Drive did not send are null (lists empty).
 */
public record DriveFile(String id, String name, String mimeType, List<String> parents, Long size, String md5Checksum,
                        Long version, Instant modifiedTime, boolean trashed, String webViewLink) {

    public static final String FOLDER_MIME_TYPE = "application/vnd.google-apps.folder";

    public DriveFile {
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    public boolean isFolder() {
        return FOLDER_MIME_TYPE.equals(mimeType);
    }
}
