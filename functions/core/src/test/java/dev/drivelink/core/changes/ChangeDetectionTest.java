package dev.drivelink.core.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.connection.RootFolderState;
import dev.drivelink.core.sync.settings.SyncFrequency;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.upload.FolderPaths;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.emulator.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change detection against moto and the Google emulator: channels on connect, the webhook's checks,
 * the changes run and its cursor, root folder health, the folder path cache, renewal, the backstop and
 * revoke. (The same, through the packaged functions and local-cloud: tests/e2e ChangeDetection*Test.)
 */
class ChangeDetectionTest {

    static ChangesHarness h;
    static EmulatorAdmin google;
    String user;

    @BeforeAll
    static void start() throws Exception {
        // pages of 2 changes and 2 Drive attempts: multi-page runs and given-up retries stay quick
        h = new ChangesHarness(Map.of("DRIVELINK_CHANGES_PAGE_SIZE", "2", "DRIVELINK_DRIVE_MAX_ATTEMPTS", "2",
                "DRIVELINK_DRIVE_BACKOFF_BASE", "PT0.01S"));
        google = h.world.google.admin();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void fresh() {
        google.clearFaults();
        h.purge();
        user = "changes-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String root(String connectionId) {
        return h.drivelink.connections().find(connectionId).orElseThrow().rootFolder().id();
    }

    /** A file the user made in Drive and gave this app (drive.file sees only those). */
    AdminFile userFile(String account, String parent, String name) {
        AdminFile file = google.createFile(account, parent, name, "text/plain", name.getBytes(StandardCharsets.UTF_8));
        google.pick(file.id(), TestWorld.CLIENT_ID);
        return file;
    }

    List<JsonNode> filesChanged(String connectionId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : h.events.all()) {
            if (e.path("detail-type").asText().equals(ChangeLog.FILES_CHANGED)
                    && e.path("detail").path("connectionId").asText().equals(connectionId)) {
                found.add(e.path("detail"));
            }
        }
        return found;
    }

    List<String> changedIds(String connectionId) {
        List<String> ids = new ArrayList<>();
        filesChanged(connectionId).forEach(d -> d.path("changes").forEach(c -> ids.add(c.path("fileId").asText())));
        return ids;
    }

    ChangeCursor cursor(String connectionId) {
        return h.changes().cursors().find(connectionId).orElseThrow();
    }

    @Test
    void connectOpensAWeekLongChannelAndAnEditInTheRootTreeIsHandedOnOnce() throws Exception {
        String id = h.connect(user, "alice@example.com");

        var channels = h.changes().channels().ofConnection(id);
        assertThat(channels).hasSize(1);
        WatchChannel channel = channels.get(0);
        assertThat(channel.state()).isEqualTo(ChannelState.ACTIVE);
        assertThat(channel.tokenHash()).hasSize(64);
        assertThat(Duration.between(h.world.clock.instant(), channel.expiration())).isGreaterThan(Duration.ofDays(7).minusMinutes(5));
        var atGoogle = google.channels().stream().filter(c -> c.get("id").equals(channel.channelId())).findFirst().orElseThrow();
        assertThat(atGoogle.get("active")).isEqualTo(true);
        assertThat(atGoogle.get("resourceId")).isEqualTo(channel.resourceId());
        ChangeCursor before = cursor(id);

        AdminFile inside = userFile("alice@example.com", root(id), "inside-" + user + ".txt");
        AdminFile outside = userFile("alice@example.com", null, "outside-" + user + ".txt");
        h.awaitOutcomesFor(id, 2);
        assertThat(h.drain()).isEmpty();

        List<JsonNode> details = filesChanged(id);
        assertThat(changedIds(id)).containsOnlyOnce(inside.id()).doesNotContain(outside.id());
        JsonNode change = null;
        for (JsonNode d : details) {
            for (JsonNode c : d.path("changes")) {
                if (c.path("fileId").asText().equals(inside.id())) {
                    change = c;
                }
            }
        }
        assertThat(change.path("name").asText()).isEqualTo(inside.name());
        assertThat(change.path("parents").get(0).asText()).isEqualTo(root(id));
        assertThat(change.path("md5Checksum").asText()).isEqualTo(inside.md5Checksum());
        assertThat(change.path("removed").asBoolean()).isFalse();
        ChangeCursor after = cursor(id);
        assertThat(after.pageToken()).isNotEqualTo(before.pageToken());
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.lastSuccessAt()).isNotNull();
        var log = h.world.dynamo.query(r -> r.tableName(h.world.table())
                .keyConditionExpression("pk = :pk and begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CONN#" + id), ":p", AttributeValue.fromS("CHANGELOG#"))))
                .items();
        assertThat(log).isNotEmpty();
        assertThat(log.get(0).get("changes").s()).contains(inside.id());
        assertThat(log.get(0)).containsKey("ttl");
    }

    @Test
    void forgedNotificationsQueueNothingAndNeverReachDrive() throws Exception {
        String id = h.connect(user, "bob@example.com");
        String token = ChannelSecrets.newToken();
        Instant now = h.world.clock.instant();
        WatchChannel known = new WatchChannel(UUID.randomUUID().toString(), id, user, "resource-1",
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 0, now, null);
        WatchChannel pending = new WatchChannel(UUID.randomUUID().toString(), id, user, null,
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.PENDING, 0, now, null);
        WatchChannel expired = new WatchChannel(UUID.randomUUID().toString(), id, user, "resource-2",
                ChannelSecrets.hash(token), now.minusSeconds(1), "1", ChannelState.ACTIVE, 0, now.minusSeconds(3600), null);
        h.changes().channels().save(known);
        h.changes().channels().save(pending);
        h.changes().channels().save(expired);
        h.purge();
        Map<String, Long> driveCalls = new HashMap<>(google.requestCounts());

        var forged = List.of(
                new WebhookIntake.Notification(UUID.randomUUID().toString(), token, "resource-1", "change", "5"),
                new WebhookIntake.Notification(known.channelId(), "not-the-token", "resource-1", "change", "5"),
                new WebhookIntake.Notification(known.channelId(), null, "resource-1", "change", "5"),
                new WebhookIntake.Notification(known.channelId(), token, "resource-9", "change", "5"),
                new WebhookIntake.Notification(pending.channelId(), token, null, "change", "2"),
                new WebhookIntake.Notification(pending.channelId(), token, "", "change", "3"),
                new WebhookIntake.Notification(expired.channelId(), token, "resource-2", "change", "5"),
                new WebhookIntake.Notification("x".repeat(5000), token, "resource-1", "change", "5"));
        for (var n : forged) {
            assertThat(h.intake.receive(n)).as(n.toString()).isEqualTo(WebhookIntake.Outcome.IGNORED);
        }
        assertThat(h.queuedFor(id)).isEmpty();

        // sync (also before the watch answer was stored) and unknown states: acknowledged, no work
        for (var n : List.of(new WebhookIntake.Notification(pending.channelId(), token, null, "sync", "1"),
                new WebhookIntake.Notification(known.channelId(), token, "resource-1", "sync", "1"),
                new WebhookIntake.Notification(known.channelId(), token, "resource-1", "exists", "11"))) {
            assertThat(h.intake.receive(n)).as(n.toString()).isEqualTo(WebhookIntake.Outcome.ACKNOWLEDGED);
        }
        assertThat(h.queuedFor(id)).isEmpty();
        assertThat(h.intake.receive(new WebhookIntake.Notification(known.channelId(), token, "resource-1", "change", "10")))
                .isEqualTo(WebhookIntake.Outcome.QUEUED);
        assertThat(h.queuedFor(id)).hasSize(1);
        h.purge();
        for (String replayed : List.of("10", "9", "1")) {
            assertThat(h.intake.receive(new WebhookIntake.Notification(known.channelId(), token, "resource-1", "change", replayed)))
                    .as("message number " + replayed).isEqualTo(WebhookIntake.Outcome.IGNORED);
        }
        assertThat(h.queuedFor(id)).isEmpty();
        assertThat(google.requestCounts()).as("the webhook never calls Drive").isEqualTo(driveCalls);
    }

    @Test
    void aNotificationWhoseRequestCouldNotBeQueuedIsTakenWhenGoogleSendsItAgain() throws Exception {
        String id = h.connect(user, "alice@example.com");
        String token = ChannelSecrets.newToken();
        Instant now = Instant.now();
        WatchChannel channel = new WatchChannel(UUID.randomUUID().toString(), id, user, "resource-r",
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 4, now, null);
        h.changes().channels().save(channel);
        ChangesQueue broken = new ChangesQueue() {
            @Override
            public void send(ChangesRequest request, String deduplicationId) {
                throw new IllegalStateException("SQS is down");
            }

            @Override
            public void deadLetter(String body, String reason, String originalMessageId, String connectionId) {
            }

            @Override
            public void retryLater(String receiptHandle, Duration delay) {
            }
        };
        var notification = new WebhookIntake.Notification(channel.channelId(), token, "resource-r", "change", "9");

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new WebhookIntake(h.changes().channels(), broken, java.time.Clock.systemUTC(), Duration.ofSeconds(2))
                        .receive(notification)).hasMessageContaining("SQS is down");

        assertThat(h.changes().channels().find(channel.channelId()).orElseThrow().lastMessageNumber())
                .as("the number is taken back").isEqualTo(4);
        assertThat(h.intake.receive(notification)).as("Google's retry").isEqualTo(WebhookIntake.Outcome.QUEUED);
        assertThat(h.queuedFor(id)).hasSize(1);
        assertThat(h.intake.receive(notification)).as("then a replay").isEqualTo(WebhookIntake.Outcome.IGNORED);
    }

    @Test
    void aFailureOnPageTwoKeepsTheCursorAndTheRetryHandsEveryChangeOnOnce() throws Exception {
        String id = h.connect(user, "carol@example.com");
        String root = root(id);
        ChangeCursor before = cursor(id);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(userFile("carol@example.com", root, "page-" + i + "-" + user + ".txt").id());
        }
        h.awaitQueuedFor(id);
        // the first changes.list answers, the next two (page 2 and its one retry) fail
        google.injectFault(new Fault("GET /drive/v3/changes", null, 1, 0, null, null, 1, null, false));
        google.injectFault(Fault.error("GET /drive/v3/changes", 2, 503, "backendError"));
        long lists = google.requestCount("GET /drive/v3/changes");

        ChangeFeed.Result failed = h.drivelink.changesFeature().feed().run(id, ChangesRequest.NOTIFICATION,
                Instant.now().plusSeconds(60));

        assertThat(failed.outcome()).isEqualTo(ChangeFeed.Outcome.RETRY);
        assertThat(google.requestCount("GET /drive/v3/changes") - lists).isEqualTo(3);
        ChangeCursor kept = cursor(id);
        assertThat(kept.pageToken()).isEqualTo(before.pageToken());
        assertThat(kept.version()).isEqualTo(before.version());
        assertThat(kept.lastError()).contains("503");
        assertThat(changedIds(id)).isEmpty();

        ChangeFeed.Result retried = h.drivelink.changesFeature().feed().run(id, ChangesRequest.NOTIFICATION,
                Instant.now().plusSeconds(60));

        assertThat(retried.outcome()).isEqualTo(ChangeFeed.Outcome.DONE);
        List<String> ids = changedIds(id);
        for (String file : made) {
            assertThat(ids).containsOnlyOnce(file);
        }
        assertThat(cursor(id).version()).isEqualTo(before.version() + 1);
        assertThat(cursor(id).lastError()).isNull();
    }

    @Test
    void aTrashedRootIsShownAnnouncedAndRefusedUntilRestored() throws Exception {
        String id = h.connect(user, "alice@example.com");
        String root = root(id);
        google.trash(root);
        h.awaitQueuedFor(id);
        h.drain();

        var view = h.drivelink.connectionQueries().get(user, id);
        assertThat(view.rootFolder().state()).isEqualTo(RootFolderState.TRASHED);
        JsonNode event = h.events.await(e -> e.path("detail-type").asText().equals(RootFolderHealth.UNAVAILABLE)
                && e.path("detail").path("connectionId").asText().equals(id));
        assertThat(event.path("detail").path("state").asText()).isEqualTo("TRASHED");
        long uploads = google.requestCount("POST /upload/drive/v3/files");
        var request = new UploadRequest(UploadRequest.CURRENT_VERSION, null, id,
                new UploadSource.Url("http://127.0.0.1:1/never-read"), "refused.txt", "text/plain", null, null, null);
        UploadService.Result refused = h.drivelink.uploads().process(request, UUID.randomUUID().toString(),
                Instant.now().plusSeconds(60));
        assertThat(refused.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        assertThat(refused.reason()).contains("trash").contains("PATCH /drive/connections/{id}/folder");
        assertThat(google.requestCount("POST /upload/drive/v3/files")).isEqualTo(uploads);

        h.byChannel.clear();
        google.untrash(root);
        h.awaitQueuedFor(id);
        h.drain();
        assertThat(h.drivelink.connectionQueries().get(user, id).rootFolder().state()).isEqualTo(RootFolderState.OK);
        h.events.await(e -> e.path("detail-type").asText().equals(RootFolderHealth.RESTORED)
                && e.path("detail").path("connectionId").asText().equals(id));
    }

    @Test
    void aMovedOrRenamedFolderIsForgottenFromThePathCache() throws Exception {
        String id = h.connect(user, "bob@example.com");
        String root = root(id);
        var session = h.drivelink.drive().open(id);
        var store = new DynamoUploadStore(h.world.dynamo, h.world.table(), Duration.ofDays(30));
        var folders = new FolderPaths(store, h.world.clock, Duration.ofSeconds(30), Duration.ofSeconds(30));
        String b = folders.resolve(id, root, "mixes/" + user, session);
        String a = google.file(b).parents().get(0);
        String other = folders.resolve(id, root, "stems", session);
        h.awaitQueuedFor(id);
        h.drain();
        h.byChannel.clear();

        google.rename(a, "mixes-old");
        h.awaitQueuedFor(id);
        h.drain();

        assertThat(store.find(id, "mixes")).isEmpty();
        assertThat(store.find(id, "mixes/" + user)).as("a subfolder goes with its folder").isEmpty();
        assertThat(store.find(id, "stems")).get().extracting(e -> e.folderId()).isEqualTo(other);
    }

    @Test
    void renewalOpensTheNewChannelBeforeStoppingTheOldAndNotificationsKeepFlowing() throws Exception {
        String id = h.connect(user, "carol@example.com");
        WatchChannel old = h.changes().channels().ofConnection(id).get(0);
        h.world.advance(Duration.ofDays(6).plusHours(23));
        try {
            ChannelRenewal.Result result = h.drivelink.changesFeature().renewal().run(h.world.clock.instant());

            assertThat(result.renewed()).isGreaterThanOrEqualTo(1);
            assertThat(result.failed()).isZero();
            var after = h.changes().channels().ofConnection(id);
            WatchChannel stopped = after.stream().filter(c -> c.channelId().equals(old.channelId())).findFirst().orElseThrow();
            WatchChannel fresh = after.stream().filter(c -> !c.channelId().equals(old.channelId())).findFirst().orElseThrow();
            assertThat(stopped.state()).isEqualTo(ChannelState.STOPPED);
            assertThat(fresh.state()).isEqualTo(ChannelState.ACTIVE);
            assertThat(fresh.createdAt()).as("opened before the old one was stopped").isBeforeOrEqualTo(stopped.stoppedAt());
            assertThat(Duration.between(h.world.clock.instant(), fresh.expiration())).isGreaterThan(Duration.ofDays(6));
            var atGoogle = google.channels();
            assertThat(atGoogle).anyMatch(c -> c.get("id").equals(old.channelId()) && c.get("active").equals(false));
            assertThat(atGoogle).anyMatch(c -> c.get("id").equals(fresh.channelId()) && c.get("active").equals(true));

            h.byChannel.clear();
            AdminFile file = userFile("carol@example.com", root(id), "after-renewal-" + user + ".txt");
            h.awaitQueuedFor(id);
            assertThat(h.byChannel.get(fresh.channelId())).as("on the new channel").contains(WebhookIntake.Outcome.QUEUED);
            h.drain();
            assertThat(changedIds(id)).contains(file.id());
        } finally {
            h.world.clock.advance(Duration.ofDays(-6).minusHours(23)); // our side back; Google's clock only moves on
        }
    }

    @Test
    void theBackstopQueuesAConnectionOnlyOnceItsPeriodPassed() throws Exception {
        String id = h.connect(user, "alice@example.com");
        h.purge();
        ChangesBackstop backstop = h.drivelink.changesFeature().backstop();

        backstop.run(h.world.clock.instant());
        assertThat(h.queuedFor(id)).as("not due within its first hour").noneMatch(b -> b.contains("backstop"));

        // the period (1 hour) has passed, and the 5-minute slot its due time is rounded up to
        ChangesBackstop.Result result = backstop.run(h.world.clock.instant().plus(Duration.ofMinutes(66)));
        assertThat(result.enqueued()).isPositive();
        assertThat(h.queuedFor(id)).anyMatch(b -> b.contains("backstop"));
    }

    @Test
    void revokeStopsTheChannelAtGoogleAndItsNotificationsDoNothing() throws Exception {
        String id = h.connect(user, "bob@example.com");
        WatchChannel channel = h.changes().channels().ofConnection(id).get(0);
        long stops = google.requestCount("POST /drive/v3/channels/stop");

        h.drivelink.connectionCommands().revoke(user, id);

        assertThat(google.requestCount("POST /drive/v3/channels/stop")).isEqualTo(stops + 1);
        assertThat(google.channels()).anyMatch(c -> c.get("id").equals(channel.channelId()) && c.get("active").equals(false));
        assertThat(h.changes().channels().find(channel.channelId()).orElseThrow().state()).isEqualTo(ChannelState.STOPPED);
        assertThat(cursor(id).dueAt()).as("the backstop leaves a revoked connection alone").isNull();
        h.purge();
        assertThat(h.intake.receive(new WebhookIntake.Notification(channel.channelId(), "whatever", channel.resourceId(),
                "change", "99"))).isEqualTo(WebhookIntake.Outcome.IGNORED);
        assertThat(h.queuedFor(id)).isEmpty();
    }

    @Test
    void switchingRealtimeOffStopsTheChannelsAndOnOpensOne() throws Exception {
        String id = h.connect(user, "alice@example.com");
        var hooks = (ChangeDetectionHooks) h.drivelink.changesFeature().hooks();
        WatchChannel first = h.changes().channels().ofConnection(id).get(0);

        hooks.realtimeChanged(id, false);

        assertThat(cursor(id).frequency()).isEqualTo(SyncFrequency.HOURLY);
        assertThat(h.changes().channels().find(first.channelId()).orElseThrow().state()).isEqualTo(ChannelState.STOPPED);
        assertThat(google.channels()).anyMatch(c -> c.get("id").equals(first.channelId()) && c.get("active").equals(false));

        hooks.realtimeChanged(id, true);
        hooks.realtimeChanged(id, true); // idempotent

        assertThat(cursor(id).frequency()).isEqualTo(SyncFrequency.REALTIME);
        var live = h.drivelink.changesFeature().channels().live(id, h.world.clock.instant());
        assertThat(live).hasSize(1);
        assertThat(google.channels()).anyMatch(c -> c.get("id").equals(live.get(0).channelId()) && c.get("active").equals(true));
    }

    @Test
    void afterTheWindowsRequestTheRestOfTheWindowIsCheckedWithoutTheStore() throws Exception {
        String id = h.connect(user, "alice@example.com");
        String token = ChannelSecrets.newToken();
        Instant now = Instant.now();
        WatchChannel channel = new WatchChannel(UUID.randomUUID().toString(), id, user, "resource-w",
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 0, now, null);
        h.changes().channels().save(channel);
        h.drain();
        WebhookIntake instance = h.intake(Duration.ofHours(1)); // one window for the whole test
        java.util.function.BiFunction<String, String, WebhookIntake.Outcome> send = (presented, number) ->
                instance.receive(new WebhookIntake.Notification(channel.channelId(), presented, "resource-w", "change", number));

        assertThat(send.apply(token, "10")).isEqualTo(WebhookIntake.Outcome.QUEUED);
        for (int number = 11; number <= 20; number++) {
            assertThat(send.apply(token, Integer.toString(number))).isEqualTo(WebhookIntake.Outcome.QUEUED);
        }
        assertThat(h.changes().channels().find(channel.channelId()).orElseThrow().lastMessageNumber())
                .as("only the window's first notification was written").isEqualTo(10);
        assertThat(send.apply(token, "15")).as("a replay within the window").isEqualTo(WebhookIntake.Outcome.IGNORED);
        assertThat(send.apply(token, "20")).as("a replay within the window").isEqualTo(WebhookIntake.Outcome.IGNORED);
        assertThat(send.apply("forged-" + token, "21")).as("another token goes to the store, which refuses it")
                .isEqualTo(WebhookIntake.Outcome.IGNORED);
        assertThat(instance.receive(new WebhookIntake.Notification(channel.channelId(), token, "resource-x", "change", "22")))
                .as("another resource").isEqualTo(WebhookIntake.Outcome.IGNORED);
        assertThat(h.queuedFor(id)).as("one request for the window").hasSize(1);

        h.purge();
        assertThat(h.intake(Duration.ofHours(1)).receive(new WebhookIntake.Notification(channel.channelId(), token,
                "resource-w", "change", "23"))).as("another instance asks the store").isEqualTo(WebhookIntake.Outcome.QUEUED);
        assertThat(h.changes().channels().find(channel.channelId()).orElseThrow().lastMessageNumber()).isEqualTo(23);
    }

    @Test
    void aBurstOfNotificationsWithinAWindowMakesAtMostTwoRequests() throws Exception {
        String id = h.connect(user, "carol@example.com");
        AdminFile file = userFile("carol@example.com", root(id), "burst-" + user + ".txt");
        h.awaitQueuedFor(id);
        h.drain();
        h.byChannel.clear();
        WebhookIntake usual = h.intake;
        h.intake = h.intake(Duration.ofSeconds(60)); // the whole burst within one window (or across one boundary)
        try {
            for (int i = 0; i < 30; i++) {
                google.updateContent(file.id(), ("edit " + i).getBytes(StandardCharsets.UTF_8));
            }
            h.awaitOutcomesFor(id, 30);
        } finally {
            h.intake = usual;
        }
        assertThat(h.queuedFor(id)).as("30 notifications, one request per window").hasSizeBetween(1, 2);
    }
}
