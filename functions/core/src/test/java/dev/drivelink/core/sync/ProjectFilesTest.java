package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.files.ProjectFiles;
import dev.drivelink.core.sync.files.ProjectFiles.FileView;
import dev.drivelink.core.sync.files.ProjectFiles.FilesPage;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.MappingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /drive/projects/{projectId}/files}'s core: the sync engine's mappings as the user's file list, against moto. */
class ProjectFilesTest extends SyncWorldTest {

    static final Instant T = Instant.parse("2026-11-30T10:15:30Z");

    String user;
    String connection;
    String project;

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        connection = world.connect(user, "alice@example.com");
        sync.access().grant(project, user);
    }

    ProjectFiles files() {
        return sync.files();
    }

    FileMapping save(String path, MappingStatus status, String driveFileId, Long driveSize, Long appSize) {
        FileMapping.Builder b = FileMapping.builder(connection, project, path).status(status)
                .drive(driveFileId, driveFileId == null ? null : "md5", driveFileId == null ? null : 3L, null, driveSize, T)
                .app("v1", "\"e\"", "md5", appSize, T).updatedAt(T);
        if (status == MappingStatus.CONFLICT) {
            b.conflictId("cf_" + "0123456789abcdef".repeat(2));
        }
        if (status == MappingStatus.ERROR) {
            b.error("Drive refused the file: too large");
        }
        return sync.mappings().save(null, b.build());
    }

    @Test
    void eachFileSaysWhereItStandsWithItsSizeTimeAndDriveLink() {
        save("mixes/final.wav", MappingStatus.SYNCED, "drive-1", 2048L, 2048L);
        save("mixes/new take.wav", MappingStatus.PENDING_UPLOAD, null, null, 4096L);
        save("notes.txt", MappingStatus.PENDING_DOWNLOAD, "drive-3", 12L, 10L);
        save("a.wav", MappingStatus.CONFLICT, "drive-4", 100L, 120L);
        save("b.wav", MappingStatus.ERROR, "drive-5", 7L, 7L);

        FilesPage page = files().list(user, project, null, null);

        assertThat(page.projectId()).isEqualTo(project);
        assertThat(page.connectionId()).isEqualTo(connection);
        assertThat(page.nextCursor()).isNull();
        assertThat(page.files()).extracting(FileView::path)
                .containsExactly("a.wav", "b.wav", "mixes/final.wav", "mixes/new take.wav", "notes.txt");
        FileView synced = page.files().get(2);
        assertThat(synced.name()).isEqualTo("final.wav");
        assertThat(synced.status()).isEqualTo("synced");
        assertThat(synced.size()).isEqualTo(2048L);
        assertThat(synced.lastSyncAt()).isEqualTo(T);
        assertThat(synced.driveLink()).isEqualTo("https://drive.google.com/file/d/drive-1/view");
        FileView uploading = page.files().get(3);
        assertThat(uploading.status()).isEqualTo("pending_upload");
        assertThat(uploading.size()).as("the app's size while it goes up").isEqualTo(4096L);
        assertThat(uploading.driveLink()).isNull();
        assertThat(page.files().get(4).status()).isEqualTo("pending_download");
        assertThat(page.files().get(4).size()).isEqualTo(12L);
        assertThat(page.files().get(0).status()).isEqualTo("conflict");
        assertThat(page.files().get(0).conflictId()).startsWith("cf_");
        assertThat(page.files().get(1).status()).isEqualTo("error");
        assertThat(page.files().get(1).error()).contains("too large");
        assertThat(page.files().get(2).error()).isNull();
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            paths.add("f" + i + ".txt");
            save("f" + i + ".txt", MappingStatus.SYNCED, "d" + i, 1L, 1L);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            FilesPage page = files().list(user, project, cursor, "3");
            assertThat(page.files()).hasSizeLessThanOrEqualTo(3);
            page.files().forEach(f -> seen.add(f.path()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(paths);
        assertThat(pages).isEqualTo(3);
        // exactly a page's worth: no empty last page
        assertThat(files().list(user, project, null, "7").nextCursor()).isNull();
    }

    @Test
    void aProjectThatIsNotTheCallersIsNotFound() {
        save("secret.wav", MappingStatus.SYNCED, "d", 1L, 1L);
        String stranger = SyncFixture.id("user");

        problem(() -> files().list(stranger, project, null, null), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> files().list(user, "bad/id", null, null), ErrorKind.INVALID, "invalid-project-id");
    }

    @Test
    void badPagingIsRefused() {
        save("x.wav", MappingStatus.SYNCED, "d", 1L, 1L);
        save("y.wav", MappingStatus.SYNCED, "e", 1L, 1L);
        problem(() -> files().list(user, project, null, "0"), ErrorKind.INVALID, "invalid-limit");
        problem(() -> files().list(user, project, null, "many"), ErrorKind.INVALID, "invalid-limit");
        problem(() -> files().list(user, project, "not a cursor", null), ErrorKind.INVALID, "invalid-cursor");
        String next = files().list(user, project, null, "1").nextCursor();
        assertThat(next).isNotNull();
        // a cursor carries its connection; another user's (another connection) does not continue here
        String stranger = SyncFixture.id("user");
        world.connect(stranger, "bob@example.com");
        sync.access().grant(project, stranger);
        problem(() -> files().list(stranger, project, next, null), ErrorKind.INVALID, "invalid-cursor");
    }

    @Test
    void aProjectWithoutFilesOrConnectionIsAnEmptyList() {
        assertThat(files().list(user, project, null, null).files()).isEmpty();
        String lonely = SyncFixture.id("user");
        sync.access().grant(project, lonely);
        FilesPage none = files().list(lonely, project, null, null);
        assertThat(none.connectionId()).isNull();
        assertThat(none.files()).isEmpty();
    }
}
