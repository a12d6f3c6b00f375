package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SQS event source mappings on FIFO queues, as Lambda runs them: a message group's messages arrive in
 * order and never in two batches at once, even with several execution environments polling; a poison
 * message holds its group back until it reaches the dead-letter queue, while other groups go on. Also
 * the mappings AWS refuses. Runs {@code OrderedHandler} (a FIFO-correct consumer) in 3 environments.
 */
class FifoEventSourcesTest {

    @TempDir
    static Path dir;
    static Stack stack;
    static FunctionProcess worker;
    static EventSources sources;
    static SqsClient sqs;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path template = TestFunctions.templateWithTestFunction(dir, "/fifo-template.yaml");
        stack = new Provisioner(LocalAws.shared()).provision(CloudTemplate.load(template), ProvisionerTest.stackName("fifo"));
        worker = FunctionProcess.fromStack(stack, "OrderedWorker").concurrency(3).build();
        // three warm environments, so no batch waits for a cold start while its visibility timeout runs
        List<java.util.concurrent.CompletableFuture<InvocationResult>> warmUps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            warmUps.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> worker.invoke("{\"Records\":[]}")));
        }
        warmUps.forEach(java.util.concurrent.CompletableFuture::join);
        sources = new EventSources(stack, id -> id.equals("OrderedWorker") ? worker : null, events::add).start();
        sqs = LocalAws.shared().sqs();
    }

    @AfterAll
    static void stop() {
        sources.close();
        worker.close();
        sqs.close();
    }

    /** A "processed"/"failed" line: group, body, when. */
    record Handled(String outcome, String group, String body, long at) {
    }

    /** A "batch" line: when it started and ended, the groups in it. */
    record Batch(long start, long end, List<String> groups) {
    }

    static List<Handled> handled() {
        List<Handled> result = new ArrayList<>();
        for (String line : worker.logs()) {
            String[] parts = line.split(" ");
            if (parts.length == 4 && (parts[0].equals("processed") || parts[0].equals("failed"))) {
                result.add(new Handled(parts[0], parts[1], parts[2], Long.parseLong(parts[3])));
            }
        }
        return result;
    }

    static List<Batch> batches() {
        List<Batch> result = new ArrayList<>();
        for (String line : worker.logs()) {
            String[] parts = line.split(" ");
            if (parts.length == 4 && parts[0].equals("batch")) {
                result.add(new Batch(Long.parseLong(parts[1]), Long.parseLong(parts[2]), List.of(parts[3].split(","))));
            }
        }
        return result;
    }

    @Test
    void eachGroupIsDeliveredInOrderAndNeverInTwoBatchesAtOnce() throws Exception {
        String queue = stack.ref("Ordered");
        List<String> groups = List.of("A", "B", "C");
        int perGroup = 8;
        // each group in one SendMessageBatch, while the pollers wait in their receives: the moment a
        // group's later messages are there for the taking by a second poller
        for (String group : groups) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageGroupId(group)
                        .messageBody(group + "-" + i).build());
            }
            assertThat(sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries)).failed()).isEmpty();
        }
        waitUntil(() -> handled().stream().filter(h -> groups.contains(h.group())).count() >= groups.size() * perGroup,
                30_000);

        Map<String, List<Handled>> byGroup = new LinkedHashMap<>();
        handled().stream().filter(h -> groups.contains(h.group()))
                .forEach(h -> byGroup.computeIfAbsent(h.group(), g -> new ArrayList<>()).add(h));
        for (String group : groups) {
            List<Handled> seen = byGroup.get(group);
            assertThat(seen).extracting(Handled::body).as("group %s, once each, in order", group)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perGroup).mapToObj(i -> group + "-" + i).toList());
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).at()).as("%s handled after %s", seen.get(i).body(), seen.get(i - 1).body())
                        .isGreaterThan(seen.get(i - 1).at());
            }
        }

        List<Batch> batches = batches().stream().filter(b -> groups.stream().anyMatch(b.groups()::contains)).toList();
        assertThat(worker.starts()).as("several environments polled").isGreaterThan(1);
        for (int i = 0; i < batches.size(); i++) {
            for (int j = i + 1; j < batches.size(); j++) {
                Batch a = batches.get(i);
                Batch b = batches.get(j);
                boolean shareAGroup = a.groups().stream().anyMatch(b.groups()::contains);
                boolean overlap = a.start() < b.end() && b.start() < a.end();
                assertThat(shareAGroup && overlap).as("batches %s and %s of one group ran at once", a, b).isFalse();
            }
        }
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void aPoisonMessageHoldsItsGroupUntilItIsDeadLetteredWhileOtherGroupsGoOn() throws Exception {
        String queue = stack.ref("Poisoned");
        for (String body : List.of("G-0", "G-1-fail", "G-2", "G-3")) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageGroupId("G").messageBody(body));
        }
        for (String body : List.of("H-0", "H-1", "H-2")) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageGroupId("H").messageBody(body));
        }
        waitUntil(() -> handled().stream().anyMatch(h -> h.body().equals("G-3")), 30_000);
        String deadLetters = stack.ref("PoisonedDeadLetters");
        List<Message> dead = new CopyOnWriteArrayList<>();
        waitUntil(() -> {
            dead.addAll(sqs.receiveMessage(b -> b.queueUrl(deadLetters).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
            return !dead.isEmpty();
        }, 10_000);
        assertThat(dead).extracting(Message::body).containsExactly("G-1-fail");

        List<Handled> g = handled().stream().filter(h -> h.group().equals("G")).toList();
        assertThat(g).extracting(h -> h.outcome() + " " + h.body())
                .as("tried twice (maxReceiveCount 2), then dead-lettered; nothing of G overtook it")
                .containsExactly("processed G-0", "failed G-1-fail", "failed G-1-fail", "processed G-2", "processed G-3");
        List<Handled> h = handled().stream().filter(x -> x.group().equals("H")).toList();
        assertThat(h).extracting(Handled::body).containsExactly("H-0", "H-1", "H-2");
        assertThat(h.get(2).at()).as("group H did not wait for G's poison message").isLessThan(g.get(3).at());
    }

    @Test
    void mappingsAwsRefusesAreRefused() {
        assertThat(refusal("FifoQueue: true", "VisibilityTimeout: 30", "BatchSize: 10\n            MaximumBatchingWindowInSeconds: 1"))
                .contains("batching window is not supported for FIFO");
        assertThat(refusal("FifoQueue: true", "VisibilityTimeout: 30", "BatchSize: 11"))
                .contains("at most 10 for a FIFO queue");
        assertThat(refusal("FifoQueue: false", "VisibilityTimeout: 30", "BatchSize: 50"))
                .contains("up to 10000 with a batching window");
        assertThat(refusal("FifoQueue: false", "VisibilityTimeout: 5", "BatchSize: 10"))
                .contains("visibility timeout (5 s) is below the function timeout (20 s)");
        assertThat(refusal("FifoQueue: false", "VisibilityTimeout: 30", "ScalingConfig: { MaximumConcurrency: 1 }"))
                .contains("MaximumConcurrency must be 2-1000");
    }

    @Test
    void maximumConcurrencyCapsThePollers() {
        Stack capped = provision("FifoQueue: false", "VisibilityTimeout: 30", "ScalingConfig: { MaximumConcurrency: 2 }");
        try (FunctionProcess fn = FunctionProcess.builder("Fn").code(TestFunctions.zip()).handler(TestFunctions.HANDLER)
                .concurrency(4).build();
                EventSources capping = new EventSources(capped, id -> fn, null)) {
            EventSources.SqsMapping mapping = capping.sqsMappings().get(0);
            assertThat(mapping.maximumConcurrency()).isEqualTo(2);
            assertThat(EventSources.pollers(mapping, fn)).isEqualTo(2);
        }
    }

    private static Stack provision(String fifo, String visibility, String mappingProperty) {
        String text = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Properties:
                      %s
                      %s
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: x.Y::handleRequest
                      CodeUri: build/fn.zip
                      Timeout: 20
                      Events:
                        Q:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Q.Arn
                            %s
                """.formatted(fifo, visibility, mappingProperty);
        return new Provisioner(LocalAws.shared()).provision(CloudTemplate.parse(text, dir), ProvisionerTest.stackName("esm"));
    }

    private static String refusal(String fifo, String visibility, String mappingProperty) {
        Stack bad = provision(fifo, visibility, mappingProperty);
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EventSources(bad, id -> null, null));
        return refused.getMessage();
    }

    static void waitUntil(BooleanSupplier condition, long millis) throws InterruptedException {
        TestFunctions.waitUntil(condition, millis, () -> "worker logs: " + worker.logs() + "; events: " + events);
    }
}
