package dev.drivelink.emulator;

import java.time.Instant;
import java.util.List;

/**
 * A Drive file or folder as the admin API reports it.
 *
 * @param id           Drive file id
 * @param name         file name
 * @param mimeType     MIME type ({@code application/vnd.google-apps.folder} for folders)
 * @param owner        owning account's email
 * @param parents      parent folder ids (empty for a My Drive root)
 * @param trashed      whether the file is in the trash
 * @param size         content size in bytes, null for folders
 * @param md5Checksum  hex MD5 of the content, null for folders
 * @param version      Drive's version number
 * @param createdTime  creation time
 * @param modifiedTime last modification time
 * @param appIds       OAuth clients that may see the file with drive.file (creator and picked-for clients)
 */
public record AdminFile(String id, String name, String mimeType, String owner, List<String> parents, boolean trashed,
                        Long size, String md5Checksum, long version, Instant createdTime, Instant modifiedTime,
                        List<String> appIds) {

    public boolean isFolder() {
        return GoogleMime.FOLDER.equals(mimeType);
    }

    static AdminFile of(Model.DriveFile f) {
        return new AdminFile(f.id, f.name, f.mimeType, f.owner, List.copyOf(f.parents), f.trashed,
                f.hasBlob() ? (long) (f.content == null ? 0 : f.content.length) : null,
                f.hasBlob() ? f.md5Checksum : null, f.version, f.createdTime, f.modifiedTime, List.copyOf(f.appIds));
    }
}
