package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Attack: user B asks drivelink to upload user A's S3 object into B's Drive. The user-facing route
 * takes S3 keys only under the caller's own prefix (users/{sub}/), and the worker checks a job again
 * against the user stored on it, so a job that got past the intake is refused before a byte is read.
 */
class CrossUserSourceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestWorld world;
    static DriveLink withPrefix;
    static DriveLink withoutPrefix;
    String alice;
    String bob;
    String bobsConnection;
    String secretKey;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
        withPrefix = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_USER_PREFIX", "users/{sub}/")),
                Clock.systemUTC());
        withoutPrefix = world.driveLinkWith(world.configWith(Map.of()), Clock.systemUTC());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void twoUsers() {
        alice = "alice-" + UUID.randomUUID();
        bob = "bob-" + UUID.randomUUID();
        bobsConnection = world.connect(bob, "bob@example.com");
        secretKey = "users/" + alice + "/private/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(secretKey),
                RequestBody.fromBytes("alice's unreleased mix".getBytes()));
    }

    ObjectNode request(String key, String idempotencyKey) {
        ObjectNode body = JSON.createObjectNode();
        body.put("connectionId", bobsConnection);
        body.putObject("source").putObject("s3").put("bucket", world.sourceBucket).put("key", key);
        body.put("fileName", "stolen.wav");
        body.put("mimeType", "audio/wav");
        body.put("idempotencyKey", idempotencyKey);
        return body;
    }

    void assertRefusedAndNothingStored(DriveLink drivelink, String key) {
        String idempotencyKey = "k-" + UUID.randomUUID();
        assertThatThrownBy(() -> drivelink.uploadIntake().submit(bob, request(key, idempotencyKey)))
                .as(key)
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(e.code()).isEqualTo("source-not-allowed");
                });
        String wouldBeJob = UploadJobs.jobId(UploadMessages.fromJson(request(key, idempotencyKey), false), null);
        assertThat(store().find(wouldBeJob)).as("no job for " + key).isEmpty();
    }

    static DynamoUploadStore store() {
        return new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30));
    }

    List<String> bobsDriveFiles() {
        return world.google.admin().files("bob@example.com").stream().map(f -> f.name()).toList();
    }

    @Test
    void bobCannotNameAlicesObjectNorReachItThroughTraversalOrLookAlikes() {
        assertRefusedAndNothingStored(withPrefix, secretKey);
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "/../" + alice + secretKey.substring(secretKey.indexOf("/private")));
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "/./x.wav");
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "//x.wav");
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "/");
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "x/file.wav"); // another user whose id starts like bob's
        assertRefusedAndNothingStored(withPrefix, "users/" + bob + "/a\\..\\b.wav");
        assertRefusedAndNothingStored(withPrefix, "/users/" + bob + "/x.wav");
        assertThat(bobsDriveFiles()).doesNotContain("stolen.wav");
    }

    @Test
    void bobMayUploadHisOwnObject() {
        String own = "users/" + bob + "/renders/mix.wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(own), RequestBody.fromBytes(new byte[10]));

        UploadView view = withPrefix.uploadIntake().submit(bob, request(own, "own-" + UUID.randomUUID()));

        assertThat(view.status()).isEqualTo(UploadStatus.QUEUED);
        assertThat(store().find(view.id()).orElseThrow().origin()).isEqualTo(SourcePolicy.Origin.API);
    }

    @Test
    void withoutAUserPrefixTheRouteRefusesEveryS3Source() {
        assertRefusedAndNothingStored(withoutPrefix, "users/" + bob + "/renders/mix.wav");
        assertRefusedAndNothingStored(withoutPrefix, "renders/anything.wav");
    }

    @Test
    void aForgedUserJobNamingAlicesObjectIsRefusedByTheWorkerBeforeReadingIt() {
        // as if the intake had been bypassed: a job of Bob's, from the API, naming Alice's object
        UploadRequest forged = new UploadRequest(1, null, bobsConnection, new UploadSource.S3(world.sourceBucket, secretKey),
                "stolen.wav", "audio/wav", null, null, null);
        String jobId = "up_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(store().createIfAbsent(UploadJob.queued(jobId, bob, SourcePolicy.Origin.API, forged, Instant.now())))
                .isTrue();

        var result = withPrefix.uploads().process(forged.withUploadId(jobId), "m-" + UUID.randomUUID(),
                Instant.now().plus(Duration.ofMinutes(2)));

        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        UploadJob job = store().find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(UploadStatus.FAILED);
        assertThat(job.error()).contains("may not be read").contains("users/" + bob + "/");
        assertThat(job.driveFileId()).as("not even a Drive id was taken").isNull();
        assertThat(bobsDriveFiles()).doesNotContain("stolen.wav");
    }

    @Test
    void aPipelineOnTheQueueIsTrustedForAnyObjectInAnAllowedBucket() {
        UploadRequest fromPipeline = new UploadRequest(1, null, bobsConnection,
                new UploadSource.S3(world.sourceBucket, secretKey), "pipeline.wav", "audio/wav", null, null, null);

        var result = withPrefix.uploads().process(fromPipeline, "m-" + UUID.randomUUID(),
                Instant.now().plus(Duration.ofMinutes(2)));

        assertThat(result.outcome()).as(result.reason()).isEqualTo(UploadService.Outcome.DONE);
        assertThat(store().find(result.uploadId()).orElseThrow().origin()).isEqualTo(SourcePolicy.Origin.QUEUE);
    }
}
