package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * URL sources with production rules (AllowInsecureUrlSources off), through the core as the functions
 * wire it: the route answers 400 for what can be seen in the URL, and the worker fails (for good, with
 * the reason) what only shows when it resolves, instead of retrying it forever.
 */
class ProductionUrlRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestWorld world;
    static DriveLink production;
    String user;
    String connectionId;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
        production = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_ALLOW_INSECURE_URL_SOURCES", "false")),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void connected() {
        user = "user-" + UUID.randomUUID();
        connectionId = world.connect(user, "alice@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://files.example.com/a.wav", "https://files.example.com:8443/a.wav",
        "https://127.0.0.1/a.wav", "https://10.1.2.3/a.wav", "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/a", "https://[::1]/a", "https://[fd00::1]/a", "https://[64:ff9b::a9fe:a9fe]/a",
        "https://[::ffff:127.0.0.1]/a", "https://[::7f00:1]/a", "https://[fe80::1]/a", "https://224.0.0.1/a",
        "https://localhost/a", "https://localhost./a", "https://metadata.google.internal/a", "https://2130706433/a",
        "https://0x7f.0.0.1/a", "https://127.1/a", "https://user:secret@files.example.com/a",
        "ftp://files.example.com/a", "https:///a"})
    void theRouteRefusesWhatTheUrlAlreadyShows(String url) {
        ObjectNode body = JSON.createObjectNode();
        body.put("connectionId", connectionId);
        body.putObject("source").put("url", url);
        body.put("fileName", "a.wav");
        body.put("mimeType", "audio/wav");
        body.put("idempotencyKey", "k-" + UUID.randomUUID());

        assertThatThrownBy(() -> production.uploadIntake().submit(user, body))
                .isInstanceOfSatisfying(DomainException.class, e ->
                        assertThat(e.code()).isIn("source-not-allowed", "invalid-upload-request"));
        String jobId = UploadJobs.jobId(new UploadRequest(1, null, connectionId, new UploadSource.Url(url), "a.wav",
                "audio/wav", null, null, body.get("idempotencyKey").asText()), null);
        assertThat(new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30)).find(jobId)).isEmpty();
    }

    @Test
    void theWorkerFailsForGoodAHostThatDoesNotResolveOrIsNotPublic() {
        for (String url : new String[] {"https://no-such-host-" + UUID.randomUUID() + ".invalid/a.wav",
            "https://localhost/a.wav", "https://[::1]/a.wav"}) {
            UploadRequest request = new UploadRequest(1, null, connectionId, new UploadSource.Url(url), "a.wav",
                    "audio/wav", null, null, null);

            var result = production.uploads().process(request, "m-" + UUID.randomUUID(), Instant.now().plusSeconds(120));

            assertThat(result.outcome()).as(url + ": " + result.reason()).isEqualTo(UploadService.Outcome.FAILED);
            UploadJob job = new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30))
                    .find(result.uploadId()).orElseThrow();
            assertThat(job.status()).isEqualTo(UploadStatus.FAILED);
            assertThat(job.error()).containsAnyOf("does not resolve", "public internet");
        }
    }
}
