package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadMessages;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Attack: user B asks POST /drive/uploads for user A's S3 object (the bucket is an allowed one; the key
 * is A's). With UploadUserPrefix = users/{sub}/ the route answers 400 and nothing is queued; a job
 * written behind the route's back is refused by the packaged worker before it reads a byte.
 */
class CrossUserUploadAttackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static LocalCloud cloud;
    static Gateway gateway;
    String alice;
    String bob;
    String bobsJwt;
    String bobsConnection;
    String alicesKey;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
    }

    @BeforeEach
    void aliceHasAnObjectAndBobAConnection() throws Exception {
        alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        bobsJwt = cloud.signIn(bob);
        var authUrl = gateway.get("/drive/auth-url", bobsJwt);
        URI back = new ConsentBrowser().allow(JSON.readTree(authUrl.body()).get("url").asText(), "bob@example.com");
        bobsConnection = ConsentBrowser.query(URI.create(gateway.get(back.toString(), null).headers()
                .firstValue("Location").orElseThrow())).get("connectionId");
        alicesKey = "users/" + alice + "/private/" + UUID.randomUUID() + ".wav";
        cloud.aws().s3().putObject(r -> r.bucket(cloud.sourceBucket()).key(alicesKey),
                RequestBody.fromString("alice's unreleased mix"));
    }

    String request(String key, String fileName) {
        return "{\"connectionId\":\"" + bobsConnection + "\",\"source\":{\"s3\":{\"bucket\":\"" + cloud.sourceBucket()
                + "\",\"key\":\"" + key + "\"}},\"fileName\":\"" + fileName + "\",\"mimeType\":\"audio/wav\"}";
    }

    boolean inBobsDrive(String fileName) {
        return cloud.google().admin().files("bob@example.com").stream().anyMatch(f -> f.name().equals(fileName));
    }

    @Test
    void bobNamingAlicesObjectIsRefusedAtIntakeAndNothingLandsInBobsDrive() throws Exception {
        String name = "stolen-" + UUID.randomUUID() + ".wav";
        for (String key : new String[] {alicesKey, "users/" + bob + "/../" + alice + alicesKey.substring(alicesKey.indexOf("/private")),
                "users/" + bob + "//x.wav", "users/" + bob + "x/../" + alice + "/y.wav"}) {
            HttpResponse<String> refused = gateway.call("POST", "/drive/uploads", bobsJwt, request(key, name));
            assertThat(refused.statusCode()).as(key + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("source-not-allowed");
        }
        // give a wrongly queued upload time to arrive: nothing may
        String own = "users/" + bob + "/own.wav";
        cloud.aws().s3().putObject(r -> r.bucket(cloud.sourceBucket()).key(own), RequestBody.fromString("bob's"));
        String marker = "own-" + UUID.randomUUID() + ".wav";
        JsonNode accepted = JSON.readTree(gateway.call("POST", "/drive/uploads", bobsJwt, request(own, marker)).body());
        awaitStatus(accepted.get("id").asText(), "DONE");
        assertThat(inBobsDrive(name)).isFalse();
    }

    @Test
    void aJobWrittenBehindTheRoutesBackIsRefusedByTheWorker() throws Exception {
        String name = "forged-" + UUID.randomUUID() + ".wav";
        UploadRequest forged = new UploadRequest(1, null, bobsConnection,
                new UploadSource.S3(cloud.sourceBucket(), alicesKey), name, "audio/wav", null, null, null);
        String id = "up_" + UUID.randomUUID().toString().replace("-", "");
        new DynamoUploadStore(cloud.aws().dynamoDb(), cloud.stack().ref("DriveLinkTable"), Duration.ofDays(30))
                .createIfAbsent(UploadJob.queued(id, bob, SourcePolicy.Origin.API, forged, Instant.now()));
        cloud.aws().sqs().sendMessage(r -> r.queueUrl(cloud.stack().ref("UploadQueue"))
                .messageBody(UploadMessages.write(forged.withUploadId(id))));

        JsonNode failed = awaitStatus(id, "FAILED");

        assertThat(failed.get("error").asText()).contains("may not be read").contains("users/" + bob + "/");
        assertThat(inBobsDrive(name)).isFalse();
    }

    JsonNode awaitStatus(String id, String status) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode upload = null;
        while (Instant.now().isBefore(giveUp)) {
            upload = JSON.readTree(gateway.get("/drive/uploads/" + id, bobsJwt).body());
            if (upload.path("status").asText().equals(status)) {
                return upload;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("upload " + id + " is " + upload + "; worker log:\n"
                + String.join("\n", cloud.function("UploadWorkerFunction").logs()));
    }
}
