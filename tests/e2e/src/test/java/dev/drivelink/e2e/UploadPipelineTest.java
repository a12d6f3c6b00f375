package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.emulator.Fault;
import dev.drivelink.localcloud.LocalCloud;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The upload pipeline end to end: messages on the real upload queue (as a host app's pipeline sends
 * them) and POST /drive/uploads, consumed by the packaged worker through local-cloud's SQS event
 * source mapping, streamed from S3 (moto) or a URL into the Google emulator.
 */
class UploadPipelineTest {

    static final int MIB = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalCloud cloud;
    static Gateway gateway;
    static HttpServer files;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();
    String user;
    String jwt;
    String connectionId;

    @BeforeAll
    static void start() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            byte[] data = served.get(exchange.getRequestURI().getPath());
            if (data == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            int start = range != null && range.matches("bytes=\\d+-") ? Integer.parseInt(range.substring(6, range.length() - 1)) : 0;
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(data.length));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(start > 0 ? 206 : 200, data.length - start);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data, start, data.length - start);
            }
        });
        files.start();
    }

    @AfterAll
    static void stop() {
        files.stop(0);
    }

    @BeforeEach
    void connected() throws Exception {
        cloud.google().admin().clearFaults();
        user = "uploader-" + UUID.randomUUID().toString().substring(0, 8);
        jwt = cloud.signIn(user);
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), "carol@example.com");
        URI landing = URI.create(gateway.get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        connectionId = ConsentBrowser.query(landing).get("connectionId");
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    String s3Source(byte[] data) {
        return s3Source(data, "renders/" + UUID.randomUUID() + ".wav");
    }

    /** An object under the signed-in user's own prefix (UploadUserPrefix), which POST /drive/uploads may read. */
    String usersS3Source(byte[] data) {
        return s3Source(data, "users/" + user + "/renders/" + UUID.randomUUID() + ".wav");
    }

    String s3Source(byte[] data, String key) {
        cloud.aws().s3().putObject(r -> r.bucket(cloud.sourceBucket()).key(key), RequestBody.fromBytes(data));
        return "{\"s3\":{\"bucket\":\"" + cloud.sourceBucket() + "\",\"key\":\"" + key + "\"}}";
    }

    String urlSource(byte[] data) {
        String path = "/" + UUID.randomUUID() + ".bin";
        served.put(path, data);
        return "{\"url\":\"http://127.0.0.1:" + files.getAddress().getPort() + path + "\"}";
    }

    String message(String source, String fileName, String key) {
        return "{\"version\":1,\"connectionId\":\"" + connectionId + "\",\"source\":" + source + ",\"fileName\":\""
                + fileName + "\",\"mimeType\":\"audio/wav\",\"folderPath\":\"renders/e2e\",\"appRef\":{\"render\":\""
                + fileName + "\"}" + (key == null ? "" : ",\"idempotencyKey\":\"" + key + "\"") + "}";
    }

    void send(String body) {
        cloud.aws().sqs().sendMessage(r -> r.queueUrl(cloud.stack().ref("UploadQueue")).messageBody(body));
    }

    List<AdminFile> driveFiles(String name) {
        return cloud.google().admin().files("carol@example.com").stream()
                .filter(f -> f.name().equals(name) && !f.trashed()).toList();
    }

    AdminFile awaitFile(String name, int size) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(giveUp)) {
            List<AdminFile> found = driveFiles(name);
            if (!found.isEmpty() && found.get(0).size() != null && found.get(0).size() == size) {
                return found.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " never arrived; worker log:\n"
                + String.join("\n", cloud.function("UploadWorkerFunction").logs()));
    }

    /** Until the worker has taken (and finished) every message: none waiting, none in flight. */
    void awaitQueueDrained() throws InterruptedException {
        String queue = cloud.stack().ref("UploadQueue");
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(giveUp)) {
            var attributes = cloud.aws().sqs().getQueueAttributes(r -> r.queueUrl(queue).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            if ("0".equals(attributes.get("ApproximateNumberOfMessages"))
                    && "0".equals(attributes.get("ApproximateNumberOfMessagesNotVisible"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the upload queue never drained");
    }

    JsonNode awaitUpload(String id, String status) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode upload = null;
        while (Instant.now().isBefore(giveUp)) {
            upload = JSON.readTree(gateway.get("/drive/uploads/" + id, jwt).body());
            if (upload.get("status").asText().equals(status)) {
                return upload;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("upload " + id + " is " + upload);
    }

    @ParameterizedTest(name = "{0} bytes from S3 and from a URL")
    @ValueSource(ints = {1024, 5 * 1024 * 1024, 5 * 1024 * 1024 + 1, 50 * 1024 * 1024})
    void filesArriveByteIdenticalFromS3AndFromAUrl(int size) throws Exception {
        byte[] data = bytes(size, size);
        String viaS3 = "s3-" + size + "-" + UUID.randomUUID() + ".wav";
        String viaUrl = "url-" + size + "-" + UUID.randomUUID() + ".wav";
        send(message(s3Source(data), viaS3, null));
        send(message(urlSource(data), viaUrl, null));

        for (String name : List.of(viaS3, viaUrl)) {
            AdminFile file = awaitFile(name, size);
            assertThat(file.md5Checksum()).isEqualTo(md5(data));
            assertThat(cloud.google().admin().file(file.parents().get(0)).name()).isEqualTo("e2e");
            assertThat(driveFiles(name)).hasSize(1);
        }
    }

    @Test
    void theSameMessageDeliveredTwiceMakesOneDriveFile() throws Exception {
        byte[] data = bytes(64 * 1024, 5);
        String name = "dup-" + UUID.randomUUID() + ".wav";
        String body = message(s3Source(data), name, "render-" + name);
        send(body);
        send(body);
        awaitFile(name, data.length);
        awaitQueueDrained();
        assertThat(driveFiles(name)).hasSize(1);
    }

    @Test
    void withA503MidUploadTheFileStillLandsOnce() throws Exception {
        cloud.google().admin().injectFault(Fault.error("PUT /upload/drive/v3/files", 1, 503, "backendError"));
        byte[] data = bytes(20 * MIB, 6);
        String name = "fault-" + UUID.randomUUID() + ".wav";
        send(message(urlSource(data), name, null));
        AdminFile file = awaitFile(name, data.length);
        assertThat(file.md5Checksum()).isEqualTo(md5(data));
        assertThat(driveFiles(name)).hasSize(1);
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueWithItsReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        send("{\"version\":1,\"this is\":\"" + marker + "\"}");
        String dlq = cloud.stack().ref("UploadDeadLetterQueue");
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(giveUp)) {
            for (var m : cloud.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (m.body().contains(marker)) {
                    assertThat(m.messageAttributes().get("drivelink-reason").stringValue())
                            .contains("\"connectionId\" is required");
                    return;
                }
            }
        }
        throw new AssertionError("the poison message never reached the dead-letter queue");
    }

    @Test
    void postUploadsEnqueuesAndGetShowsTheOutcome() throws Exception {
        byte[] data = bytes(300 * 1024, 7);
        String name = "api-" + UUID.randomUUID() + ".wav";
        String body = "{\"connectionId\":\"" + connectionId + "\",\"source\":" + usersS3Source(data) + ",\"fileName\":\"" + name
                + "\",\"mimeType\":\"audio/wav\",\"appRef\":{\"mediaItem\":\"m-1\"}}";

        HttpResponse<String> accepted = gateway.call("POST", "/drive/uploads", jwt, body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asText();
        assertThat(JSON.readTree(accepted.body()).get("status").asText()).isEqualTo("QUEUED");
        JsonNode done = awaitUpload(id, "DONE");
        assertThat(done.get("driveFileId").asText()).isEqualTo(driveFiles(name).get(0).id());
        assertThat(done.get("webViewLink").asText()).contains(done.get("driveFileId").asText());
        assertThat(done.get("bytesDone").asLong()).isEqualTo(data.length);
        assertThat(done.get("md5Checksum").asText()).isEqualTo(md5(data));
        assertThat(done.get("appRef").get("mediaItem").asText()).as("the host app's JSON as it sent it").isEqualTo("m-1");
        assertThat(done.toString()).doesNotContain("upload_id").doesNotContain("sessionUri");

        String intruder = cloud.signIn("intruder-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(gateway.get("/drive/uploads/" + id, intruder).statusCode()).isEqualTo(404);
        assertThat(gateway.call("POST", "/drive/uploads", intruder, body).statusCode()).isEqualTo(404);
    }

    @Test
    void aFullDriveIsAFailedUploadWithAReasonAPersonCanActOn() throws Exception {
        cloud.google().admin().setStorageQuota("carol@example.com", 1);
        try {
            String body = "{\"connectionId\":\"" + connectionId + "\",\"source\":" + usersS3Source(bytes(2048, 8))
                    + ",\"fileName\":\"full.wav\",\"mimeType\":\"audio/wav\"}";
            String id = JSON.readTree(gateway.call("POST", "/drive/uploads", jwt, body).body()).get("id").asText();
            JsonNode failed = awaitUpload(id, "FAILED");
            assertThat(failed.get("error").asText()).contains("Drive is full");
        } finally {
            cloud.google().admin().setStorageQuota("carol@example.com", Long.MAX_VALUE);
        }
    }

    @Test
    void badUploadRequestsAreClearProblems() throws Exception {
        var missing = gateway.call("POST", "/drive/uploads", jwt, "{\"connectionId\":\"" + connectionId + "\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("invalid-upload-request");
        assertThat(JSON.readTree(missing.body()).get("detail").asText()).contains("source");
        assertThat(gateway.call("POST", "/drive/uploads", jwt, "nope").statusCode()).isEqualTo(400);
        assertThat(gateway.get("/drive/uploads/up_ffffffffffffffffffffffffffffffff", jwt).statusCode()).isEqualTo(404);
    }
}
