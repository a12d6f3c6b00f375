package dev.drivelink.core.drive;

/** A file in Drive after an upload: what we verify against what we sent. */
public record DriveFile(String id, String name, String mimeType, Long size, String md5Checksum, String webViewLink,
                        boolean trashed) {
}
