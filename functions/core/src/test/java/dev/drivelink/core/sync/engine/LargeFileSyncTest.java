package dev.drivelink.core.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.sync.engine.SyncRunResult.Outcome;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.emulator.Fault;
import dev.drivelink.localcloud.LocalAws;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * App files over the small-file limit (5 MiB): the engine sends them through the upload jobs' resumable
 * transfer, in 8 MiB chunks, for a new Drive file (files.create) and for a new revision (files.update),
 * resuming a chunk whose connection dropped; Drive ends with exactly the app's bytes.
 */
class LargeFileSyncTest {

    static final int SIZE = 12 * 1024 * 1024;
    static TestWorld world;
    static DriveLink core;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void start() {
        world = TestWorld.start();
        s3 = LocalAws.shared().s3();
        bucket = "app-files-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        core = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"),
                "DRIVELINK_APP_FILES_BUCKET", bucket)));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void aTwelveMebibyteFileGoesUpResumablyAsANewFileAndAsARevision() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String user = "user-" + id;
        String project = "project-" + id;
        String connection = world.connect(core, user, "alice@example.com");
        core.syncControl().access().grant(project, user);
        core.syncControl().settings().updateProject(user, project,
                new ObjectMapper().readTree("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"app_wins\"}"));
        EmulatorAdmin admin = world.google.admin();
        String key = "projects/" + project + "/renders/final mix.wav";
        Random random = new Random(12);

        byte[] first = new byte[SIZE];
        random.nextBytes(first);
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(first));
        // the first chunk's connection drops after 3 MiB: Drive keeps them, the transfer goes on from there
        admin.injectFault(Fault.dropAfter("PUT /upload/drive/v3/files*", 1, 3L * 1024 * 1024));
        admin.resetRequestCounts();

        assertThat(sync(connection, user, project).projects()).singleElement()
                .satisfies(p -> assertThat(p.outcome()).as(p.detail()).isEqualTo(Outcome.SYNCED));

        FileMapping mapping = mapping(connection, project);
        assertThat(admin.content(mapping.driveFileId())).as("Drive holds the app's bytes").isEqualTo(first);
        Map<String, Long> created = admin.requestCounts();
        assertThat(created.get("POST /upload/drive/v3/files")).as("one resumable session, " + created).isEqualTo(1);
        assertThat(created.get("PUT /upload/drive/v3/files")).as("chunks, the dropped one resumed, and its status "
                + created).isGreaterThanOrEqualTo(3);

        byte[] second = new byte[SIZE];
        random.nextBytes(second);
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(second));
        admin.resetRequestCounts();

        assertThat(sync(connection, user, project).projects()).singleElement()
                .satisfies(p -> assertThat(p.outcome()).as(p.detail()).isEqualTo(Outcome.SYNCED));

        assertThat(mapping(connection, project).driveFileId()).as("a new revision of the same file")
                .isEqualTo(mapping.driveFileId());
        assertThat(admin.content(mapping.driveFileId())).as("Drive holds the app's new bytes").isEqualTo(second);
        Map<String, Long> revised = admin.requestCounts();
        assertThat(revised.get("PATCH /upload/drive/v3/files/{fileId}")).as("files.update, resumable: " + revised)
                .isEqualTo(1);
        assertThat(revised.get("PUT /upload/drive/v3/files/{fileId}")).as("two 8 MiB chunks: " + revised).isEqualTo(2);
        assertThat(revised).as("no new file").doesNotContainKey("POST /upload/drive/v3/files");

        admin.resetRequestCounts();
        assertThat(sync(connection, user, project).projects()).singleElement()
                .satisfies(p -> assertThat(p.actions()).as("a quiet run").isZero());
        assertThat(admin.requestCounts().keySet()).as("a quiet run uploads nothing")
                .noneMatch(route -> route.contains("/upload/"));
    }

    SyncRunResult sync(String connection, String user, String project) {
        world.advance(Duration.ofSeconds(61));
        return core.syncEngine().run(SyncRequest.of(connection, user, project, SyncReason.MANUAL, null,
                world.clock.instant()));
    }

    FileMapping mapping(String connection, String project) {
        return core.syncControl().mappings().list(connection, project).stream()
                .filter(m -> m.path().equals("renders/final mix.wav")).findFirst().orElseThrow();
    }
}
