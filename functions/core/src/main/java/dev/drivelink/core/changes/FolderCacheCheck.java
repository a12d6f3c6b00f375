package dev.drivelink.core.changes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cached folder paths a run's changes make wrong: a cached folder that was deleted, trashed,
 * renamed or moved (its name is no longer the path's last segment, or its parent is no longer the
 * folder of the parent path). Those paths and every path below them are forgotten; the next upload
 * that needs one finds or creates the folder again. A folder that merely changed (or was just created
 * by an upload) keeps its entry.
 */
final class FolderCacheCheck {

    private FolderCacheCheck() {
    }

    static List<String> stalePaths(List<FolderCache.Entry> cached, List<FileChange> changes) {
        Map<String, FileChange> byId = new HashMap<>();
        for (FileChange change : changes) {
            byId.put(change.fileId(), change);
        }
        Map<String, FolderCache.Entry> byPath = new HashMap<>();
        cached.forEach(e -> byPath.put(e.path(), e));
        List<String> stale = new ArrayList<>();
        for (FolderCache.Entry entry : cached) {
            FileChange change = entry.folderId() == null ? null : byId.get(entry.folderId());
            if (change != null && !stillThere(entry, change, byPath)) {
                stale.add(entry.path());
            }
        }
        List<String> forget = new ArrayList<>();
        for (FolderCache.Entry entry : cached) {
            if (stale.stream().anyMatch(p -> entry.path().equals(p) || entry.path().startsWith(p + "/"))) {
                forget.add(entry.path());
            }
        }
        return forget;
    }

    private static boolean stillThere(FolderCache.Entry entry, FileChange change, Map<String, FolderCache.Entry> byPath) {
        if (change.removed() || change.trashed()) {
            return false;
        }
        int slash = entry.path().lastIndexOf('/');
        String name = entry.path().substring(slash + 1);
        String expectedParent = slash < 0 ? entry.rootFolderId()
                : byPath.containsKey(entry.path().substring(0, slash)) ? byPath.get(entry.path().substring(0, slash)).folderId()
                : null;
        return name.equals(change.name()) && expectedParent != null && change.parents().contains(expectedParent);
    }
}
