package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.testing.FileServer;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a host app sees of an upload: events whose appRef is the JSON object it sent (so an EventBridge
 * rule can route on its fields), and no presigned URL kept once the upload is over.
 */
class UploadEventsTest {

    static TestWorld world;
    static DriveLink drivelink;
    static FileServer files;
    static String connectionId;

    @BeforeAll
    static void start() throws Exception {
        world = TestWorld.start();
        drivelink = world.driveLinkWith(world.configWith(Map.of()), Clock.systemUTC());
        files = new FileServer();
        connectionId = world.connect("user-" + UUID.randomUUID(), "alice@example.com");
    }

    @AfterAll
    static void stop() {
        files.close();
        world.close();
    }

    UploadService.Result upload(String url, String appRef) {
        return drivelink.uploads().process(new UploadRequest(1, null, connectionId, new UploadSource.Url(url),
                "f-" + UUID.randomUUID() + ".wav", "audio/wav", null, appRef, null), "m-" + UUID.randomUUID(),
                Instant.now().plusSeconds(120));
    }

    @Test
    void aRuleCanRouteOnTheFieldsOfAppRef() {
        PublishedEvents renders = world.captureEvents("{\"source\":[\"drivelink\"],\"detail-type\":[\"Drive Upload Completed\"],"
                + "\"detail\":{\"appRef\":{\"type\":[\"render\"]}}}");
        String render = files.put("/" + UUID.randomUUID() + ".wav", new byte[100]);
        String other = files.put("/" + UUID.randomUUID() + ".wav", new byte[100]);

        var rendered = upload(render, "{\"type\":\"render\",\"renderJobId\":\"r-8812\"}");
        var stem = upload(other, "{\"type\":\"stem\",\"stemId\":\"s-1\"}");

        assertThat(rendered.outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertThat(stem.outcome()).isEqualTo(UploadService.Outcome.DONE);
        var event = renders.await(e -> e.at("/detail/uploadId").asText().equals(rendered.uploadId()));
        assertThat(event.at("/detail/appRef/renderJobId").asText()).isEqualTo("r-8812");
        assertThat(renders.all()).noneMatch(e -> e.at("/detail/uploadId").asText().equals(stem.uploadId()));
    }

    @Test
    void aPresignedUrlIsNotKeptOnceTheUploadIsOver() {
        String done = files.put("/" + UUID.randomUUID() + ".wav", new byte[100])
                + "?X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=0123456789abcdef";
        String missing = "http://127.0.0.1:1/nothing.wav?X-Amz-Signature=fedcba9876543210";

        var ok = upload(done, null);
        var failed = upload(missing, null);

        assertThat(ok.outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertThat(storedSourceUrl(ok.uploadId())).doesNotContain("?").doesNotContain("Signature").doesNotContain("AKID")
                .endsWith(".wav");
        assertThat(failed.outcome()).isIn(UploadService.Outcome.FAILED, UploadService.Outcome.RETRY);
        new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30)).find(failed.uploadId())
                .ifPresent(job -> drivelink.uploads().giveUp(job.id(), "test: given up"));
        assertThat(storedSourceUrl(failed.uploadId())).doesNotContain("Signature");
    }

    static String storedSourceUrl(String uploadId) {
        var item = world.dynamo.getItem(r -> r.tableName(world.table()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("UPLOAD#" + uploadId), "sk", AttributeValue.fromS("UPLOAD")))).item();
        return item.get("sourceUrl").s();
    }
}
