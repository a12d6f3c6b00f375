package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.localcloud.InvocationResult;
import dev.drivelink.localcloud.LocalCloud;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The change detection sample events in events/ (what `sam local invoke` would use) go straight into
 * their packaged functions, as Lambda would deliver them, and get the answer a caller should see.
 */
class ChangeSampleEventsTest {

    static LocalCloud cloud;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        cloud = World.cloud();
    }

    static String sample(String name) throws Exception {
        return Files.readString(Repo.root().resolve("events").resolve(name));
    }

    static JsonNode invoke(String function, String sample) throws Exception {
        InvocationResult result = cloud.function(function).invoke(sample(sample));
        assertThat(result.isError()).as(result.payloadString()).isFalse();
        return JSON.readTree(result.payloadString());
    }

    @Test
    void aNotificationForAChannelWeDoNotKnowGetsTheUsualEmptyAnswer() throws Exception {
        JsonNode response = invoke("WebhookFunction", "webhook-notification.json");
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).isEmpty();
    }

    @Test
    void aSyncRequestForAnUnknownConnectionIsDeadLetteredWithItsReasonNotRetried() throws Exception {
        JsonNode response = invoke("ChangesWorkerFunction", "changes-worker-sqs.json");
        assertThat(response.path("batchItemFailures")).isEmpty();
        String dlq = cloud.stack().ref("ChangesDeadLetterQueue");
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(giveUp)) {
            for (var m : cloud.aws().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (m.body().contains("dc_0123456789abcdef0123456789abcdef")) {
                    assertThat(m.messageAttributes().get("drivelink-reason").stringValue()).contains("unknown connection");
                    return;
                }
            }
        }
        throw new AssertionError("the sample's sync request never reached the dead-letter queue");
    }

    @Test
    void theScheduledSweepsAnswerWithTheirCounts() throws Exception {
        JsonNode renewal = invoke("ChannelRenewalFunction", "channel-renewal.json");
        assertThat(renewal.has("examined") && renewal.has("renewed") && renewal.has("failed")).as(renewal.toString()).isTrue();
        assertThat(renewal.get("failed").asInt()).isZero();
        JsonNode backstop = invoke("ChangesBackstopFunction", "changes-backstop.json");
        assertThat(backstop.has("due") && backstop.has("enqueued")).as(backstop.toString()).isTrue();
        assertThat(backstop.get("failed").asInt()).isZero();
    }
}
