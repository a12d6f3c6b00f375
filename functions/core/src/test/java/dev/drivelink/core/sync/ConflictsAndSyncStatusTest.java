package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.Conflict.ConflictView;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.conflict.ConflictState;
import dev.drivelink.core.sync.conflict.Conflicts;
import dev.drivelink.core.sync.conflict.Keep;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncRequests;
import dev.drivelink.core.sync.run.SyncState;
import dev.drivelink.core.sync.run.SyncStatus;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.core.sync.run.SyncStatusView;
import dev.drivelink.core.sync.run.SyncStatuses;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.wiring.DriveLink;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conflicts (recorded by the worker, resolved by the user) and the sync status, against moto. */
class ConflictsAndSyncStatusTest extends SyncWorldTest {

    static PublishedEvents events;
    String user;
    String connection;
    String project;

    @BeforeAll
    static void captureEvents() {
        events = world.captureEvents();
    }

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        connection = world.connect(user, "alice@example.com");
        sync.access().grant(project, user);
    }

    Conflicts conflicts() {
        return sync.conflicts();
    }

    Conflict recordConflict(String path) {
        world.clock.advance(Duration.ofSeconds(1));
        Instant t = world.clock.instant();
        return conflicts().record(user, connection, project, path, "drive-" + path.length(),
                new ConflictSide(path, 100L, "aaa", t.minusSeconds(60), "the app"),
                new ConflictSide(path, 120L, "bbb", t.minusSeconds(30), "alice@example.com"));
    }

    // ---- conflicts ---------------------------------------------------------------------------------

    @Test
    void theUserSeesBothSidesOfEachOpenConflict() {
        Conflict first = recordConflict("mixes/a.wav");
        Conflict second = recordConflict("mixes/b.wav");

        var listed = conflicts().list(user, project);
        assertThat(listed).extracting(ConflictView::id).containsExactly(first.id(), second.id());
        ConflictView a = listed.get(0);
        assertThat(a.state()).isEqualTo("open");
        assertThat(a.path()).isEqualTo("mixes/a.wav");
        assertThat(a.connectionId()).isEqualTo(connection);
        assertThat(a.app()).isEqualTo(first.app());
        assertThat(a.drive().md5()).isEqualTo("bbb");
        assertThat(a.drive().modifiedBy()).isEqualTo("alice@example.com");
        assertThat(a.drive().size()).isEqualTo(120L);
        assertThat(sync.activity().forProject(user, project, "conflict", null, null, null).items()).hasSize(2);
    }

    @Test
    void resolvingRecordsTheChoiceAndAsksForASyncOnce() {
        Conflict conflict = recordConflict("a.wav");

        ConflictView resolved = conflicts().resolve(user, project, conflict.id(), "both");

        assertThat(resolved.state()).isEqualTo("resolving");
        assertThat(resolved.keep()).isEqualTo("both");
        var request = fixture.awaitRequest(r -> conflict.id().equals(r.body().path("conflictId").asText()));
        assertThat(request.groupId()).isEqualTo(connection);
        SyncRequest parsed = SyncRequests.parse(request.body().toString());
        assertThat(parsed.reason().wire()).isEqualTo("conflict_resolved");
        assertThat(parsed.projectId()).isEqualTo(project);
        assertThat(parsed.userId()).isEqualTo(user);
        problem(() -> conflicts().resolve(user, project, conflict.id(), "app"), ErrorKind.CONFLICT,
                "conflict-already-resolved");

        Conflict awaiting = conflicts().awaitingApply(connection, project).get(0);
        assertThat(awaiting.keep()).isEqualTo(Keep.BOTH);
        Conflict applied = conflicts().applied(awaiting);
        assertThat(applied.state()).isEqualTo(ConflictState.RESOLVED);
        assertThat(conflicts().list(user, project)).isEmpty();
        assertThat(conflicts().awaitingApply(connection, project)).isEmpty();
        var item = world.dynamo.getItem(r -> r.tableName(world.table()).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CONN#" + connection),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CONFLICT#" + project + "#" + conflict.id())))).item();
        assertThat(item).containsKey("ttl");
        assertThat(sync.activity().forProject(user, project, "conflict_resolved", null, null, null).items().get(0).details())
                .containsEntry("keep", "both");
    }

    @Test
    void resolveAnswersClearProblems() {
        Conflict conflict = recordConflict("a.wav");
        String stranger = SyncFixture.id("user");
        world.connect(stranger, "bob@example.com");

        problem(() -> conflicts().resolve(user, project, conflict.id(), "mine"), ErrorKind.INVALID, "invalid-keep");
        problem(() -> conflicts().resolve(user, project, conflict.id(), null), ErrorKind.INVALID, "invalid-keep");
        problem(() -> conflicts().resolve(user, project, "cf_" + "0".repeat(32), "app"), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> conflicts().resolve(user, project, "not-a-conflict", "app"), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> conflicts().resolve(stranger, project, conflict.id(), "app"), ErrorKind.NOT_FOUND, "not-found");
        sync.access().grant(project, stranger);
        problem(() -> conflicts().resolve(stranger, project, conflict.id(), "app"), ErrorKind.NOT_FOUND, "not-found");
        assertThat(conflicts().list(stranger, project)).isEmpty();
        String otherProject = SyncFixture.id("project");
        sync.access().grant(otherProject, user);
        problem(() -> conflicts().resolve(user, otherProject, conflict.id(), "app"), ErrorKind.NOT_FOUND, "not-found");
        assertThat(conflicts().list(user, project)).extracting(ConflictView::state).containsExactly("open");
    }

    @Test
    void whenNoSyncCanBeAskedForTheChoiceIsNotKept() {
        Conflict conflict = recordConflict("a.wav");
        DriveLink noQueue = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_SYNC_QUEUE_URL",
                world.stack.ref("SyncQueue") + "-missing")));

        problem(() -> noQueue.syncControl().conflicts().resolve(user, project, conflict.id(), "app"),
                ErrorKind.UNAVAILABLE, "sync-queue-unavailable");
        assertThat(conflicts().list(user, project)).extracting(ConflictView::state).containsExactly("open");
        assertThat(conflicts().resolve(user, project, conflict.id(), "app").state()).isEqualTo("resolving");
    }

    // ---- sync status, the mass-delete guard and resume ------------------------------------------------

    SyncStatuses statuses() {
        return sync.statuses();
    }

    @Test
    void aProjectThatNeverSyncedIsIdle() {
        SyncStatusView view = sync.sync().status(user, project);
        assertThat(view.state()).isEqualTo("idle");
        assertThat(view.connectionId()).isEqualTo(connection);
        assertThat(view.lastSuccessAt()).isNull();
        assertThat(view.pending()).isEqualTo(PendingCounts.NONE);
        problem(() -> sync.sync().status(SyncFixture.id("user"), project), ErrorKind.NOT_FOUND, "not-found");
    }

    @Test
    void theWorkerMovesTheStatusAndTheUserSeesIt() {
        statuses().started(user, connection, project);
        assertThat(sync.sync().status(user, project).state()).isEqualTo("syncing");
        world.clock.advance(Duration.ofSeconds(5));
        statuses().succeeded(user, connection, project, new PendingCounts(2, 1, 0, 1));
        SyncStatusView ok = sync.sync().status(user, project);
        assertThat(ok.state()).isEqualTo("idle");
        assertThat(ok.lastSuccessAt()).isEqualTo(world.clock.instant());
        assertThat(ok.pending()).isEqualTo(new PendingCounts(2, 1, 0, 1));

        statuses().failed(user, connection, project, "Drive did not answer");
        SyncStatusView failed = sync.sync().status(user, project);
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.lastError()).isEqualTo("Drive did not answer");
        assertThat(failed.lastSuccessAt()).isEqualTo(ok.lastSuccessAt());
    }

    @Test
    void theMassDeleteGuardPausesUntilTheUserConfirms() {
        statuses().started(user, connection, project);
        statuses().paused(user, connection, project, 12, 20, new PendingCounts(0, 0, 12, 0));

        JsonNode event = events.await(e -> "Drive Sync Paused".equals(e.path("detail-type").asText())
                && project.equals(e.path("detail").path("projectId").asText()));
        assertThat(event.get("detail").get("deletes").asInt()).isEqualTo(12);
        assertThat(event.get("detail").get("connectionId").asText()).isEqualTo(connection);
        SyncStatusView paused = sync.sync().status(user, project);
        assertThat(paused.state()).isEqualTo("paused");
        assertThat(paused.paused().deletes()).isEqualTo(12);
        assertThat(paused.paused().mappedFiles()).isEqualTo(20);
        assertThat(statuses().started(user, connection, project).state()).isEqualTo(SyncState.PAUSED);

        world.clock.advance(Duration.ofSeconds(1));
        problem(() -> sync.sync().resume(user, project, false), ErrorKind.INVALID, "confirmation-required");
        problem(() -> sync.sync().resume(SyncFixture.id("user"), project, true), ErrorKind.NOT_FOUND, "not-found");
        SyncStatusView resumed = sync.sync().resume(user, project, true);

        assertThat(resumed.state()).isEqualTo("idle");
        assertThat(resumed.paused()).isNull();
        var request = fixture.awaitRequest(r -> project.equals(r.body().path("projectId").asText())
                && "resume".equals(r.body().path("reason").asText()));
        assertThat(request.groupId()).isEqualTo(connection);
        problem(() -> sync.sync().resume(user, project, true), ErrorKind.CONFLICT, "not-paused");

        SyncStatus running = statuses().started(user, connection, project);
        assertThat(running.state()).isEqualTo(SyncState.SYNCING);
        assertThat(running.approval().deletes()).isEqualTo(12);
        SyncStatus done = statuses().succeeded(user, connection, project, PendingCounts.NONE);
        assertThat(done.approval()).isNull();
        assertThat(sync.activity().forProject(user, project, null, null, null, null).items())
                .extracting(i -> i.action()).containsExactly("sync_resumed", "sync_paused");
    }

    @Test
    void resumeWithoutAConnectionOrPauseIsAConflict() {
        problem(() -> sync.sync().resume(user, project, true), ErrorKind.CONFLICT, "not-paused");
        String lonely = SyncFixture.id("user");
        sync.access().grant(project, lonely);
        problem(() -> sync.sync().resume(lonely, project, true), ErrorKind.CONFLICT, "no-connection");
        assertThat(sync.sync().status(lonely, project).connectionId()).isNull();
    }
}
