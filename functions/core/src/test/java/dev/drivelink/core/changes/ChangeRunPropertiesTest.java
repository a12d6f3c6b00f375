package dev.drivelink.core.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of a changes run's pure parts (QuickTheories; a failure prints its seed, replay with
 * -DQT_SEED=N): the stream handed on has one entry per item, its latest state, in the order of the
 * items' last changes; and the folder path cache loses exactly the paths a change made wrong.
 */
class ChangeRunPropertiesTest {

    static final String ROOT = "root";

    static DriveChanges.Change change(int file, int version) {
        String id = "f" + file;
        DriveFile f = new DriveFile(id, "name-" + version, "text/plain", List.of(ROOT), 1L, "md5-" + version,
                (long) version, Instant.EPOCH, false, null);
        return new DriveChanges.Change(id, version % 7 == 0, version % 7 == 0 ? null : f, Instant.ofEpochSecond(version));
    }

    @Test
    void oneEntryPerItemItsLatestStateInTheOrderOfLastChanges() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 9)).ofSizeBetween(0, 60)).checkAssert(files -> {
            List<DriveChanges.Change> changes = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                changes.add(change(files.get(i), i + 1));
            }

            List<FileChange> latest = ChangeFeed.latestPerItem(changes);

            Map<String, Integer> lastIndex = new LinkedHashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                lastIndex.put(changes.get(i).fileId(), i);
            }
            assertThat(latest).extracting(FileChange::fileId).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(lastIndex.entrySet().stream()
                            .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList());
            for (FileChange c : latest) {
                DriveChanges.Change last = changes.get(lastIndex.get(c.fileId()));
                assertThat(c.removed()).isEqualTo(last.removed());
                assertThat(c.time()).isEqualTo(last.time());
                if (!c.removed()) {
                    assertThat(c.md5Checksum()).isEqualTo(last.file().md5Checksum());
                }
            }
        });
    }

    /** What a change may do to a cached folder. */
    enum Edit { NONE, TOUCH, RENAME, MOVE, TRASH, DELETE }

    @Test
    void theCacheForgetsExactlyThePathsAChangeMadeWrongAndEverythingBelowThem() {
        // a fixed tree of cached paths under the root: a, a/b, a/b/c, a/d, e, e/f
        List<String> paths = List.of("a", "a/b", "a/b/c", "a/d", "e", "e/f");
        qt().withExamples(400).forAll(lists().of(integers().between(0, Edit.values().length - 1)).ofSize(paths.size()))
                .checkAssert(edits -> {
                    Map<String, String> folderOf = new HashMap<>();
                    List<FolderCache.Entry> cached = new ArrayList<>();
                    for (String path : paths) {
                        folderOf.put(path, "id-" + path.replace('/', '-'));
                        cached.add(new FolderCache.Entry(path, folderOf.get(path), ROOT));
                    }
                    List<FileChange> changes = new ArrayList<>();
                    Set<String> wrong = new HashSet<>();
                    for (int i = 0; i < paths.size(); i++) {
                        String path = paths.get(i);
                        int slash = path.lastIndexOf('/');
                        String name = path.substring(slash + 1);
                        String parent = slash < 0 ? ROOT : folderOf.get(path.substring(0, slash));
                        String id = folderOf.get(path);
                        Edit edit = Edit.values()[edits.get(i)];
                        switch (edit) {
                            case NONE -> { }
                            case TOUCH -> changes.add(folder(id, name, parent, false));
                            case RENAME -> changes.add(folder(id, name + "-renamed", parent, false));
                            case MOVE -> changes.add(folder(id, name, "elsewhere", false));
                            case TRASH -> changes.add(folder(id, name, parent, true));
                            case DELETE -> changes.add(new FileChange(id, true, null, null, List.of(), false, null, null,
                                    null, null, Instant.EPOCH));
                        }
                        if (edit != Edit.NONE && edit != Edit.TOUCH) {
                            wrong.add(path);
                        }
                    }
                    Set<String> expected = new HashSet<>();
                    for (String path : paths) {
                        for (String bad : wrong) {
                            if (path.equals(bad) || path.startsWith(bad + "/")) {
                                expected.add(path);
                            }
                        }
                    }

                    assertThat(FolderCacheCheck.stalePaths(cached, changes)).containsExactlyInAnyOrderElementsOf(expected);
                });
    }

    static FileChange folder(String id, String name, String parent, boolean trashed) {
        return new FileChange(id, false, name, DriveFile.FOLDER_MIME_TYPE, List.of(parent), trashed, null, null, 1L,
                Instant.EPOCH, Instant.EPOCH);
    }
}
