package dev.drivelink.core.changes;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an item lies in a connection's root folder tree: the root itself, or an item with an
 * ancestor that is the root. Ancestors come from the run's own changes when it has them (their
 * current state), else from {@code files.get}; every answer is remembered for the run, so a folder is
 * asked about at most once. An ancestor this app may not see ends the walk: not in the tree.
 */
final class RootTree {

    private static final int MAX_DEPTH = 100;

    private final DriveSession drive;
    private final String rootId;
    private final Map<String, List<String>> knownParents = new HashMap<>();
    private final Map<String, Boolean> inTree = new HashMap<>();

    RootTree(DriveSession drive, String rootId, List<FileChange> changes) {
        this.drive = drive;
        this.rootId = rootId;
        for (FileChange change : changes) {
            if (!change.removed()) {
                knownParents.put(change.fileId(), change.parents());
            }
        }
    }

    boolean contains(FileChange change) {
        if (change.fileId().equals(rootId)) {
            return true;
        }
        return !change.removed() && anyInTree(change.parents(), 0);
    }

    private boolean anyInTree(List<String> parents, int depth) {
        for (String parent : parents) {
            if (folderInTree(parent, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean folderInTree(String folderId, int depth) {
        if (folderId.equals(rootId)) {
            return true;
        }
        Boolean known = inTree.get(folderId);
        if (known != null) {
            return known;
        }
        if (depth > MAX_DEPTH) {
            return false;
        }
        inTree.put(folderId, false); // a cycle (Drive forbids them, but) ends here
        boolean result = anyInTree(parentsOf(folderId), depth);
        inTree.put(folderId, result);
        return result;
    }

    private List<String> parentsOf(String folderId) {
        List<String> parents = knownParents.get(folderId);
        if (parents != null) {
            return parents;
        }
        try {
            DriveFile folder = drive.files().get(folderId);
            return folder.parents();
        } catch (DriveException e) {
            if (e.kind() == DriveException.Kind.NOT_FOUND || e.kind() == DriveException.Kind.FORBIDDEN) {
                return List.of();
            }
            throw e;
        }
    }
}
