package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Schedules and SQS event source mappings, wired from a template, against moto and the echo function. */
class EventSourcesTest {

    @TempDir
    static Path dir;
    static Stack stack;
    static FunctionProcess worker;
    static EventSources sources;
    static SqsClient sqs;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path template = TestFunctions.templateWithTestFunction(dir, "/events-template.yaml");
        stack = new Provisioner(LocalAws.shared()).provision(CloudTemplate.load(template),
                ProvisionerTest.stackName("events"));
        worker = FunctionProcess.fromStack(stack, "Worker").build().start();
        sources = new EventSources(stack, id -> id.equals("Worker") ? worker : null, events::add).start();
        sqs = LocalAws.shared().sqs();
    }

    @AfterAll
    static void stop() {
        sources.close();
        worker.close();
        sqs.close();
    }

    @Test
    void rulesComeFromTheTemplate() {
        assertThat(sources.rules()).extracting(EventSources.Rule::eventName).containsExactly("Tick", "Nightly");
        EventSources.Rule tick = sources.rules().get(0);
        assertThat(tick.expression().isRate()).isTrue();
        assertThat(tick.ruleArn()).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/" + stack.name() + "-Worker-Tick");
        Instant next = sources.nextFiring("Worker", "Tick").orElseThrow();
        assertThat(next).isBetween(Instant.now(), Instant.now().plusSeconds(61));
        assertThat(sources.nextFiring("Worker", "Nightly").orElseThrow().toString()).endsWith("T03:00:00Z");
        assertThat(sources.sqsMappings()).singleElement().satisfies(m -> {
            assertThat(m.queueArn()).isEqualTo(stack.getAtt("Jobs", "Arn"));
            assertThat(m.queueUrl()).isEqualTo(stack.ref("Jobs"));
        });
    }

    @Test
    void aScheduleFiresAScheduledEventOrItsInput() throws Exception {
        InvocationResult tick = sources.fire("Worker", "Tick");
        JsonNode event = Json.MAPPER.readTree(tick.payload());
        assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.get("source").asText()).isEqualTo("aws.events");
        assertThat(event.get("account").asText()).isEqualTo("123456789012");
        assertThat(event.get("resources").get(0).asText()).endsWith(":rule/" + stack.name() + "-Worker-Tick");
        assertThat(event.get("detail").isObject()).isTrue();

        assertThat(sources.fire("Worker", "Nightly").payloadString()).isEqualTo("{\"action\":\"echo\",\"from\":\"nightly\"}");
        assertThatThrownBy(() -> sources.fire("Worker", "Never")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sqsBatchesArePolledPartialFailuresRedeliveredThenDeadLettered() throws Exception {
        String queue = stack.ref("Jobs");
        for (String body : List.of("ok-1", "ok-2", "fail-3")) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
        }
        waitUntil(() -> worker.logs().containsAll(List.of("processed ok-1", "processed ok-2")), 15_000);

        String deadLetters = stack.ref("JobsDeadLetters");
        List<Message> dead = new CopyOnWriteArrayList<>();
        waitUntil(() -> {
            dead.addAll(sqs.receiveMessage(b -> b.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
            return !dead.isEmpty();
        }, 20_000);
        assertThat(dead).extracting(Message::body).containsExactly("fail-3");
        assertThat(worker.logs().stream().filter(line -> line.equals("failed fail-3")).count()).isEqualTo(2);
        assertThat(worker.logs().stream().filter(line -> line.equals("processed ok-1")).count()).isEqualTo(1);
        assertThat(events).anyMatch(line -> line.contains("sqs Worker/Jobs:") && line.contains("1 failed"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void batchItemFailuresAreReadAsLambdaReadsThem() {
        Set<String> batch = Set.of("a", "b");
        assertThat(EventSources.batchItemFailures(null, batch)).isEmpty();
        assertThat(EventSources.batchItemFailures("{}".getBytes(), batch)).isEmpty();
        assertThat(EventSources.batchItemFailures("{\"batchItemFailures\":[]}".getBytes(), batch)).isEmpty();
        assertThat(EventSources.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}".getBytes(), batch))
                .containsExactly("b");
        assertThat(EventSources.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"zz\"}]}".getBytes(), batch))
                .isNull();
        assertThat(EventSources.batchItemFailures("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}".getBytes(), batch))
                .isNull();
    }

    @Test
    void scheduleExpressions() {
        Instant t = Instant.parse("2026-11-21T20:13:42Z");
        assertThat(ScheduleExpression.parse("rate(5 minutes)").next(t)).isEqualTo(t.plusSeconds(300));
        assertThat(ScheduleExpression.parse("rate(1 hour)").rate()).hasHours(1);
        assertThat(ScheduleExpression.parse("cron(0/15 * * * ? *)").next(t)).isEqualTo(Instant.parse("2026-11-21T20:15:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)").next(t)).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(ScheduleExpression.parse("cron(30 2 1 * ? *)").next(t)).isEqualTo(Instant.parse("2026-12-01T02:30:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 12 ? JAN,JUL 1 2027)").next(t)).isEqualTo(Instant.parse("2027-01-03T12:00:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)").next(t)).isNull();
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 minutes)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 0 * * * *)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 0 L * ? *)")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ScheduleExpression.parse("every 5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        TestFunctions.waitUntil(condition, millis, () -> "worker logs: " + worker.logs() + "; events: " + events);
    }
}
