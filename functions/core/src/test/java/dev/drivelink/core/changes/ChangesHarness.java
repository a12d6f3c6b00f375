package dev.drivelink.core.changes;

import com.sun.net.httpserver.HttpServer;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.core.wiring.WebhookFeature;
import dev.drivelink.localcloud.LocalAws;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Change detection on the real pieces, without function processes: moto and the Google emulator
 * (TestWorld), the core wired as the functions wire it, a local HTTP server standing in for the
 * webhook's Function URL (it hands every notification to the real {@link WebhookIntake}), and the FIFO
 * changes queue drained into the real {@link ChangesBatch}.
 */
final class ChangesHarness implements AutoCloseable {

    final TestWorld world;
    final DriveLink drivelink;
    /** What the webhook stand-in hands notifications to (a test may swap it, e.g. for another window). */
    volatile WebhookIntake intake;
    final List<WebhookIntake.Outcome> outcomes = new CopyOnWriteArrayList<>();
    /** channel id -> what the webhook made of each of its notifications, in order */
    final Map<String, List<WebhookIntake.Outcome>> byChannel = new java.util.concurrent.ConcurrentHashMap<>();
    final String queueUrl;
    final String deadLetterQueueUrl;
    final SqsClient sqs = LocalAws.shared().sqs();
    final PublishedEvents events;
    private final HttpServer webhook;

    ChangesHarness(Map<String, String> env) throws IOException {
        world = TestWorld.start();
        queueUrl = world.stack.ref("ChangesQueue");
        deadLetterQueueUrl = world.stack.ref("ChangesDeadLetterQueue");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.setExecutor(Executors.newFixedThreadPool(4));
        Map<String, String> all = new HashMap<>(Map.of(
                "DRIVELINK_CHANGES_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/",
                "DRIVELINK_CHANGES_QUEUE_URL", queueUrl,
                "DRIVELINK_CHANGES_DEAD_LETTER_QUEUE_URL", deadLetterQueueUrl,
                "DRIVELINK_CHANGES_COALESCE_WINDOW", "PT0.2S"));
        all.putAll(env);
        drivelink = world.driveLinkWith(world.configWith(all));
        intake = intake(Duration.ofMillis(200));
        webhook.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            var outcome = intake.receive(new WebhookIntake.Notification(h.getFirst("X-Goog-Channel-ID"),
                    h.getFirst("X-Goog-Channel-Token"), h.getFirst("X-Goog-Resource-ID"),
                    h.getFirst("X-Goog-Resource-State"), h.getFirst("X-Goog-Message-Number")));
            byChannel.computeIfAbsent(String.valueOf(h.getFirst("X-Goog-Channel-ID")), k -> new CopyOnWriteArrayList<>())
                    .add(outcome);
            outcomes.add(outcome);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        events = world.captureEvents();
    }

    /** A webhook intake as the function has it (real clock), with this coalescing window. */
    WebhookIntake intake(Duration window) {
        return new WebhookFeature(world.dynamo, sqs, world.table(), queueUrl, window, java.time.Clock.systemUTC()).intake();
    }

    String connect(String user, String account) {
        return world.connect(drivelink, user, account);
    }

    ChangesFeatureView changes() {
        return new ChangesFeatureView(drivelink);
    }

    /** Messages waiting or in flight on the changes queue. */
    int queued() {
        var a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** Waits until a notification for one of the connection's channels was QUEUED by the webhook. */
    void awaitQueuedFor(String connectionId) throws InterruptedException {
        awaitOutcomesFor(connectionId, 1);
    }

    /** Waits until {@code count} notifications of the connection's channels were QUEUED (coalesced or not). */
    void awaitOutcomesFor(String connectionId, int count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            int queued = 0;
            for (WatchChannel c : drivelink.changesFeature().channelStore().ofConnection(connectionId)) {
                queued += (int) byChannel.getOrDefault(c.channelId(), List.of()).stream()
                        .filter(o -> o == WebhookIntake.Outcome.QUEUED).count();
            }
            if (queued >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " notifications queued work for " + connectionId);
    }

    /** The bodies of the messages on the changes queue that concern the connection (left on the queue). */
    List<String> queuedFor(String connectionId) {
        List<String> bodies = new ArrayList<>();
        List<String> handles = new ArrayList<>();
        while (true) {
            var received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(5)).messages();
            if (received.isEmpty()) {
                break;
            }
            received.forEach(m -> {
                handles.add(m.receiptHandle());
                if (m.body().contains(connectionId)) {
                    bodies.add(m.body());
                }
            });
        }
        handles.forEach(handle -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(handle)
                .visibilityTimeout(0)));
        return bodies;
    }

    /** Waits until {@code count} notifications reached the webhook (the emulator sends them on its own thread). */
    void awaitNotifications(int count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(10);
        while (outcomes.size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        if (outcomes.size() < count) {
            throw new AssertionError("only " + outcomes.size() + " of " + count + " notifications arrived");
        }
    }

    /**
     * Takes what is on the changes queue, as the event source mapping would, and runs it through the
     * changes batch until nothing visible is left. Returns the ids reported back as failures.
     */
    List<String> drain() {
        List<String> failed = new ArrayList<>();
        while (true) {
            var received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (received.isEmpty()) {
                return failed;
            }
            List<ChangesBatch.Message> batch = received.stream().map(m -> new ChangesBatch.Message(m.messageId(), m.body(),
                    m.receiptHandle(), Integer.parseInt(m.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1"))))
                    .toList();
            List<String> retry = drivelink.changesFeature().batch().process(batch, world.clock.instant().plusSeconds(60)); // sessions time out against the world's clock, which tests move
            failed.addAll(retry);
            for (var m : received) {
                if (!retry.contains(m.messageId())) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
            if (!retry.isEmpty()) {
                return failed;
            }
        }
    }

    /** Empties the queue without processing (between tests). */
    void purge() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    @Override
    public void close() {
        webhook.stop(0);
        world.close();
    }

    /** Typed access to the pieces a test inspects. */
    record ChangesFeatureView(DriveLink drivelink) {
        ChannelStore channels() {
            return drivelink.changesFeature().channelStore();
        }

        CursorStore cursors() {
            return drivelink.changesFeature().changeStore();
        }
    }
}
