package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.changes.ChangeCursor;
import dev.drivelink.core.changes.ChannelSecrets;
import dev.drivelink.core.changes.ChannelState;
import dev.drivelink.core.changes.WatchChannel;
import dev.drivelink.core.upload.UploadJobs;
import dev.drivelink.core.upload.UploadMessages;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.emulator.Fault;
import dev.drivelink.emulator.NotificationRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Change detection end to end, as Google and a user would drive it: the packaged functions in
 * local-cloud (OAuth and connections routes, the WebhookFunction on its Function URL, the changes
 * worker on the FIFO changes queue), the emulator's watch channels pushing real notifications to the
 * printed Function URL, and the host app's view of the event bus. Runs first, and revokes each
 * connection it made: the emulator then notifies no other channel of the account (its notifier sends
 * one at a time), so the burst is Google's burst for one connection.
 */
@Order(1)
class DriveChangesTest {

    static final String ACCOUNT = "bob@example.com";
    static ChangesWorld w;
    static EmulatorAdmin google;
    String jwt;
    String user;

    @BeforeAll
    static void start() {
        w = new ChangesWorld();
        google = w.cloud.google().admin();
    }

    final List<String> connected = new ArrayList<>();

    @BeforeEach
    void signIn() {
        google.clearFaults();
        user = "changes-" + UUID.randomUUID().toString().substring(0, 8);
        jwt = w.cloud.signIn(user);
    }

    @AfterEach
    void revokeWhatWasConnected() {
        connected.forEach(id -> w.revoke(jwt, id));
    }

    String connect() throws Exception {
        String id = w.connect(jwt, ACCOUNT);
        connected.add(id);
        return id;
    }

    @Test
    void connectOpensAWeekLongChannelAndAUsersEditArrivesAsDriveFilesChanged() throws Exception {
        String id = connect();

        List<WatchChannel> stored = w.channelsOf(id);
        assertThat(stored).hasSize(1);
        JsonNode atGoogle = w.googleChannel(stored.get(0).channelId());
        assertThat(atGoogle.path("active").asBoolean()).isTrue();
        assertThat(atGoogle.path("address").asText()).isEqualTo(w.webhookUrl());
        Duration lifetime = Duration.between(google.now(), Instant.parse(atGoogle.path("expiration").asText()));
        assertThat(lifetime).isBetween(Duration.ofDays(7).minusMinutes(10), Duration.ofDays(7));
        ChangeCursor before = w.cursor(id);
        AdminFile file = w.userFile(ACCOUNT, w.rootFolderId(jwt, id), "take-1-" + user + ".txt");
        w.awaitEvent(ChangesWorld.filesChanged(id, file.id()), Duration.ofSeconds(30));

        Instant edited = Instant.now();
        AdminFile edit = google.updateContent(file.id(), "take 2".getBytes(StandardCharsets.UTF_8));

        JsonNode event = w.awaitEvent(e -> ChangesWorld.filesChanged(id, file.id()).test(e)
                && e.path("detail").toString().contains(edit.md5Checksum()), Duration.ofSeconds(30));
        assertThat(Duration.between(edited, Instant.now())).as("within seconds").isLessThan(Duration.ofSeconds(15));
        JsonNode change = null;
        for (JsonNode c : event.path("detail").path("changes")) {
            if (c.path("fileId").asText().equals(file.id())) {
                change = c;
            }
        }
        assertThat(change.path("name").asText()).isEqualTo(file.name());
        assertThat(change.path("parents").get(0).asText()).isEqualTo(w.rootFolderId(jwt, id));
        assertThat(change.path("md5Checksum").asText()).isEqualTo(edit.md5Checksum());
        assertThat(change.path("trashed").asBoolean()).isFalse();
        assertThat(event.path("detail").path("userId").asText()).isEqualTo(user);
        ChangeCursor after = w.cursor(id);
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.pageToken()).isNotEqualTo(before.pageToken());
    }

    @Test
    void forgedNotificationsQueueNothingReachNoDriveAndAllLookAlike() throws Exception {
        String id = connect();
        String token = ChannelSecrets.newToken();
        Instant now = Instant.now();
        // channels whose token this test knows, stored as the functions store theirs
        WatchChannel active = new WatchChannel(UUID.randomUUID().toString(), id, user, "resource-" + user,
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.ACTIVE, 0, now, null);
        WatchChannel pending = new WatchChannel(UUID.randomUUID().toString(), id, user, null,
                ChannelSecrets.hash(token), now.plus(Duration.ofDays(1)), "1", ChannelState.PENDING, 0, now, null);
        w.channels.save(active);
        w.channels.save(pending);
        w.onlyTheseChannels(id);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        Map<String, Long> driveCalls = new HashMap<>(google.requestCounts());
        int logLines = w.cloud.function("ChangesWorkerFunction").logs().size();

        List<HttpResponse<String>> forged = List.of(
                w.notify(UUID.randomUUID().toString(), token, active.resourceId(), "change", "7"),   // unknown channel
                w.notify(active.channelId(), "guess-" + token, active.resourceId(), "change", "7"),  // wrong token
                w.notify(active.channelId(), null, active.resourceId(), "change", "7"),             // no token
                w.notify(active.channelId(), token, "another-resource", "change", "7"),             // other resource
                w.notify(pending.channelId(), token, "resource-guess", "sync", "1"),               // before the watch answer
                w.notify(pending.channelId(), token, "resource-guess", "change", "2"));
        HttpResponse<String> genuine = w.notify(active.channelId(), token, active.resourceId(), "change", "10");
        Thread.sleep(500);
        HttpResponse<String> replayed = w.notify(active.channelId(), token, active.resourceId(), "change", "10");
        HttpResponse<String> older = w.notify(active.channelId(), token, active.resourceId(), "change", "9");

        List<HttpResponse<String>> all = new ArrayList<>(forged);
        all.addAll(List.of(genuine, replayed, older));
        for (HttpResponse<String> r : all) {
            assertThat(r.statusCode()).as("every notification gets the same answer").isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("content-type")).isEqualTo(genuine.headers().firstValue("content-type"));
            assertThat(r.body() + r.headers().map()).doesNotContain(token).doesNotContain(active.tokenHash());
        }
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        List<String> runs = new ArrayList<>();
        List<String> log = w.cloud.function("ChangesWorkerFunction").logs();
        for (String line : log.subList(logLines, log.size())) {
            if (line.contains(id) && line.contains("changes run")) {
                runs.add(line);
            }
        }
        assertThat(runs).as("the one genuine notification made one run; the forged and replayed ones none").hasSize(1);
        Map<String, Long> after = new HashMap<>(google.requestCounts());
        after.merge("GET /drive/v3/changes", -1L, Long::sum);
        after.values().removeIf(v -> v == 0);
        driveCalls.values().removeIf(v -> v == 0);
        assertThat(after).as("only that run's one changes.list reached Drive").isEqualTo(driveCalls);

        HttpResponse<String> notANotification = w.send(HttpRequest.newBuilder(URI.create(w.webhookUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(notANotification.statusCode()).isEqualTo(400);
        assertThat(notANotification.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(w.send(HttpRequest.newBuilder(URI.create(w.webhookUrl())).GET().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void aFailureOnPageTwoOfThreeKeepsTheCursorAndTheRetryDeliversEveryChangeOnce() throws Exception {
        String id = connect();
        String root = w.rootFolderId(jwt, id);
        w.onlyTheseChannels(id);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        ChangeCursor before = w.cursor(id);
        // pages of 2 (ChangesPageSize in World): 5 files are 3 pages. The first changes.list answers,
        // the next 8 (page 2 and every retry the Drive session makes) fail with 503.
        google.injectFault(new Fault("GET /drive/v3/changes", null, 1, 0, null, null, 1, null, false).forAccount(ACCOUNT));
        google.injectFault(Fault.error("GET /drive/v3/changes", 8, 503, "backendError").forAccount(ACCOUNT));
        long lists = google.requestCount("GET /drive/v3/changes");
        int logLines = w.cloud.function("ChangesWorkerFunction").logs().size();
        List<String> made = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            made.add(w.userFile(ACCOUNT, root, "stem-" + i + "-" + user + ".wav").id());
        }

        awaitLog(logLines, id, "changes run failed, will retry", Duration.ofSeconds(90));
        ChangeCursor kept = w.cursor(id);
        assertThat(kept.pageToken()).as("the cursor did not move").isEqualTo(before.pageToken());
        assertThat(kept.version()).isEqualTo(before.version());
        assertThat(kept.lastError()).contains("503");
        assertThat(w.changedFileIds(id)).as("nothing handed on from the failed run").isEmpty();

        for (String file : made) {
            w.awaitEvent(ChangesWorld.filesChanged(id, file), Duration.ofSeconds(90));
        }
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        List<String> delivered = w.changedFileIds(id);
        for (String file : made) {
            assertThat(Collections.frequency(delivered, file)).as("delivered exactly once: " + file).isEqualTo(1);
        }
        assertThat(google.faults()).isEmpty();
        assertThat(google.requestCount("GET /drive/v3/changes") - lists).as("page 1, 8 failures, the retry's 3 pages")
                .isGreaterThanOrEqualTo(12);
        ChangeCursor after = w.cursor(id);
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.lastError()).isNull();
    }

    @Test
    void revokeStopsTheChannelAtGoogleAndLaterNotificationsForItDoNothing() throws Exception {
        String id = connect();
        WatchChannel channel = w.channelsOf(id).get(0);
        long stops = google.requestCount("POST /drive/v3/channels/stop");

        var revoked = w.gateway.call("DELETE", "/drive/connections/" + id, jwt, null);

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(google.requestCount("POST /drive/v3/channels/stop")).isEqualTo(stops + 1);
        assertThat(w.googleChannel(channel.channelId()).path("active").asBoolean()).isFalse();
        assertThat(w.channels.find(channel.channelId()).orElseThrow().state()).isEqualTo(ChannelState.STOPPED);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        int logLines = w.cloud.function("ChangesWorkerFunction").logs().size();

        HttpResponse<String> late = w.notify(channel.channelId(), "any", channel.resourceId(), "change", "999");

        assertThat(late.statusCode()).isEqualTo(200);
        w.awaitSyncQueueDrained(Duration.ofSeconds(30));
        List<String> log = w.cloud.function("ChangesWorkerFunction").logs();
        assertThat(log.subList(logLines, log.size())).noneMatch(line -> line.contains(id));
    }

    @Test
    void aTrashedRootFolderIsShownAnnouncedAndRefusedUntilItIsRestored() throws Exception {
        String id = connect();
        String root = w.rootFolderId(jwt, id);

        google.trash(root);

        JsonNode lost = w.awaitEvent(e -> e.path("detail-type").asText().equals("Drive Root Folder Unavailable")
                && e.path("detail").path("connectionId").asText().equals(id), Duration.ofSeconds(30));
        assertThat(lost.path("detail").path("state").asText()).isEqualTo("TRASHED");
        JsonNode view = ChangesWorld.JSON.readTree(w.gateway.get("/drive/connections/" + id, jwt).body());
        assertThat(view.at("/rootFolder/state").asText()).isEqualTo("TRASHED");
        assertThat(view.toString()).doesNotContain("token");

        String body = "{\"connectionId\":\"" + id + "\",\"source\":{\"url\":\"http://127.0.0.1:9/never.wav\"},"
                + "\"fileName\":\"never.wav\",\"mimeType\":\"audio/wav\"}";
        HttpResponse<String> refused = w.gateway.call("POST", "/drive/uploads", jwt, body);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(ChangesWorld.JSON.readTree(refused.body()).path("code").asText()).isEqualTo("root-folder-unavailable");
        assertThat(ChangesWorld.JSON.readTree(refused.body()).path("detail").asText()).contains("trash");

        String message = "{\"version\":1,\"connectionId\":\"" + id + "\",\"source\":{\"url\":\"http://127.0.0.1:9/never.wav\"},"
                + "\"fileName\":\"queued.wav\",\"mimeType\":\"audio/wav\",\"idempotencyKey\":\"root-" + user + "\"}";
        w.sqs.sendMessage(r -> r.queueUrl(w.cloud.stack().ref("UploadQueue")).messageBody(message));
        String jobId = UploadJobs.jobId(UploadMessages.parse(message), null);
        JsonNode job = awaitUpload(jobId, "FAILED");
        assertThat(job.path("error").asText()).contains("trash").contains("/folder");

        google.untrash(root);

        w.awaitEvent(e -> e.path("detail-type").asText().equals("Drive Root Folder Restored")
                && e.path("detail").path("connectionId").asText().equals(id), Duration.ofSeconds(30));
        assertThat(ChangesWorld.JSON.readTree(w.gateway.get("/drive/connections/" + id, jwt).body())
                .at("/rootFolder/state").asText()).isEqualTo("OK");
    }

    @Test
    void aBurstOfAHundredNotificationsMakesAtMostTwoChangesListRuns() throws Exception {
        String id = connect();
        AdminFile file = w.userFile(ACCOUNT, w.rootFolderId(jwt, id), "burst-" + user + ".txt");
        w.awaitEvent(ChangesWorld.filesChanged(id, file.id()), Duration.ofSeconds(30));
        String channelId = w.channelsOf(id).get(0).channelId();
        w.onlyTheseChannels(id);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        long lists = google.requestCount("GET /drive/v3/changes");
        long sentBefore = google.notifications().stream()
                .filter(n -> n.channelId().equals(channelId) && n.resourceState().equals("change")).count();

        for (int i = 0; i < 100; i++) {
            google.updateContent(file.id(), ("edit " + i).getBytes(StandardCharsets.UTF_8));
        }

        List<NotificationRecord> burst = awaitDelivered(channelId, sentBefore + 100);
        w.awaitSyncQueueDrained(Duration.ofSeconds(60));
        long runs = google.requestCount("GET /drive/v3/changes") - lists;
        Instant first = burst.get(0).attempts().get(0).at();
        Instant last = burst.get(burst.size() - 1).attempts().get(0).at();
        // the webhook's deduplication window is 2 s (DRIVELINK_CHANGES_COALESCE_WINDOW): one request per window
        // (the emulator notes a delivery when the answer is back: the webhook saw it up to a second before)
        long windows = last.toEpochMilli() / 2000 - (first.toEpochMilli() - 1000) / 2000 + 1;
        System.out.printf("burst: 100 notifications delivered in %d ms (%d window(s) of 2 s) -> %d changes.list run(s)%n",
                Duration.between(first, last).toMillis(), windows, runs);
        assertThat(runs).as("one run per 2-second window the burst touched: within a second, at most 2")
                .isBetween(1L, windows);
        w.awaitEvent(e -> ChangesWorld.filesChanged(id, file.id()).test(e)
                && e.path("detail").toString().contains(google.file(file.id()).md5Checksum()), Duration.ofSeconds(10));
    }

    List<NotificationRecord> awaitDelivered(String channelId, long count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            List<NotificationRecord> sent = google.notifications().stream()
                    .filter(n -> n.channelId().equals(channelId) && n.resourceState().equals("change")).toList();
            if (sent.size() >= count && sent.stream().allMatch(NotificationRecord::delivered)) {
                return sent.subList(sent.size() - 100, sent.size());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the emulator did not deliver the burst");
    }

    void awaitLog(int from, String connectionId, String text, Duration within) throws InterruptedException {
        Instant giveUp = Instant.now().plus(within);
        while (Instant.now().isBefore(giveUp)) {
            List<String> log = w.cloud.function("ChangesWorkerFunction").logs();
            if (log.subList(Math.min(from, log.size()), log.size()).stream()
                    .anyMatch(l -> l.contains(connectionId) && l.contains(text))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the changes worker never logged \"" + text + "\" for " + connectionId + ":\n"
                + String.join("\n", ChangesWorld.tail(w.cloud.function("ChangesWorkerFunction").logs(), 40)));
    }

    JsonNode awaitUpload(String id, String status) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        JsonNode upload = null;
        while (Instant.now().isBefore(giveUp)) {
            var response = w.gateway.get("/drive/uploads/" + id, jwt);
            if (response.statusCode() == 200) {
                upload = ChangesWorld.JSON.readTree(response.body());
                if (upload.path("status").asText().equals(status)) {
                    return upload;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("upload " + id + " is " + upload);
    }
}
