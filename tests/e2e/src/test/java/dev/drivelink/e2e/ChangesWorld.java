package dev.drivelink.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.adapters.aws.DynamoChangeStore;
import dev.drivelink.core.adapters.aws.DynamoChannelStore;
import dev.drivelink.core.changes.ChangeCursor;
import dev.drivelink.core.changes.WatchChannel;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the change detection tests share: connecting through the gateway, the webhook's Function URL,
 * the host app's view of the event bus (a rule into an SQS queue), the stored cursors and channels,
 * and a way to keep other tests' channels out of a measurement.
 */
final class ChangesWorld {

    static final ObjectMapper JSON = new ObjectMapper();
    final LocalCloud cloud;
    final Gateway gateway;
    final DynamoChannelStore channels;
    final DynamoChangeStore cursors;
    final SqsClient sqs;
    final String syncQueue;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String eventsQueue;
    private final List<JsonNode> seen = new ArrayList<>();

    ChangesWorld() {
        this(World.cloud());
    }

    ChangesWorld(LocalCloud cloud) {
        this.cloud = cloud;
        gateway = new Gateway(cloud.gatewayUrl());
        sqs = cloud.aws().sqs();
        syncQueue = cloud.stack().ref("ChangesQueue");
        String table = cloud.stack().ref("DriveLinkTable");
        channels = new DynamoChannelStore(cloud.aws().dynamoDb(), table);
        cursors = new DynamoChangeStore(cloud.aws().dynamoDb(), table);
        String name = "changes-events-" + UUID.randomUUID().toString().substring(0, 8);
        eventsQueue = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(eventsQueue).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String bus = cloud.stack().ref("ConnectionEventsBus");
        var events = cloud.aws().eventBridge();
        events.putRule(r -> r.name(name).eventBusName(bus).eventPattern("{\"source\":[\"drivelink\"]}"));
        events.putTargets(r -> r.rule(name).eventBusName(bus).targets(Target.builder().id("q").arn(arn).build()));
    }

    /** Connects {@code account} for the user behind {@code jwt} through the gateway and the consent page. */
    String connect(String jwt, String account) throws Exception {
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), account);
        URI landing = URI.create(gateway.get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        String id = ConsentBrowser.query(landing).get("connectionId");
        if (id == null) {
            throw new AssertionError("connect failed: " + landing);
        }
        return id;
    }

    String webhookUrl() {
        return cloud.functionUrls().get("WebhookFunction").url();
    }

    /** POSTs a push notification to the webhook's Function URL, as Google does (null headers are left out). */
    HttpResponse<String> notify(String channelId, String token, String resourceId, String state, String number) {
        var request = HttpRequest.newBuilder(URI.create(webhookUrl())).POST(HttpRequest.BodyPublishers.noBody());
        header(request, "X-Goog-Channel-ID", channelId);
        header(request, "X-Goog-Channel-Token", token);
        header(request, "X-Goog-Resource-ID", resourceId);
        header(request, "X-Goog-Resource-State", state);
        header(request, "X-Goog-Message-Number", number);
        header(request, "X-Goog-Channel-Expiration", "Mon, 07 Dec 2026 10:00:00 GMT");
        return send(request.build());
    }

    private static void header(HttpRequest.Builder request, String name, String value) {
        if (value != null) {
            request.header(name, value);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file the user made in their Drive and picked for this app (drive.file sees only those). */
    AdminFile userFile(String account, String parentId, String name) {
        var admin = cloud.google().admin();
        AdminFile file = admin.createFile(account, parentId, name, "text/plain", name.getBytes(StandardCharsets.UTF_8));
        admin.pick(file.id(), LocalCloud.GOOGLE_CLIENT_ID);
        return file;
    }

    String rootFolderId(String jwt, String connectionId) throws Exception {
        return JSON.readTree(gateway.get("/drive/connections/" + connectionId, jwt).body()).at("/rootFolder/id").asText();
    }

    ChangeCursor cursor(String connectionId) {
        return cursors.find(connectionId).orElseThrow(() -> new AssertionError("no cursor for " + connectionId));
    }

    List<WatchChannel> channelsOf(String connectionId) {
        return channels.ofConnection(connectionId);
    }

    /** The emulator's channels as its admin API lists them ({@code GET /admin/channels}). */
    JsonNode googleChannels() throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create(cloud.google().baseUrl() + "admin/channels")).GET().build());
        return JSON.readTree(response.body());
    }

    JsonNode googleChannel(String channelId) throws Exception {
        for (JsonNode c : googleChannels()) {
            if (c.path("id").asText().equals(channelId)) {
                return c;
            }
        }
        throw new AssertionError("the emulator has no channel " + channelId);
    }

    /** Every event the bus delivered so far (kept: later calls return earlier events too). */
    synchronized List<JsonNode> events() {
        while (true) {
            var messages = sqs.receiveMessage(r -> r.queueUrl(eventsQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return List.copyOf(seen);
            }
            for (var m : messages) {
                try {
                    seen.add(JSON.readTree(m.body()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                sqs.deleteMessage(r -> r.queueUrl(eventsQueue).receiptHandle(m.receiptHandle()));
            }
        }
    }

    JsonNode awaitEvent(Predicate<JsonNode> match, Duration within) {
        Instant giveUp = Instant.now().plus(within);
        while (Instant.now().isBefore(giveUp)) {
            for (JsonNode e : events()) {
                if (match.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no matching event within " + within + "; changes worker log:\n"
                + String.join("\n", tail(cloud.function("ChangesWorkerFunction").logs(), 40)));
    }

    /** The ids in every Drive Files Changed event of the connection, in the order they arrived. */
    List<String> changedFileIds(String connectionId) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : events()) {
            if (e.path("detail-type").asText().equals("Drive Files Changed")
                    && e.path("detail").path("connectionId").asText().equals(connectionId)) {
                e.path("detail").path("changes").forEach(c -> ids.add(c.path("fileId").asText()));
            }
        }
        return ids;
    }

    static Predicate<JsonNode> filesChanged(String connectionId, String fileId) {
        return e -> {
            if (!e.path("detail-type").asText().equals("Drive Files Changed")
                    || !e.path("detail").path("connectionId").asText().equals(connectionId)) {
                return false;
            }
            for (JsonNode c : e.path("detail").path("changes")) {
                if (c.path("fileId").asText().equals(fileId)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Messages waiting or in flight on the changes queue. */
    int syncQueueDepth() {
        Map<String, String> a = sqs.getQueueAttributes(r -> r.queueUrl(syncQueue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** Until the changes queue has stayed empty for a little while (the worker has nothing left to do). */
    void awaitSyncQueueDrained(Duration within) throws InterruptedException {
        Instant giveUp = Instant.now().plus(within);
        int quietChecks = 0;
        while (Instant.now().isBefore(giveUp)) {
            quietChecks = syncQueueDepth() == 0 ? quietChecks + 1 : 0;
            if (quietChecks >= 5) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the changes queue never drained");
    }

    /**
     * Stops (in drivelink's table) every live channel but those of {@code keep}: notifications for the
     * others are then ignored by the webhook, so a measurement counts only this test's runs. Other
     * tests' connections keep working; their changes arrive through the backstop.
     */
    void onlyTheseChannels(String... keep) {
        List<String> kept = List.of(keep);
        for (String channelId : channels.expiringBefore(Instant.now().plus(Duration.ofDays(3650)))) {
            channels.find(channelId).filter(c -> !kept.contains(c.connectionId()))
                    .ifPresent(c -> channels.markStopped(c.channelId(), Instant.now()));
        }
    }

    /** Delete the connection as its user would (revoke): its channels stop. */
    void revoke(String jwt, String connectionId) {
        gateway.call("DELETE", "/drive/connections/" + connectionId, jwt, null);
    }

    static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
