package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.json;
import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.retention.Retention;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.upload.UploadView;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Erasing a user, and the sweep of revoked connections, against moto and the Google emulator. */
class RetentionTest extends SyncWorldTest {

    String user;
    String project;

    @BeforeEach
    void member() {
        world.google.admin().clearFaults();
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        sync.access().grant(project, user);
    }

    Retention retention() {
        return core.retention().retention();
    }

    /** Everything a user can have: settings, a mapping, a conflict, a status, activity, an upload job. */
    String populate(String userId, String account) {
        String connection = world.connect(core, userId, account);
        AdminFile folder = fixture.pickedFolder(account, "backups " + userId);
        sync.settings().updateGlobal(userId, connection, json("{\"syncMode\":\"bidirectional\"}"));
        sync.settings().updateProject(userId, project, json("{\"backupFolder\":\"" + folder.id() + "\","
                + "\"connectionId\":\"" + connection + "\",\"conflictResolution\":\"keep_both\"}"));
        sync.mappings().save(null, FileMapping.builder(connection, project, "a.wav").drive("f-" + userId, "m", 1L, null, 1L, null).build());
        sync.conflicts().record(userId, connection, project, "b.wav", null, new ConflictSide("b.wav", 1L, "x", null, "app"),
                new ConflictSide("b.wav", 2L, "y", null, account));
        sync.statuses().succeeded(userId, connection, project, PendingCounts.NONE);
        sync.activityLog().record(ActivityRecord.builder(userId, ActivityAction.DOWNLOAD, ActivityOutcome.SUCCESS,
                world.clock.instant()).project(project).build());
        // a URL source: without an upload user prefix the API refuses S3 sources (only the job record matters here)
        UploadView upload = core.uploadIntake().submit(userId, json("{\"connectionId\":\"" + connection + "\","
                + "\"source\":{\"url\":\"https://files.example.com/" + UUID.randomUUID() + ".wav\"},"
                + "\"fileName\":\"x.wav\",\"mimeType\":\"audio/wav\"}"));
        uploads.add(upload.id());
        return connection;
    }

    final List<String> uploads = new ArrayList<>();

    static long liveGrants(String account) {
        return world.google.admin().grants(TestWorld.CLIENT_ID, account).stream().filter(g -> !g.revoked()).count();
    }

    /** Every item of the table that mentions the user or the connection, found the way an auditor would (a scan, in a test only). */
    List<Map<String, AttributeValue>> itemsMentioning(String... needles) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        world.dynamo.scanPaginator(r -> r.tableName(world.table())).items().forEach(item -> {
            String text = item.toString();
            for (String needle : needles) {
                if (text.contains(needle)) {
                    found.add(item);
                    return;
                }
            }
        });
        return found;
    }

    @Test
    void erasingRevokesAtGoogleFirstThenRemovesEverything() {
        String first = populate(user, "alice@example.com");
        String second = world.connect(core, user, "bob@example.com");
        String neighbour = SyncFixture.id("user");
        sync.access().grant(project, neighbour);
        String theirs = populate(neighbour, "carol@example.com");
        assertThat(itemsMentioning(user, first, second)).hasSizeGreaterThan(8);
        assertThat(liveGrants("alice@example.com")).isPositive();
        assertThat(liveGrants("bob@example.com")).isPositive();
        long carolLive = liveGrants("carol@example.com");

        Retention.Erased erased = retention().eraseUser(user);

        assertThat(erased.connectionsRevoked()).isEqualTo(2);
        assertThat(erased.itemsDeleted()).isGreaterThan(8);
        // Google's revoke ends the app's whole grant for the account
        assertThat(liveGrants("alice@example.com")).isZero();
        assertThat(liveGrants("bob@example.com")).isZero();
        assertThat(liveGrants("carol@example.com")).isEqualTo(carolLive);
        assertThat(itemsMentioning(user, first, second)).isEmpty();
        assertThat(core.connections().findByUser(user)).isEmpty();
        problem(() -> sync.settings().project(user, project), ErrorKind.NOT_FOUND, "not-found");
        assertThat(sync.activity().forUser(user, null, null, null, null).items()).isEmpty();
        assertThat(new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30)).find(uploads.get(0))).isEmpty();

        // the neighbour in the same project keeps everything
        assertThat(sync.settings().effectiveSettings(neighbour, project).connectionId()).isEqualTo(theirs);
        assertThat(sync.conflicts().list(neighbour, project)).hasSize(1);
        assertThat(sync.mappings().find(theirs, project, "a.wav")).isPresent();
        assertThat(new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30)).find(uploads.get(1))).isPresent();
        assertThat(retention().eraseUser(user).itemsDeleted()).isZero();
    }

    @Test
    void whenGoogleCannotRevokeNothingIsDeleted() {
        String connection = populate(user, "alice@example.com");
        world.google.admin().injectFault(Fault.error("POST /revoke", 10, 503, "backendError"));

        problem(() -> retention().eraseUser(user), ErrorKind.UNAVAILABLE, "google-unavailable");

        assertThat(core.connections().find(connection)).isPresent();
        assertThat(sync.settings().effectiveSettings(user, project).backupFolder()).isNotNull();
        world.google.admin().clearFaults();
        assertThat(retention().eraseUser(user).connectionsRevoked()).isEqualTo(1);
        assertThat(core.connections().find(connection)).isEmpty();
    }

    @Test
    void aRevokedConnectionsSyncDataGoesAfterTheGracePeriod() {
        String connection = populate(user, "alice@example.com");
        core.connectionCommands().revoke(user, connection);

        assertThat(retention().sweepRevoked().connectionsPurged()).isZero();
        assertThat(sync.mappings().find(connection, project, "a.wav")).isPresent();

        world.advance(Duration.ofDays(31));
        Retention.Sweep sweep = retention().sweepRevoked();

        assertThat(sweep.connectionsPurged()).isGreaterThanOrEqualTo(1);
        assertThat(sweep.failures()).isZero();
        assertThat(sync.mappings().find(connection, project, "a.wav")).isEmpty();
        assertThat(sync.mappings().findByDriveFile(connection, "f-" + user)).isEmpty();
        assertThat(sync.conflicts().list(user, project)).isEmpty();
        assertThat(sync.settings().global(user, connection).settings().get("syncMode").origin()).isEqualTo("default");
        EffectiveSettings e = sync.settings().effectiveSettings(user, project);
        assertThat(e.backupFolder()).isNull();
        assertThat(e.connectionId()).isNull();
        assertThat(e.conflictResolution().wire()).isEqualTo("keep_both");
        assertThat(core.connections().find(connection).orElseThrow().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(retention().sweepRevoked().connectionsPurged()).isZero();
        assertThat(sync.activity().forUser(user, "connection_revoked", null, null, null).items()).hasSize(1);
    }

    @Test
    void aConnectionThatCameBackIsNotPurged() {
        String connection = populate(user, "alice@example.com");
        core.connectionCommands().revoke(user, connection);
        world.advance(Duration.ofDays(1));
        assertThat(world.connect(core, user, "alice@example.com")).isEqualTo(connection);

        world.advance(Duration.ofDays(40));
        retention().sweepRevoked();

        assertThat(sync.mappings().find(connection, project, "a.wav")).isPresent();
        assertThat(sync.settings().effectiveSettings(user, project).syncMode()).isEqualTo(SyncMode.BIDIRECTIONAL);
    }
}
