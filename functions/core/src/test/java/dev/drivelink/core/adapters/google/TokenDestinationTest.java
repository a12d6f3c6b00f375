package dev.drivelink.core.adapters.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.sun.net.httpserver.HttpServer;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.core.upload.UploadStatus;
import dev.drivelink.core.wiring.DriveLink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bearer token goes to the configured Drive origin and nowhere else: not to a session URI stored
 * on a job (data that someone may have changed), not to a Location header from elsewhere.
 */
class TokenDestinationTest {

    static TestWorld world;
    static HttpServer elsewhere;
    static final List<String> seenThere = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        world = TestWorld.start();
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            seenThere.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(308, -1);
            exchange.close();
        });
        elsewhere.start();
    }

    @AfterAll
    static void stop() {
        elsewhere.stop(0);
        world.close();
    }

    static String foreignSession() {
        return "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/upload/drive/v3/files?upload_id=stolen";
    }

    @Test
    void aSessionUriOffTheDriveOriginNeverGetsTheToken() {
        var uploads = new GoogleDriveApi(new GoogleDriveClients(new NetHttpTransport(), world.google.driveRootUrl(),
                Duration.ofSeconds(5), Duration.ofSeconds(5))).with(new DriveAccess.Bearer("the-secret-token", Instant.MAX))
                .uploads();

        assertThatThrownBy(() -> uploads.status(foreignSession(), 10L)).isInstanceOfSatisfying(DriveException.class, e -> {
            assertThat(e.kind()).isEqualTo(DriveException.Kind.REJECTED);
            assertThat(e.transientFailure()).isFalse();
            assertThat(e.getMessage()).contains("refusing to send the Drive token");
        });
        assertThatThrownBy(() -> uploads.putChunk(foreignSession(), new byte[4], 4, 0, 4L)).isInstanceOf(DriveException.class);
        assertThat(seenThere).isEmpty();
    }

    @Test
    void aJobWhoseStoredSessionPointsElsewhereFailsWithoutSendingTheToken() {
        String user = "user-" + UUID.randomUUID();
        String connectionId = world.connect(user, "alice@example.com");
        DriveLink drivelink = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_UPLOADS_SMALL_FILE_LIMIT", "1024")),
                Clock.systemUTC());
        String key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(key), RequestBody.fromBytes(new byte[4096]));
        UploadRequest request = new UploadRequest(1, null, connectionId, new UploadSource.S3(world.sourceBucket, key),
                "tampered.wav", "audio/wav", null, null, null);
        String id = "up_" + UUID.randomUUID().toString().replace("-", "");
        var store = new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30));
        UploadJob queued = UploadJob.queued(id, user, SourcePolicy.Origin.QUEUE, request, Instant.now());
        store.createIfAbsent(queued);
        // someone with write access to the table points the job's session at their own server
        store.save(queued.withProgress(foreignSession(), 0, 4096L, null).next(Instant.now()), queued.version());

        var result = drivelink.uploads().process(request.withUploadId(id), "m-" + UUID.randomUUID(),
                Instant.now().plusSeconds(120));

        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        UploadJob job = store.find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(UploadStatus.FAILED);
        assertThat(job.error()).contains("refusing to send the Drive token");
        assertThat(seenThere).isEmpty();
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        assertThat(GoogleDriveClients.origin("https://www.googleapis.com/upload/drive/v3/files?upload_id=x"))
                .isEqualTo(GoogleDriveClients.origin("https://WWW.googleapis.com:443/"));
        assertThat(GoogleDriveClients.origin("https://www.googleapis.com.evil.example/"))
                .isNotEqualTo(GoogleDriveClients.origin("https://www.googleapis.com/"));
        assertThat(GoogleDriveClients.origin("http://www.googleapis.com/"))
                .isNotEqualTo(GoogleDriveClients.origin("https://www.googleapis.com/"));
        assertThat(GoogleDriveClients.origin("https://user@www.googleapis.com/"))
                .isNotEqualTo(GoogleDriveClients.origin("https://www.googleapis.com/"));
    }
}
