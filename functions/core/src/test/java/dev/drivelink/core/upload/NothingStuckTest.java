package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.adapters.aws.SqsUploadQueue;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.Fault;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Nothing stuck, nothing silent: the last delivery of a failing message fails its job with the reason,
 * an unexpected failure costs one message, a lost SendMessage is recovered, a message is not started
 * when the invocation is ending, a too large or too slow source cannot hold a worker, and timeouts add
 * up (token calls inside the refresh lease, API work inside its budget).
 */
class NothingStuckTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestWorld world;
    static DriveLink drivelink;
    static PublishedEvents events;
    static HttpServer sources;
    static final byte[] BIG = new byte[300 * 1024];
    String user;
    String connectionId;

    @BeforeAll
    static void startWorld() throws Exception {
        world = TestWorld.start();
        drivelink = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_CHUNK_SIZE", Integer.toString(256 * 1024),
                "DRIVELINK_UPLOADS_SMALL_FILE_LIMIT", Integer.toString(64 * 1024))), Clock.systemUTC());
        events = world.captureEvents();
        sources = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sources.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        sources.createContext("/busy", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        sources.createContext("/unsized", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
            } else {
                exchange.sendResponseHeaders(200, 0); // chunked: the size shows only while streaming
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(BIG);
                }
            }
            exchange.close();
        });
        sources.createContext("/slow", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, BIG.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 60; i++) { // a byte every half second: never a read timeout, never done
                    out.write(BIG[i]);
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (Exception ignored) {
                // the worker hung up
            }
            exchange.close();
        });
        sources.start();
    }

    @AfterAll
    static void stopWorld() {
        sources.stop(0);
        world.close();
    }

    @BeforeEach
    void connected() {
        world.google.admin().clearFaults();
        user = "user-" + UUID.randomUUID();
        connectionId = world.connect(user, "alice@example.com");
    }

    String url(String path) {
        return "http://127.0.0.1:" + sources.getAddress().getPort() + path + "?n=" + UUID.randomUUID();
    }

    String message(UploadSource source, String name, String key) {
        return UploadMessages.write(new UploadRequest(1, null, connectionId, source, name, "audio/wav", null,
                "{\"renderJob\":\"" + name + "\"}", key));
    }

    static DynamoUploadStore store() {
        return new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30));
    }

    String jobOf(String key) {
        return UploadJobs.jobId(new UploadRequest(1, null, connectionId, new UploadSource.Url("x"), "x", "a/b", null, null,
                key), null);
    }

    /** Reasons of the dead letters that came from {@code messageId}. */
    static List<String> deadLetterReasons(String messageId) {
        String dlq = world.stack.ref("UploadDeadLetterQueue");
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 10 && reasons.isEmpty(); i++) {
            world.stack.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages().forEach(m -> {
                        var from = m.messageAttributes().get("drivelink-original-message-id");
                        if (from != null && from.stringValue().equals(messageId)) {
                            reasons.add(m.messageAttributes().get("drivelink-reason").stringValue());
                            world.stack.aws().sqs().deleteMessage(r -> r.queueUrl(dlq).receiptHandle(m.receiptHandle()));
                        }
                    });
        }
        return reasons;
    }

    @Test
    void onTheLastDeliveryAFailingMessageFailsItsJobWithTheLastReasonAndIsDeadLettered() {
        String key = "busy-" + UUID.randomUUID();
        String body = message(new UploadSource.Url(url("/busy")), "busy.wav", key);
        var batch = drivelink.uploadBatch();

        List<String> second = batch.process(List.of(new UploadBatch.Message("busy-m", body, 2)), Instant.now().plusSeconds(120));
        assertThat(second).as("a passing failure before the last delivery is delivered again").containsExactly("busy-m");
        assertThat(store().find(jobOf(key)).orElseThrow().status()).isEqualTo(UploadStatus.UPLOADING);

        List<String> last = batch.process(List.of(new UploadBatch.Message("busy-m", body, 5)), Instant.now().plusSeconds(120));

        assertThat(last).as("the last delivery is not handed back to SQS").isEmpty();
        UploadJob job = store().find(jobOf(key)).orElseThrow();
        assertThat(job.status()).isEqualTo(UploadStatus.FAILED);
        assertThat(job.error()).contains("gave up after 5 deliveries").contains("503");
        assertThat(deadLetterReasons("busy-m")).singleElement().asString().contains("gave up after 5 deliveries");
        events.await(e -> e.at("/detail/uploadId").asText().equals(job.id())
                && e.at("/detail-type").asText().equals("Drive Upload Failed"));
    }

    @Test
    void anUnexpectedFailureCostsOnlyItsMessageAndIsLoggedWithTheUploadId() throws Exception {
        // a job item the code cannot read (as a bug or a hand edit would leave it)
        String broken = "up_" + UUID.randomUUID().toString().replace("-", "");
        world.dynamo.putItem(r -> r.tableName(world.table()).item(Map.of("pk", AttributeValue.fromS("UPLOAD#" + broken),
                "sk", AttributeValue.fromS("UPLOAD"), "id", AttributeValue.fromS(broken), "status", AttributeValue.fromS("BOGUS"),
                "connectionId", AttributeValue.fromS(connectionId), "userId", AttributeValue.fromS(user))));
        String brokenBody = UploadMessages.write(new UploadRequest(1, broken, connectionId, new UploadSource.Url(url("/x")),
                "broken.wav", "audio/wav", null, null, null));
        String goodKey = "good-" + UUID.randomUUID();
        String s3key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(s3key), RequestBody.fromBytes(new byte[2048]));
        String goodBody = message(new UploadSource.S3(world.sourceBucket, s3key), "good.wav", goodKey);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(UploadBatch.class.getName()).addHandler(capture);
        try {
            List<String> retry = drivelink.uploadBatch().process(List.of(new UploadBatch.Message("broken-m", brokenBody, 1),
                    new UploadBatch.Message("good-m", goodBody, 1)), Instant.now().plusSeconds(120));

            assertThat(retry).containsExactly("broken-m");
            assertThat(store().find(jobOf(goodKey)).orElseThrow().status()).isEqualTo(UploadStatus.DONE);
            assertThat(logged).anyMatch(r -> (r.getMessage() + java.util.Arrays.toString(r.getParameters()))
                    .contains("failed unexpectedly") && (r.getMessage() + java.util.Arrays.toString(r.getParameters()))
                    .contains(broken));

            List<String> last = drivelink.uploadBatch().process(List.of(new UploadBatch.Message("broken-m", brokenBody, 5)),
                    Instant.now().plusSeconds(120));
            assertThat(last).isEmpty();
            assertThat(deadLetterReasons("broken-m")).singleElement().asString().contains("unexpected failure");
        } finally {
            Logger.getLogger(UploadBatch.class.getName()).removeHandler(capture);
        }
    }

    @Test
    void aLostSendMessageIsQueuedWhenTheSameRequestComesAgainAndAKeylessOneFailsVisibly() {
        var real = new SqsUploadQueue(world.stack.aws().sqs(), world.stack.ref("UploadQueue"),
                world.stack.ref("UploadDeadLetterQueue"));
        int[] failures = {1};
        List<UploadRequest> sent = new CopyOnWriteArrayList<>();
        UploadQueue flaky = new UploadQueue() {
            @Override
            public void enqueue(UploadRequest request) {
                if (failures[0]-- > 0) {
                    throw new QueueUnavailable("SQS is down", null);
                }
                real.enqueue(request);
                sent.add(request);
            }

            @Override
            public void deadLetter(String body, String reason, String originalMessageId) {
                real.deadLetter(body, reason, originalMessageId);
            }
        };
        var infra = world.driveLink.infrastructure();
        var jobs = new UploadJobs(store(), infra.publisher(), Clock.systemUTC());
        var intake = new UploadIntake(infra.connectionQueries(), jobs, flaky,
                new SourcePolicy(java.util.Set.of(world.sourceBucket), java.util.Optional.empty(), true));
        ObjectNode body = JSON.createObjectNode();
        body.put("connectionId", connectionId);
        body.putObject("source").put("url", "https://files.example.com/a.wav");
        body.put("fileName", "a.wav");
        body.put("mimeType", "audio/wav");
        body.put("idempotencyKey", "k-" + UUID.randomUUID());

        assertThatThrownBy(() -> intake.submit(user, body)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.code()).isEqualTo("queue-unavailable");
        });
        String id = jobOf(body.get("idempotencyKey").asText());
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(UploadStatus.QUEUED);
        assertThat(sent).isEmpty();

        UploadView again = intake.submit(user, body);

        assertThat(again.id()).isEqualTo(id);
        assertThat(sent).extracting(UploadRequest::uploadId).containsExactly(id);

        failures[0] = 1;
        ObjectNode keyless = body.deepCopy();
        keyless.remove("idempotencyKey");
        assertThatThrownBy(() -> intake.submit(user, keyless)).isInstanceOf(DomainException.class);
        // the keyless job is failed with the reason, not left QUEUED with no message behind it
        var failedEvent = events.await(e -> e.at("/detail-type").asText().equals("Drive Upload Failed")
                && e.at("/detail/userId").asText().equals(user));
        assertThat(failedEvent.at("/detail/error").asText()).contains("could not be queued");
    }

    @Test
    void aMessageNamingAnUnknownConnectionFailsOnlyAJobOfThatConnection() {
        String key = "mine-" + UUID.randomUUID();
        String s3key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(s3key), RequestBody.fromBytes(new byte[10]));
        UploadRequest request = new UploadRequest(1, null, connectionId, new UploadSource.S3(world.sourceBucket, s3key), "x.wav",
                "audio/wav", null, null, key);
        String id = UploadJobs.jobId(request, null);
        assertThat(store().createIfAbsent(UploadJob.queued(id, user, SourcePolicy.Origin.QUEUE, request, Instant.now()))).isTrue();
        // a forged continuation: someone else's job id, an unknown connection
        String forged = UploadMessages.write(new UploadRequest(1, id, "dc_" + "0".repeat(32),
                new UploadSource.S3(world.sourceBucket, s3key), "x.wav", "audio/wav", null, null, null));

        List<String> retry = drivelink.uploadBatch().process(List.of(new UploadBatch.Message("forged-m", forged, 1)),
                Instant.now().plusSeconds(60));

        assertThat(retry).isEmpty();
        assertThat(deadLetterReasons("forged-m")).singleElement().asString().contains("unknown connection");
        assertThat(store().find(id).orElseThrow().status()).as("the job of another connection is untouched")
                .isEqualTo(UploadStatus.QUEUED);
    }

    @Test
    void aMessageIsDeferredWhenTheInvocationIsEndingAndNotStartedWhenItAlmostHas() {
        String key = "late-" + UUID.randomUUID();
        String s3key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(s3key), RequestBody.fromBytes(new byte[1000]));
        String body = message(new UploadSource.S3(world.sourceBucket, s3key), "late.wav", key);
        long uploadsBefore = world.google.admin().requestCount("POST /upload/drive/v3/files");

        // 20 s left: less than the 30 s safety margin, enough to hand the job over
        List<String> deferred = drivelink.uploadBatch().process(List.of(new UploadBatch.Message("late-m", body, 1)),
                Instant.now().plusSeconds(20));
        // 3 s left: not even started
        List<String> untouched = drivelink.uploadBatch().process(List.of(new UploadBatch.Message("later-m",
                message(new UploadSource.S3(world.sourceBucket, s3key), "later.wav", "later-" + key), 1)),
                Instant.now().plusSeconds(3));

        assertThat(deferred).isEmpty();
        assertThat(store().find(jobOf(key)).orElseThrow().status()).isEqualTo(UploadStatus.QUEUED);
        assertThat(world.google.admin().requestCount("POST /upload/drive/v3/files")).isEqualTo(uploadsBefore);
        assertThat(untouched).containsExactly("later-m");
        assertThat(store().find(jobOf("later-" + key))).isEmpty();
    }

    @Test
    void sourcesOverTheSizeCapFailForGoodWhetherTheirSizeIsKnownOrOnlyShowsWhileStreaming() {
        DriveLink capped = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_MAX_SOURCE_BYTES", "200000",
                "DRIVELINK_UPLOADS_CHUNK_SIZE", Integer.toString(256 * 1024),
                "DRIVELINK_UPLOADS_SMALL_FILE_LIMIT", "1024")), Clock.systemUTC());
        String s3key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(s3key), RequestBody.fromBytes(BIG));

        var known = capped.uploads().process(new UploadRequest(1, null, connectionId, new UploadSource.S3(world.sourceBucket, s3key),
                "known.wav", "audio/wav", null, null, null), "cap-1", Instant.now().plusSeconds(120));
        var streamed = capped.uploads().process(new UploadRequest(1, null, connectionId, new UploadSource.Url(url("/unsized")),
                "streamed.wav", "audio/wav", null, null, null), "cap-2", Instant.now().plusSeconds(120));

        assertThat(known.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        assertThat(store().find(known.uploadId()).orElseThrow().error()).contains("at most 200000 bytes");
        assertThat(streamed.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        assertThat(store().find(streamed.uploadId()).orElseThrow().error()).contains("at most 200000 bytes");
    }

    @Test
    void aSourceThatDribblesCannotHoldTheWorkerPastItsTime() {
        DriveLink hurried = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_SAFETY_MARGIN", "PT2S",
                "DRIVELINK_UPLOADS_CHUNK_SIZE", Integer.toString(256 * 1024),
                "DRIVELINK_UPLOADS_SMALL_FILE_LIMIT", "1024")), Clock.systemUTC());
        Instant deadline = Instant.now().plusSeconds(8);

        var result = hurried.uploads().process(new UploadRequest(1, null, connectionId, new UploadSource.Url(url("/slow")),
                "slow.wav", "audio/wav", null, null, null), "slow-1", deadline);

        assertThat(Instant.now()).as("back before the invocation's end").isBefore(deadline);
        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.RETRY);
        assertThat(result.reason()).contains("in time");
    }

    @Test
    void aTokenCallEndsWellInsideTheRefreshLease() {
        DriveLink quick = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_GOOGLE_TOKEN_TIMEOUT", "PT1S")));
        world.google.admin().injectFault(Fault.delay("POST /token", 1, 6000));
        Instant start = Instant.now();

        var after = quick.tokens().refreshNow(connectionId);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        assertThat(after.status()).isEqualTo(ConnectionStatus.ERROR);
        assertThat(after.lastError()).contains("SocketTimeoutException");
        assertThatThrownBy(() -> world.driveLinkWith(world.configWith(Map.of("DRIVELINK_GOOGLE_TOKEN_TIMEOUT", "PT8S")))
                .tokens()).hasMessageContaining("less than half of drivelink.tokens.refresh-lease");
    }

    @Test
    void aRouteGivesUpOnGoogleWhenItsRequestBudgetIsSpent() {
        DriveLink budgeted = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_API_REQUEST_BUDGET", "PT2S")),
                Clock.systemUTC());
        String root = budgeted.connectionQueries().get(user, connectionId).rootFolder().id();

        world.google.admin().injectFault(Fault.delay("GET /drive/v3/files/*", 1, 8000));
        Instant slow = Instant.now();
        assertThatThrownBy(() -> budgeted.connectionCommands().resolveFolder(user, connectionId, root))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("google-unavailable"));
        assertThat(Duration.between(slow, Instant.now())).isLessThan(Duration.ofSeconds(5));

        world.google.admin().clearFaults();
        world.google.admin().injectFault(Fault.error("GET /drive/v3/files/*", 100, 503, "backendError"));
        Instant failing = Instant.now();
        assertThatThrownBy(() -> budgeted.connectionCommands().resolveFolder(user, connectionId, root))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("google-unavailable"));
        assertThat(Duration.between(failing, Instant.now())).isLessThan(Duration.ofSeconds(5));
        world.google.admin().clearFaults();
    }
}
