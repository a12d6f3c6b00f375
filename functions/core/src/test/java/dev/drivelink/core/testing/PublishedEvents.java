package dev.drivelink.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.localcloud.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What arrived on an EventBridge bus, through a rule into an SQS queue (as a host app would subscribe). */
public final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SqsClient sqs;
    private final String queueUrl;
    private final List<JsonNode> seen = new ArrayList<>();

    private PublishedEvents(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    static PublishedEvents capture(LocalAws aws, String busName) {
        return capture(aws, busName, "{\"source\":[\"drivelink\"]}");
    }

    /** Only the events an EventBridge rule with {@code eventPattern} lets through. */
    static PublishedEvents capture(LocalAws aws, String busName, String eventPattern) {
        String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        SqsClient sqs = aws.sqs();
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        var events = aws.eventBridge();
        events.putRule(r -> r.name(name).eventBusName(busName).eventPattern(eventPattern));
        events.putTargets(r -> r.rule(name).eventBusName(busName).targets(Target.builder().id("q").arn(arn).build()));
        return new PublishedEvents(sqs, url);
    }

    /** Waits up to 5 s for an event matching {@code match}. */
    public JsonNode await(Predicate<JsonNode> match) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(giveUp)) {
            for (JsonNode e : all()) {
                if (match.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no matching event; seen: " + seen);
    }

    /** Every event received so far. */
    public synchronized List<JsonNode> all() {
        var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        for (var m : messages) {
            try {
                seen.add(JSON.readTree(m.body()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return List.copyOf(seen);
    }
}
