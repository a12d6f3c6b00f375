package dev.drivelink.core.sync.engine;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveFiles;
import dev.drivelink.core.drive.DriveQuery;
import dev.drivelink.core.drive.DriveSession;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Drive side of one project as one run sees it: the project folder's tree, the monitored folders'
 * trees (each at its folder's name in the project namespace), and every mapped file found elsewhere or
 * in the trash. One {@code files.list} per folder (page size 1000), one {@code files.get} per mapped file
 * that the listing did not show; never one request per file. Kept current while the run writes, and
 * creates the folders a path needs (recorded as it goes, so a retried run finds them, never doubles them).
 */
final class DriveTree {

    static final int PAGE_SIZE = 1000;

    /** A Drive file where it is now: {@code path} null when it is under no folder of the project. */
    record Entry(DriveFile file, String path) {
        boolean trashed() {
            return file.trashed();
        }
    }

    private final DriveSession drive;
    private final Map<String, String> folderIdByPath = new HashMap<>();
    private final Map<String, String> folderPathById = new HashMap<>();
    private final Map<String, Entry> filesById = new LinkedHashMap<>();
    private final Consumer<String> folderCreated;

    private DriveTree(DriveSession drive, Consumer<String> folderCreated) {
        this.drive = drive;
        this.folderCreated = folderCreated;
    }

    /**
     * Reads the tree under {@code projectFolderId} (namespace root) and each monitored folder (at
     * {@code monitored} key = its namespace path), then looks up the mapped ids the listing did not show.
     */
    static DriveTree read(DriveSession drive, String projectFolderId, Map<String, String> monitored,
                          Collection<String> mappedIds, Consumer<String> folderCreated) {
        DriveTree tree = new DriveTree(drive, folderCreated);
        tree.walk("", projectFolderId);
        monitored.forEach((path, id) -> {
            if (!tree.folderPathById.containsKey(id)) {
                tree.walk(path, id);
            }
        });
        for (String id : mappedIds) {
            if (id != null && !tree.filesById.containsKey(id)) {
                try {
                    DriveFile f = drive.files().get(id);
                    String parentPath = f.parents().stream().map(tree.folderPathById::get)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                    tree.filesById.put(id, new Entry(f, parentPath == null ? null : join(parentPath, f.name())));
                } catch (DriveException e) {
                    if (e.kind() != DriveException.Kind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        return tree;
    }

    private void walk(String rootPath, String rootId) {
        Deque<String[]> folders = new ArrayDeque<>();
        folders.add(new String[]{rootPath, rootId});
        while (!folders.isEmpty()) {
            String[] folder = folders.poll();
            folderIdByPath.put(folder[0], folder[1]);
            folderPathById.put(folder[1], folder[0]);
            String token = null;
            do {
                DriveFiles.Page page = drive.files().list(DriveQuery.children(folder[1]), token, PAGE_SIZE);
                for (DriveFile f : page.files()) {
                    String path = join(folder[0], f.name());
                    if (f.isFolder()) {
                        folders.add(new String[]{path, f.id()});
                    } else {
                        filesById.put(f.id(), new Entry(f, path));
                    }
                }
                token = page.nextPageToken();
            } while (token != null);
        }
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    Collection<Entry> files() {
        return filesById.values();
    }

    /** Where a listed folder stands in the namespace ({@code ""} = the project folder); null if not listed. */
    String folderPath(String folderId) {
        return folderPathById.get(folderId);
    }

    Entry file(String id) {
        return filesById.get(id);
    }

    /** Records what a write returned, at {@code path}. */
    void written(DriveFile file, String path) {
        filesById.put(file.id(), new Entry(file, path));
    }

    /** The folder id of {@code path} in the namespace, creating the missing levels. */
    String folder(String path) {
        String id = folderIdByPath.get(path);
        if (id != null) {
            return id;
        }
        String parent = folder(parentOf(path));
        DriveFile created = drive.files().createFolder(nameOf(path), parent);
        folderIdByPath.put(path, created.id());
        folderPathById.put(created.id(), path);
        folderCreated.accept(path);
        return created.id();
    }
}
