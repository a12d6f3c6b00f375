package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.adapters.aws.SqsDeadLetters;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.sync.intake.QueueMessage;
import dev.drivelink.core.sync.intake.SyncBatch;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncRequests;
import dev.drivelink.core.wiring.DriveLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The sync worker's batch (what runs, what coalesces, what is retried, what is dead-lettered with which
 * reason, on the stack's FIFO dead-letter queue in moto) and the sync schedule (who is due).
 */
class SyncBatchAndScheduleTest extends SyncWorldTest {

    static String deadLetterQueue;
    static DriveLink scheduleCore;
    final List<SyncRequest> ran = new ArrayList<>();
    final List<Instant> deadlines = new ArrayList<>();
    Predicate<SyncRequest> fails = r -> false;
    String user;
    String connection;
    String project;

    @BeforeAll
    static void wire() {
        deadLetterQueue = world.stack.ref("SyncDeadLetterQueue");
        scheduleCore = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"))));
    }

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        connection = world.connect(user, "alice@example.com");
        sync.access().grant(project, user);
    }

    SyncBatch batch() {
        return new SyncBatch((request, deadline) -> {
            deadlines.add(deadline);
            if (fails.test(request)) {
                return false;
            }
            ran.add(request);
            return true;
        }, new SqsDeadLetters(world.stack.aws().sqs(), deadLetterQueue), 5, world.clock);
    }

    QueueMessage message(String id, SyncReason reason, String projectId, int receiveCount) {
        SyncRequest r = SyncRequest.of(connection, user, projectId, reason, null, world.clock.instant());
        return new QueueMessage(id, SyncRequests.write(r), receiveCount, connection);
    }

    Instant later() {
        return world.clock.instant().plus(Duration.ofMinutes(10));
    }

    List<Message> deadLetters() {
        var sqs = world.stack.aws().sqs();
        List<Message> all = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueue).maxNumberOfMessages(10).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            got.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(deadLetterQueue).receiptHandle(m.receiptHandle())));
            all.addAll(got);
        } while (!got.isEmpty());
        return all;
    }

    @Test
    void aBurstOfRequestsForOneProjectRunsOnceButResolutionsAndImportsRunOnTheirOwn() {
        Instant deadline = later();
        var result = batch().process(List.of(
                message("m1", SyncReason.APP_CHANGES, project, 1),
                message("m2", SyncReason.APP_CHANGES, project, 1),
                message("m3", SyncReason.DRIVE_CHANGES, project, 1),
                message("m4", SyncReason.APP_CHANGES, "other-project", 1),
                message("m5", SyncReason.IMPORT, project, 1)), deadline);

        assertThat(result.retry()).isEmpty();
        assertThat(deadlines).as("the engine gets the invocation's deadline").containsOnly(deadline);
        assertThat(result.coalesced()).isEqualTo(2);
        assertThat(ran).extracting(SyncRequest::projectId, SyncRequest::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(project, SyncReason.APP_CHANGES),
                org.assertj.core.groups.Tuple.tuple("other-project", SyncReason.APP_CHANGES),
                org.assertj.core.groups.Tuple.tuple(project, SyncReason.IMPORT));
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueWithItsReasonAndTheBatchGoesOn() {
        deadLetters();
        var result = batch().process(List.of(
                new QueueMessage("poison-1", "{\"version\":1,\"connectionId\":\"dc_x\"}", 1, "dc_x"),
                new QueueMessage("poison-2", "][", 1, "dc_y"),
                message("m1", SyncReason.SCHEDULE, project, 1)), later());

        assertThat(result.retry()).isEmpty();
        assertThat(result.deadLettered()).isEqualTo(2);
        assertThat(ran).hasSize(1);
        var dead = deadLetters();
        assertThat(dead).extracting(m -> m.messageAttributes().get("drivelink-original-message-id").stringValue())
                .containsExactlyInAnyOrder("poison-1", "poison-2");
        assertThat(dead).filteredOn(m -> m.body().startsWith("{")).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("drivelink-reason").stringValue())
                    .isEqualTo("invalid sync request: \"reason\" is required");
            assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("dc_x");
        });
    }

    @Test
    void aRequestTheEngineCannotServeIsDeadLetteredWithTheEnginesReason() {
        deadLetters();
        var result = new SyncBatch((r, deadline) -> {
            throw DomainException.conflict("connection-revoked", "connection " + r.connectionId() + " is revoked");
        }, new SqsDeadLetters(world.stack.aws().sqs(), deadLetterQueue), 5, world.clock)
                .process(List.of(message("m1", SyncReason.APP_CHANGES, project, 1)), later());

        assertThat(result.retry()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(m -> assertThat(
                m.messageAttributes().get("drivelink-reason").stringValue())
                .isEqualTo("connection-revoked: connection " + connection + " is revoked"));
    }

    @Test
    void aFailingRequestHoldsTheRestOfTheBatchUntilItsLastDeliveryThenIsDeadLettered() {
        deadLetters();
        fails = r -> r.projectId().equals(project);
        var first = batch().process(List.of(
                message("m1", SyncReason.APP_CHANGES, "before", 1),
                message("m2", SyncReason.APP_CHANGES, project, 1),
                message("m3", SyncReason.APP_CHANGES, "after", 1)), later());
        assertThat(first.retry()).containsExactly("m2", "m3");
        assertThat(ran).extracting(SyncRequest::projectId).containsExactly("before");
        assertThat(deadLetters()).isEmpty();

        var last = batch().process(List.of(
                message("m2", SyncReason.APP_CHANGES, project, 5),
                message("m3", SyncReason.APP_CHANGES, "after", 2)), later());
        assertThat(last.retry()).isEmpty();
        assertThat(ran).extracting(SyncRequest::projectId).containsExactly("before", "after");
        assertThat(deadLetters()).singleElement().satisfies(m -> assertThat(
                m.messageAttributes().get("drivelink-reason").stringValue())
                .isEqualTo("gave up after 5 deliveries; last: some actions failed"));
    }

    @Test
    void nothingStartsWhenTheInvocationIsAboutToEnd() {
        var result = batch().process(List.of(message("m1", SyncReason.APP_CHANGES, project, 1)),
                world.clock.instant().plusSeconds(5));
        assertThat(result.retry()).containsExactly("m1");
        assertThat(ran).isEmpty();
    }

    // ---- the schedule -------------------------------------------------------------------------------

    List<SyncFixture.Received> scheduled(String projectId) {
        return fixture.requests().stream().filter(r -> r.body().path("reason").asText().equals("schedule"))
                .filter(r -> r.body().path("projectId").asText().equals(projectId)).toList();
    }

    @Test
    void hourlyAndDailyProjectsAreAskedForWhenDueAndRealtimeOnesNever() {
        String hourly = project;
        String daily = SyncFixture.id("daily");
        String realtime = SyncFixture.id("realtime");
        String off = SyncFixture.id("off");
        for (String p : List.of(daily, realtime, off)) {
            sync.access().grant(p, user);
        }
        sync.settings().updateProject(user, hourly, json("{\"syncFrequency\":\"hourly\"}"));
        sync.settings().updateProject(user, daily, json("{\"syncFrequency\":\"daily\"}"));
        sync.settings().updateProject(user, off, json("{\"syncFrequency\":\"hourly\",\"enabled\":false}"));

        scheduleCore.syncIntake().scheduledSyncs().run();
        assertThat(scheduled(hourly)).singleElement().satisfies(r -> {
            assertThat(r.groupId()).isEqualTo(connection);
            assertThat(r.body().path("userId").asText()).isEqualTo(user);
        });
        assertThat(scheduled(daily)).hasSize(1);
        assertThat(scheduled(realtime)).isEmpty();
        assertThat(scheduled(off)).isEmpty();

        // both ran just now: an hour later only the hourly one is due
        sync.statuses().started(user, connection, hourly);
        sync.statuses().started(user, connection, daily);
        world.advance(Duration.ofMinutes(61));
        scheduleCore.syncIntake().scheduledSyncs().run();
        assertThat(scheduled(hourly)).hasSize(2);
        assertThat(scheduled(daily)).hasSize(1);

        world.advance(Duration.ofHours(23));
        scheduleCore.syncIntake().scheduledSyncs().run();
        assertThat(scheduled(daily)).hasSize(2);
    }

    @Test
    void aScheduleThatFiresTwiceInAnHourAsksOnce() {
        sync.settings().updateProject(user, project, json("{\"syncFrequency\":\"hourly\"}"));
        scheduleCore.syncIntake().scheduledSyncs().run();
        scheduleCore.syncIntake().scheduledSyncs().run();
        assertThat(scheduled(project)).hasSize(1);
    }
}
