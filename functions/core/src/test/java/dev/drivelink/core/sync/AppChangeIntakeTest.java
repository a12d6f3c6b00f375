package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.sync.intake.AppChangeIntake;
import dev.drivelink.core.sync.intake.AppObjectMarks;
import dev.drivelink.core.sync.intake.QueueMessage;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.wiring.DriveLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * App-side changes against moto: objects put into the stack's app files bucket reach the app-changes
 * queue as S3 notifications (moto delivers them as S3 does), and the intake turns a batch of them into
 * sync requests on the FIFO sync queue.
 */
class AppChangeIntakeTest extends SyncWorldTest {

    static DriveLink intakeCore;
    static String bucket;
    static String changesQueue;
    static String changesDeadLetters;
    String user;
    String connection;
    String project;

    @BeforeAll
    static void wire() {
        bucket = world.stack.ref("AppFilesBucket");
        changesQueue = world.stack.ref("AppChangesQueue");
        changesDeadLetters = world.stack.ref("AppChangesDeadLetterQueue");
        intakeCore = world.driveLinkWith(world.configWith(Map.of(
                "DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"),
                "DRIVELINK_APP_FILES_BUCKET", bucket,
                "DRIVELINK_APP_FILES_PREFIX", "projects/",
                "DRIVELINK_SYNC_APP_CHANGES_DEAD_LETTER_QUEUE_URL", changesDeadLetters)));
    }

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        connection = world.connect(user, "alice@example.com");
        sync.access().grant(project, user);
        drain(changesQueue);
    }

    AppChangeIntake intake() {
        return intakeCore.syncIntake().appChanges();
    }

    void put(String key, String content, Map<String, String> metadata) {
        world.stack.aws().s3().putObject(r -> r.bucket(bucket).key(key).metadata(metadata), RequestBody.fromString(content));
    }

    /** Every notification on the app-changes queue now, as the worker would get them. */
    List<QueueMessage> notifications() {
        List<QueueMessage> result = new ArrayList<>();
        for (Message m : drain(changesQueue)) {
            result.add(new QueueMessage(m.messageId(), m.body(), 1, null));
        }
        return result;
    }

    static List<Message> drain(String url) {
        var sqs = world.stack.aws().sqs();
        List<Message> all = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            for (Message m : got) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            all.addAll(got);
        } while (!got.isEmpty());
        return all;
    }

    List<SyncFixture.Received> appRequestsOf(String connectionId, String projectId) {
        return fixture.requests().stream()
                .filter(r -> r.body().path("reason").asText().equals("app_changes"))
                .filter(r -> r.body().path("connectionId").asText().equals(connectionId))
                .filter(r -> r.body().path("projectId").asText().equals(projectId))
                .toList();
    }

    @Test
    void anObjectPutUnderAProjectAsksForOneSyncOfThatProjectOnTheMembersConnection() {
        put("projects/" + project + "/mixes/take 1.wav", "la la", Map.of());

        var batch = notifications();
        assertThat(batch).as("moto delivered the S3 notification").isNotEmpty();
        var result = intake().process(batch);

        assertThat(result.retry()).isEmpty();
        assertThat(result.requested()).singleElement().satisfies(r -> {
            assertThat(r.connectionId()).isEqualTo(connection);
            assertThat(r.userId()).isEqualTo(user);
            assertThat(r.projectId()).isEqualTo(project);
        });
        var sent = appRequestsOf(connection, project);
        assertThat(sent).singleElement().satisfies(r -> {
            assertThat(r.groupId()).isEqualTo(connection);
            assertThat(r.body().path("userId").asText()).isEqualTo(user);
            assertThat(r.body().path("version").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aBurstOfAHundredObjectEventsBecomesOneRequestAndARedeliveredBatchIsDropped() {
        for (int i = 0; i < 100; i++) {
            put("projects/" + project + "/stems/stem-" + i + ".wav", "stem " + i, Map.of());
        }
        var batch = notifications();
        assertThat(batch).hasSizeGreaterThanOrEqualTo(100);

        var first = intake().process(batch);
        var again = intake().process(batch); // SQS delivered the same batch again

        assertThat(first.requested()).hasSize(1);
        assertThat(again.requested()).extracting(SyncRequest::requestId)
                .containsExactlyElementsOf(first.requested().stream().map(SyncRequest::requestId).toList());
        assertThat(appRequestsOf(connection, project)).as("the FIFO queue deduplicated the second").hasSize(1);
    }

    @Test
    void objectsDrivelinkWroteDoNotEchoButAUsersCopyOfOneDoes() {
        String key = "projects/" + project + "/from-drive/notes.txt";
        put(key, "from drive", Map.of(AppObjectMarks.KEY_METADATA, key));
        assertThat(intake().process(notifications()).requested()).as("drivelink's own write").isEmpty();

        // the user copies it elsewhere: the metadata travels along, but it names the old key
        String copy = "projects/" + project + "/mine/notes.txt";
        world.stack.aws().s3().copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                .destinationKey(copy));
        assertThat(intake().process(notifications()).requested()).as("the user's copy").hasSize(1);
    }

    @Test
    void aDeleteAsksForASync() {
        String key = "projects/" + project + "/old.wav";
        put(key, "old", Map.of());
        notifications();
        var marker = world.stack.aws().s3().deleteObject(r -> r.bucket(bucket).key(key));
        assertThat(marker.deleteMarker()).as("a versioned delete leaves a delete marker").isTrue();
        // S3 notifies ObjectRemoved:DeleteMarkerCreated; moto 5.2 sends nothing for a delete marker (local-cloud
        // forwards those itself), so the notification is written here as S3 writes it
        String event = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":"
                + "\"ObjectRemoved:DeleteMarkerCreated\",\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":"
                + "{\"key\":\"projects/" + project + "/old.wav\",\"versionId\":\"" + marker.versionId()
                + "\",\"sequencer\":\"0A1B\"}}}]}";

        var result = intake().process(List.of(new QueueMessage("delete-1", event, 1, null)));

        assertThat(result.requested()).singleElement().satisfies(r -> assertThat(r.projectId()).isEqualTo(project));
    }

    @Test
    void onlyMembersWhoseSettingsSyncTheAppSideGetRequests() {
        String watcher = SyncFixture.id("watcher");
        String watcherConnection = world.connect(watcher, "bob@example.com");
        sync.access().grant(project, watcher);
        sync.settings().updateProject(watcher, project, json("{\"syncMode\":\"active_monitoring\"}"));
        String paused = SyncFixture.id("paused");
        String pausedConnection = world.connect(paused, "carol@example.com");
        sync.access().grant(project, paused);
        sync.settings().updateProject(paused, project, json("{\"enabled\":false}"));
        String twoWay = SyncFixture.id("twoway");
        String twoWayConnection = world.connect(twoWay, "alice@example.com");
        sync.access().grant(project, twoWay);
        sync.settings().updateProject(twoWay, project, json("{\"syncMode\":\"bidirectional\"}"));
        String outsider = SyncFixture.id("outsider");
        world.connect(outsider, "bob@example.com");

        put("projects/" + project + "/a.txt", "a", Map.of());
        var result = intake().process(notifications());

        assertThat(result.requested()).extracting(SyncRequest::connectionId)
                .containsExactlyInAnyOrder(connection, twoWayConnection)
                .doesNotContain(watcherConnection, pausedConnection);
    }

    @Test
    void keysOutsideTheLayoutAndTheTestEventAskForNothing() {
        put("elsewhere/" + project + "/a.txt", "a", Map.of()); // outside the prefix: S3's filter drops it
        put("projects/" + project + "/", "", Map.of());        // a folder marker
        put("projects/not#valid/a.txt", "a", Map.of());        // not a project id
        var batch = new ArrayList<>(notifications());
        batch.add(new QueueMessage("test-1", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":"
                + "\"2026-11-30T10:00:00.000Z\",\"Bucket\":\"" + bucket + "\",\"RequestId\":\"X\",\"HostId\":\"Y\"}", 1, null));

        var result = intake().process(batch);

        assertThat(result.requested()).isEmpty();
        assertThat(result.retry()).isEmpty();
        assertThat(result.deadLettered()).isZero();
    }

    @Test
    void unusableMessagesGoToTheDeadLetterQueueWithTheirReasonAndTheRestOfTheBatchGoesOn() {
        drain(changesDeadLetters);
        put("projects/" + project + "/good.txt", "good", Map.of());
        var batch = new ArrayList<>(notifications());
        batch.add(new QueueMessage("bad-1", "not json", 1, null));
        batch.add(new QueueMessage("bad-2", "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"someone-elses-bucket\"},\"object\":{\"key\":\"projects/p/a\"}}}]}", 1, null));
        batch.add(new QueueMessage("bad-3", "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{}}}]}", 1, null));

        var result = intake().process(batch);

        assertThat(result.requested()).hasSize(1);
        assertThat(result.deadLettered()).isEqualTo(3);
        assertThat(result.retry()).isEmpty();
        var dead = drain(changesDeadLetters);
        assertThat(dead).extracting(m -> m.messageAttributes().get("drivelink-original-message-id").stringValue())
                .containsExactlyInAnyOrder("bad-1", "bad-2", "bad-3");
        assertThat(dead).extracting(m -> m.messageAttributes().get("drivelink-reason").stringValue())
                .anySatisfy(r -> assertThat(r).contains("not JSON"))
                .anySatisfy(r -> assertThat(r).contains("someone-elses-bucket is not the app files bucket"))
                .anySatisfy(r -> assertThat(r).contains("s3.object.key is missing"));
        assertThat(dead).filteredOn(m -> m.messageAttributes().get("drivelink-original-message-id").stringValue()
                .equals("bad-1")).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("not json"));
    }
}
