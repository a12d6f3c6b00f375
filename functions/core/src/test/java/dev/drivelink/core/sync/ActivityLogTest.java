package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.activity.ActivityPage;
import dev.drivelink.core.sync.activity.ActivityQueries;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The activity log: what workers record, and the routes' paging and filters, against moto. */
class ActivityLogTest extends SyncWorldTest {

    String user;
    String project;

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        sync.access().grant(project, user);
    }

    ActivityLog log() {
        return sync.activityLog();
    }

    ActivityQueries queries() {
        return sync.activity();
    }

    /** Records {@code n} actions of the project, one second apart, the last one the newest; returns their ids oldest first. */
    List<String> record(String projectId, int n, ActivityAction action, ActivityOutcome status) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            world.clock.advance(Duration.ofSeconds(1));
            ActivityRecord r = ActivityRecord.builder(user, action, status, world.clock.instant()).project(projectId)
                    .path("mixes/take-" + i + ".wav").driveFileId("drive-" + i).detail("n", i)
                    .error(status == ActivityOutcome.FAILED ? "Drive refused: quota" : null)
                    .duration(Duration.ofMillis(40 + i)).build();
            log().record(r);
            ids.add(r.id());
        }
        return ids;
    }

    List<String> allIds(String projectId, String action, String status, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ActivityPage page = projectId == null ? queries().forUser(user, action, status, cursor, Integer.toString(limit))
                    : queries().forProject(user, projectId, action, status, cursor, Integer.toString(limit));
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(i -> ids.add(i.id()));
            cursor = page.nextCursor();
            assertThat(++pages).isLessThan(100);
        } while (cursor != null);
        return ids;
    }

    @Test
    void aProjectsLogIsNewestFirstInPagesThatJoinUp() {
        List<String> ids = record(project, 7, ActivityAction.UPLOAD, ActivityOutcome.SUCCESS);

        ActivityPage first = queries().forProject(user, project, null, null, null, "3");
        assertThat(first.items()).extracting(ActivityPage.Item::id).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(first.nextCursor()).isNotNull();
        ActivityPage.Item newest = first.items().get(0);
        assertThat(newest.action()).isEqualTo("upload");
        assertThat(newest.status()).isEqualTo("success");
        assertThat(newest.path()).isEqualTo("mixes/take-6.wav");
        assertThat(newest.driveFileId()).isEqualTo("drive-6");
        assertThat(newest.details()).containsEntry("n", "6");
        assertThat(newest.durationMs()).isEqualTo(46L);
        assertThat(newest.projectId()).isEqualTo(project);

        assertThat(allIds(project, null, null, 3)).containsExactlyElementsOf(reversed(ids));
        assertThat(allIds(project, null, null, 7)).containsExactlyElementsOf(reversed(ids));
        assertThat(queries().forProject(user, project, null, null, null, null).nextCursor()).isNull();
    }

    @Test
    void filtersByActionAndStatusAcrossPages() {
        List<String> ok = record(project, 4, ActivityAction.UPLOAD, ActivityOutcome.SUCCESS);
        List<String> failed = record(project, 3, ActivityAction.UPLOAD, ActivityOutcome.FAILED);
        List<String> downloads = record(project, 5, ActivityAction.DOWNLOAD, ActivityOutcome.FAILED);

        assertThat(allIds(project, "upload", "failed", 2)).containsExactlyElementsOf(reversed(failed));
        assertThat(allIds(project, "download", null, 2)).containsExactlyElementsOf(reversed(downloads));
        assertThat(allIds(project, null, "success", 10)).containsExactlyElementsOf(reversed(ok));
        ActivityPage failures = queries().forProject(user, project, "upload", "failed", null, "1");
        assertThat(failures.items().get(0).error()).isEqualTo("Drive refused: quota");
    }

    @Test
    void theUsersLogHasEveryProjectAndWhatHappenedOutsideProjects() {
        String second = SyncFixture.id("project");
        sync.access().grant(second, user);
        List<String> expected = new ArrayList<>();
        expected.addAll(record(project, 2, ActivityAction.UPLOAD, ActivityOutcome.SUCCESS));
        expected.addAll(record(second, 2, ActivityAction.DOWNLOAD, ActivityOutcome.SUCCESS));
        expected.addAll(record(null, 2, ActivityAction.CONNECTION_ERROR, ActivityOutcome.FAILED));
        expected.addAll(record(project, 1, ActivityAction.CONFLICT, ActivityOutcome.SUCCESS));

        assertThat(allIds(null, null, null, 2)).containsExactlyElementsOf(reversed(expected));
        assertThat(allIds(null, "connection_error", null, 1)).containsExactlyElementsOf(reversed(expected.subList(4, 6)));
        assertThat(allIds(second, null, null, 50)).containsExactlyElementsOf(reversed(expected.subList(2, 4)));

        String stranger = SyncFixture.id("user");
        assertThat(queries().forUser(stranger, null, null, null, null).items()).isEmpty();
        problem(() -> queries().forProject(stranger, project, null, null, null, null), ErrorKind.NOT_FOUND, "not-found");
    }

    @Test
    void badParametersAre400s() {
        record(project, 2, ActivityAction.UPLOAD, ActivityOutcome.SUCCESS);
        String cursor = queries().forProject(user, project, null, null, null, "1").nextCursor();
        String other = SyncFixture.id("project");
        sync.access().grant(other, user);

        for (String limit : List.of("0", "201", "ten", "-1")) {
            problem(() -> queries().forUser(user, null, null, null, limit), ErrorKind.INVALID, "invalid-limit");
        }
        problem(() -> queries().forUser(user, "teleport", null, null, null), ErrorKind.INVALID, "invalid-action");
        problem(() -> queries().forUser(user, null, "maybe", null, null), ErrorKind.INVALID, "invalid-status");
        for (String bad : List.of("!!", "bm90IGEgY3Vyc29y", Base64.getUrlEncoder().encodeToString("a1#p#x#y".getBytes()))) {
            problem(() -> queries().forUser(user, null, null, bad, null), ErrorKind.INVALID, "invalid-cursor");
        }
        problem(() -> queries().forProject(user, other, null, null, cursor, null), ErrorKind.INVALID, "invalid-cursor");
        assertThat(queries().forUser(user, null, null, cursor, null).items()).hasSize(1);
    }

    @Test
    void recordsExpireAfterTheRetentionPeriod() {
        Instant at = world.clock.instant();
        log().record(ActivityRecord.builder(user, ActivityAction.DELETE, ActivityOutcome.SKIPPED, at).project(project).build());
        var items = world.dynamo.query(r -> r.tableName(world.table()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACT#" + user + "#" + project)))).items();
        assertThat(items).hasSize(1);
        assertThat(Long.parseLong(items.get(0).get("ttl").n())).isEqualTo(at.plus(Duration.ofDays(90)).getEpochSecond());
    }

    @Test
    void connectionEventsAndUploadsWriteTheirOwnRecords() {
        String connection = world.connect(core, user, "alice@example.com");
        world.clock.advance(Duration.ofSeconds(1));
        String bucket = world.sourceBucket;
        String key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[2048]));
        UploadRequest request = new UploadRequest(1, null, connection, new UploadSource.S3(bucket, key), "final.wav",
                "audio/wav", "renders/2026", null, "activity-" + UUID.randomUUID());
        UploadService.Result result = core.uploads().process(request, "m-1", Instant.now().plus(Duration.ofMinutes(5)));
        world.clock.advance(Duration.ofSeconds(1));
        world.google.admin().setStorageQuota("alice@example.com", 1);
        String failingKey = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(bucket).key(failingKey), RequestBody.fromBytes(new byte[4096]));
        core.uploads().process(new UploadRequest(1, null, connection, new UploadSource.S3(bucket, failingKey), "big.wav",
                "audio/wav", null, null, null), "m-2", Instant.now().plus(Duration.ofMinutes(5)));
        world.google.admin().setStorageQuota("alice@example.com", Long.MAX_VALUE);
        world.clock.advance(Duration.ofSeconds(1));
        core.connectionCommands().revoke(user, connection);

        List<ActivityPage.Item> items = queries().forUser(user, null, null, null, null).items();
        assertThat(items).extracting(ActivityPage.Item::action)
                .containsExactly("connection_revoked", "upload", "upload", "connection_connected");
        assertThat(items.get(3).connectionId()).isEqualTo(connection);
        assertThat(items.get(3).details()).containsEntry("googleEmail", "alice@example.com");
        ActivityPage.Item done = items.get(2);
        assertThat(done.status()).as(result.toString()).isEqualTo("success");
        assertThat(done.path()).isEqualTo("renders/2026/final.wav");
        assertThat(done.driveFileId()).isNotBlank();
        assertThat(world.google.admin().file(done.driveFileId()).name()).isEqualTo("final.wav");
        assertThat(done.details()).containsEntry("fileName", "final.wav").containsKey("uploadId");
        ActivityPage.Item failed = items.get(1);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.path()).isEqualTo("big.wav");
        assertThat(failed.error()).isNotBlank();
        assertThat(failed.projectId()).isNull();
    }

    static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
