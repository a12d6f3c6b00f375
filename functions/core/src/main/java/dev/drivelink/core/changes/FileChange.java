package dev.drivelink.core.changes;

import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveFile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Drive item's latest state in a run, as handed on downstream. {@code removed}: deleted, or no
 * longer visible to this app (Drive then sends no file, so name and parents are unknown).
 */
public record FileChange(String fileId, boolean removed, String name, String mimeType, List<String> parents,
                         boolean trashed, String md5Checksum, Long size, Long version, Instant modifiedTime,
                         Instant time) {

    public FileChange {
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    static FileChange of(DriveChanges.Change change) {
        DriveFile f = change.file();
        if (change.removed() || f == null) {
            return new FileChange(change.fileId(), true, null, null, List.of(), false, null, null, null, null, change.time());
        }
        return new FileChange(change.fileId(), false, f.name(), f.mimeType(), f.parents(), f.trashed(), f.md5Checksum(),
                f.size(), f.version(), f.modifiedTime(), change.time());
    }

    public boolean isFolder() {
        return DriveFile.FOLDER_MIME_TYPE.equals(mimeType);
    }

    /** Plain values for JSON (events, the change log); absent values are left out. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileId", fileId);
        m.put("removed", removed);
        if (!removed) {
            m.put("name", name);
            m.put("mimeType", mimeType);
            m.put("parents", parents);
            m.put("trashed", trashed);
            putIfPresent(m, "md5Checksum", md5Checksum);
            putIfPresent(m, "size", size);
            putIfPresent(m, "version", version);
            putIfPresent(m, "modifiedTime", modifiedTime == null ? null : modifiedTime.toString());
        }
        putIfPresent(m, "time", time == null ? null : time.toString());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
