package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.FileMappingRepository;
import dev.drivelink.core.sync.mapping.FileMappingRepository.DriveFileMappedException;
import dev.drivelink.core.sync.mapping.FileMappingRepository.StaleMappingException;
import dev.drivelink.core.sync.mapping.MappingStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file mappings (bases) the sync worker keeps, against moto. */
class FileMappingRepositoryTest extends SyncWorldTest {

    static FileMappingRepository mappings;
    String connection;
    String project;

    @BeforeAll
    static void repository() {
        mappings = sync.mappings();
    }

    @BeforeEach
    void ids() {
        connection = "dc_" + SyncFixture.id("c").replace("-", "") + "0".repeat(22);
        project = SyncFixture.id("project");
    }

    FileMapping base(String path, String driveFileId) {
        Instant t = Instant.parse("2026-03-01T10:15:30.123Z");
        return FileMapping.builder(connection, project, path)
                .drive(driveFileId, "md5-drive", 7L, "rev-7", 2048L, t)
                .app("s3v-1", "\"etag-1\"", "md5-app", 2048L, t.plus(1, ChronoUnit.SECONDS))
                .status(MappingStatus.SYNCED).updatedAt(t).build();
    }

    @Test
    void aNewBaseIsFoundByPathAndByDriveFile() {
        FileMapping saved = mappings.save(null, base("mixes/final #2 (é).wav", "file-a"));

        assertThat(saved.version()).isEqualTo(1);
        FileMapping found = mappings.find(connection, project, "mixes/final #2 (é).wav").orElseThrow();
        assertThat(found).isEqualTo(saved);
        assertThat(found.driveVersion()).isEqualTo(7L);
        assertThat(found.appETag()).isEqualTo("\"etag-1\"");
        assertThat(mappings.findByDriveFile(connection, "file-a")).containsExactly(saved);
        assertThat(mappings.findByDriveFile(connection, "file-b")).isEmpty();
        assertThat(mappings.find(connection, "other-project", "mixes/final #2 (é).wav")).isEmpty();
    }

    @Test
    void everyWriteChecksTheVersionItRead() {
        FileMapping v1 = mappings.save(null, base("a.wav", "file-a"));
        FileMapping v2 = mappings.save(v1, v1.edit().status(MappingStatus.PENDING_UPLOAD).build());

        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> mappings.save(v1, v1.edit().error("late").build())).isInstanceOf(StaleMappingException.class);
        assertThatThrownBy(() -> mappings.save(null, base("a.wav", "file-a"))).isInstanceOf(StaleMappingException.class);
        assertThatThrownBy(() -> mappings.delete(v1)).isInstanceOf(StaleMappingException.class);
        assertThatThrownBy(() -> mappings.move(v1, "b.wav")).isInstanceOf(StaleMappingException.class);
        assertThat(mappings.find(connection, project, "a.wav").orElseThrow().status()).isEqualTo(MappingStatus.PENDING_UPLOAD);
        assertThat(mappings.find(connection, project, "b.wav")).isEmpty();
    }

    @Test
    void aDriveFileMapsOnePathPerProject() {
        mappings.save(null, base("a.wav", "file-a"));
        assertThatThrownBy(() -> mappings.save(null, base("copy-of-a.wav", "file-a")))
                .isInstanceOf(DriveFileMappedException.class);
        assertThat(mappings.find(connection, project, "copy-of-a.wav")).isEmpty();

        String otherProject = project + "-2";
        FileMapping elsewhere = mappings.save(null, FileMapping.builder(connection, otherProject, "a.wav")
                .drive("file-a", "m", 1L, null, 1L, null).build());
        assertThat(mappings.findByDriveFile(connection, "file-a")).extracting(FileMapping::projectId)
                .containsExactlyInAnyOrder(project, otherProject);
        assertThat(elsewhere.version()).isEqualTo(1);
    }

    @Test
    void aNewDriveFileForAPathMovesTheLookup() {
        FileMapping v1 = mappings.save(null, base("a.wav", "file-a"));
        FileMapping v2 = mappings.save(v1, v1.edit().drive("file-b", "m2", 1L, "r1", 10L, null).build());

        assertThat(mappings.findByDriveFile(connection, "file-a")).isEmpty();
        assertThat(mappings.findByDriveFile(connection, "file-b")).containsExactly(v2);
        FileMapping v3 = mappings.save(v2, v2.edit().drive(null, null, null, null, null, null)
                .status(MappingStatus.PENDING_UPLOAD).build());
        assertThat(mappings.findByDriveFile(connection, "file-b")).isEmpty();
        assertThat(v3.driveFileId()).isNull();
    }

    @Test
    void aMoveKeepsTheBaseAndTheDriveFileUnderTheNewPath() {
        FileMapping v1 = mappings.save(null, base("a.wav", "file-a"));
        FileMapping moved = mappings.move(v1, "archive/2026/a.wav");

        assertThat(mappings.find(connection, project, "a.wav")).isEmpty();
        assertThat(moved.path()).isEqualTo("archive/2026/a.wav");
        assertThat(moved.driveMd5()).isEqualTo("md5-drive");
        assertThat(mappings.findByDriveFile(connection, "file-a")).containsExactly(moved);
        mappings.save(null, base("b.wav", "file-b"));
        assertThatThrownBy(() -> mappings.move(moved, "b.wav")).isInstanceOf(StaleMappingException.class);
        assertThat(mappings.find(connection, project, "archive/2026/a.wav")).contains(moved);

        mappings.delete(moved);
        assertThat(mappings.find(connection, project, "archive/2026/a.wav")).isEmpty();
        assertThat(mappings.findByDriveFile(connection, "file-a")).isEmpty();
        assertThat(mappings.save(null, base("c.wav", "file-a")).version()).isEqualTo(1);
    }

    @Test
    void aProjectIsListedInPathOrderAndCounted() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String path = String.format("stems/%02d.wav", 29 - i);
            paths.add(path);
            mappings.save(null, base(path, "file-" + i));
        }
        mappings.save(null, FileMapping.builder(connection, project + "x", "stems/00.wav").build());

        assertThat(mappings.count(connection, project)).isEqualTo(30);
        assertThat(mappings.list(connection, project)).extracting(FileMapping::path)
                .containsExactlyElementsOf(paths.stream().sorted().toList());
        assertThat(mappings.count(connection, "nothing-here")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a.wav", "a.wav/", "a//b.wav", "../a.wav", "a/./b", "tab\there"})
    void pathsMustBeRelativeAndClean(String path) {
        problem(() -> FileMapping.builder(connection, project, path).build(), ErrorKind.INVALID, "invalid-path");
        problem(() -> mappings.find(connection, project, path), ErrorKind.INVALID, "invalid-path");
    }

    @Test
    void pathsAreBoundedInBytes() {
        String longPath = "é".repeat(401);
        problem(() -> FileMapping.builder(connection, project, longPath).build(), ErrorKind.INVALID, "invalid-path");
        assertThat(mappings.save(null, FileMapping.builder(connection, project, "é".repeat(400)).build()).version())
                .isEqualTo(1);
    }
}
