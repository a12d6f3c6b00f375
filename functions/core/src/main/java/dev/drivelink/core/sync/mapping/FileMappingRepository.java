package dev.drivelink.core.sync.mapping;

import java.util.List;
import java.util.Optional;

/**
 * Port: the file mappings (bases) of a connection's projects, by project and path and by Drive file
 * id. Every read is strongly consistent; every write checks the version it read, so a retried or
 * concurrent run can never overwrite a newer base. At most one path of a project maps a given Drive
 * file.
 */
public interface FileMappingRepository {

    Optional<FileMapping> find(String connectionId, String projectId, String path);

    /** The mappings (one per project at most) of a Drive file on this connection. */
    List<FileMapping> findByDriveFile(String connectionId, String driveFileId);

    /** Every mapping of the project, in path order. */
    List<FileMapping> list(String connectionId, String projectId);

    /**
     * At most {@code limit} mappings of the project in path order, starting after {@code afterPath}
     * (null: from the first). The files route pages with it.
     */
    List<FileMapping> page(String connectionId, String projectId, String afterPath, int limit);

    /** How many paths of the project are mapped (the mass-delete guard's denominator). */
    int count(String connectionId, String projectId);

    /**
     * Creates or replaces the mapping of {@code next.path()}.
     *
     * @param previous the mapping as read (null: there is none, create it); its version is checked
     * @param next     the new state (same connection, project and path)
     * @return {@code next} as stored, with its new version
     * @throws StaleMappingException     the stored mapping is not {@code previous} any more (or exists already)
     * @throws DriveFileMappedException  {@code next.driveFileId()} is mapped at another path of the project
     */
    FileMapping save(FileMapping previous, FileMapping next);

    /** Moves a mapping to another path of the project (a rename or move on either side), keeping its base. */
    FileMapping move(FileMapping previous, String newPath);

    /** Forgets a mapping (both sides deleted, or the path left the project). */
    void delete(FileMapping previous);

    /** The mapping changed since it was read. Read it again and re-plan. */
    final class StaleMappingException extends RuntimeException {
        public StaleMappingException(String what) {
            super(what + " changed since it was read");
        }
    }

    /** The Drive file is the base of another path of the same project already. */
    final class DriveFileMappedException extends RuntimeException {
        public DriveFileMappedException(String driveFileId) {
            super("Drive file " + driveFileId + " is mapped at another path of the project");
        }
    }
}
