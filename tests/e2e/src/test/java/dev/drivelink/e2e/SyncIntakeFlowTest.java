package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.localcloud.LocalCloud;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The sync engine's plumbing through local-cloud, as deployed: objects put into the app files bucket
 * reach the app-changes worker as S3 notifications (moto sends them; local-cloud adds the delete-marker
 * notifications moto leaves out), which asks for syncs on the FIFO sync queue; the sync worker
 * dead-letters what it cannot read, with the reason.
 */
class SyncIntakeFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern REQUESTED = Pattern.compile("app changes in project (\\S+) \\((\\d+) object change");
    static LocalCloud cloud;
    static Gateway gateway;
    static String admin;
    static String bucket;
    String project;

    @BeforeAll
    static void start() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        admin = SyncMember.adminToken(gateway);
        bucket = cloud.stack().ref("AppFilesBucket");
    }

    @BeforeEach
    void memberWithAConnection() throws Exception {
        project = SyncMember.join(cloud, gateway, admin, "flow", "alice@example.com").project();
    }

    void put(String path, String content) {
        cloud.aws().s3().putObject(r -> r.bucket(bucket).key("projects/" + project + "/" + path),
                RequestBody.fromString(content));
    }

    /** Object changes the app-changes worker handed on for this project, per sync request it sent. */
    List<Integer> requestsFor(String projectId) {
        return cloud.function("AppChangesWorkerFunction").logs().stream().map(REQUESTED::matcher).filter(Matcher::find)
                .filter(m -> m.group(1).equals(projectId)).map(m -> Integer.parseInt(m.group(2))).toList();
    }

    static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done, String what) throws InterruptedException {
        return SyncMember.await(cloud, read, done, what, "AppChangesWorkerFunction", "SyncWorkerFunction");
    }

    @Test
    void aBurstOfAHundredObjectsBecomesAFewSyncRequestsCoveringEveryObject() throws Exception {
        for (int i = 0; i < 100; i++) {
            put("stems/stem-" + i + ".wav", "stem " + i);
        }

        List<Integer> requests = await(() -> requestsFor(project),
                r -> r.stream().mapToInt(Integer::intValue).sum() >= 100, "all 100 object changes handed on");

        assertThat(requests.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(requests).as("one request per batch of notifications, not one per object").hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void aDeleteInTheVersionedBucketAsksForASync() throws Exception {
        put("old.wav", "old");
        await(() -> requestsFor(project), r -> !r.isEmpty(), "the put handed on");
        var marker = cloud.aws().s3().deleteObject(r -> r.bucket(bucket).key("projects/" + project + "/old.wav"));
        assertThat(marker.deleteMarker()).isTrue();

        await(() -> requestsFor(project), r -> r.size() >= 2, "the delete marker handed on");
    }

    @Test
    void aPoisonSyncMessageEndsInTheDeadLetterQueueWithItsReason() throws Exception {
        String group = "poison-" + UUID.randomUUID();
        cloud.aws().sqs().sendMessage(r -> r.queueUrl(cloud.stack().ref("SyncQueue")).messageBody("{\"version\":7}")
                .messageGroupId(group).messageDeduplicationId(group));

        String dlq = cloud.stack().ref("SyncDeadLetterQueue");
        Message dead = await(() -> cloud.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)
                        .messageAttributeNames("All").messageSystemAttributeNames(
                                software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages()
                        .stream().filter(m -> m.body().equals("{\"version\":7}")).findFirst().orElse(null),
                m -> m != null, "the poison message dead-lettered");

        assertThat(dead.messageAttributes().get("drivelink-reason").stringValue())
                .isEqualTo("invalid sync request: unsupported version 7 (expected 1)");
        assertThat(dead.attributes().get(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(group);
    }

    @Test
    void aNotificationThatIsNotOneEndsInTheAppChangesDeadLetterQueue() throws Exception {
        String body = "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"" + UUID.randomUUID() + "\"}]}";
        cloud.aws().sqs().sendMessage(r -> r.queueUrl(cloud.stack().ref("AppChangesQueue")).messageBody(body));

        String dlq = cloud.stack().ref("AppChangesDeadLetterQueue");
        Message dead = await(() -> cloud.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)
                        .messageAttributeNames("All")).messages().stream().filter(m -> m.body().equals(body))
                        .findFirst().orElse(null),
                m -> m != null, "the bad notification dead-lettered");
        assertThat(dead.messageAttributes().get("drivelink-reason").stringValue())
                .isEqualTo("invalid S3 notification: record 0: eventSource is \"aws:sqs\", expected \"aws:s3\"");
    }
}
