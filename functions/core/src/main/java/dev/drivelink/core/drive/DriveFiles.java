package dev.drivelink.core.drive;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Drive's {@code files} resource, as drivelink uses it. */
public interface DriveFiles {

    /** One page of a {@code files.list}; {@code nextPageToken} null on the last page. */
    record Page(List<DriveFile> files, String nextPageToken) {
    }

    /** What {@link #update} changes; null fields and empty lists leave that part alone. */
    record Changes(String name, List<String> addParents, List<String> removeParents) {
        public Changes {
            addParents = addParents == null ? List.of() : List.copyOf(addParents);
            removeParents = removeParents == null ? List.of() : List.copyOf(removeParents);
        }

        public static Changes rename(String name) {
            return new Changes(name, List.of(), List.of());
        }

        public static Changes move(String from, String to) {
            return new Changes(null, List.of(to), List.of(from));
        }
    }

    /** @throws DriveException NOT_FOUND if it does not exist or this app may not see it */
    DriveFile get(String fileId);

    /** {@code files.list} with a query in Drive's {@code q} grammar (build it with {@link DriveQuery}). */
    Page list(String query, String pageToken, int pageSize);

    /** Creates a folder under {@code parentId}, or under My Drive when it is null. */
    DriveFile createFolder(String name, String parentId);

    DriveFile update(String fileId, Changes changes);

    /** Moves the item to the trash (recoverable), never a permanent delete. */
    DriveFile trash(String fileId);

    /** The content from byte {@code offset} on ({@code Range}); the caller closes the stream. */
    InputStream download(String fileId, long offset);

    /** {@code files.generateIds}: ids reserved for this app, so a retried create cannot make a second file. */
    List<String> generateIds(int count);

    /** A folder named {@code name} directly under {@code parentId}, not trashed, if there is one. */
    default Optional<DriveFile> findChildFolder(String parentId, String name) {
        return list(DriveQuery.childFolder(parentId, name), null, 10).files().stream().findFirst();
    }
}
