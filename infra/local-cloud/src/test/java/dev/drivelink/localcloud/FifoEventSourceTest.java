package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A FIFO queue's event source mapping as Lambda runs it: with several pollers and execution
 * environments, a message group is never in two invocations at once, so each group is processed in
 * the order it was sent (what the changes worker relies on: one connection, one group).
 */
class FifoEventSourceTest {

    @TempDir
    static Path dir;
    static Stack stack;
    static FunctionProcess worker;
    static EventSources sources;
    static SqsClient sqs;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path template = dir.resolve("template.yaml");
        try (InputStream in = FifoEventSourceTest.class.getResourceAsStream("/fifo-environments-template.yaml")) {
            Files.write(template, in.readAllBytes());
        }
        Files.createDirectories(dir.resolve("build"));
        Files.copy(TestFunctions.zip(), dir.resolve("build/echo.zip"));
        stack = new Provisioner(LocalAws.shared()).provision(CloudTemplate.load(template),
                ProvisionerTest.stackName("fifo"));
        worker = FunctionProcess.fromStack(stack, "Worker").concurrency(2).build().start();
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
    void eachMessageGroupIsProcessedInOrderNeverTwiceAtOnce() throws Exception {
        String queue = stack.ref("Ordered");
        assertThat(queue).endsWith(".fifo");
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            for (String group : List.of("a", "b", "c")) {
                String body = group + "-" + i;
                sent.add(body);
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body).messageGroupId(group).messageDeduplicationId(body));
            }
        }

        EventSourcesTest.waitUntil(() -> worker.logs().stream().filter(l -> l.startsWith("processed ")).count() >= sent.size(),
                60_000);

        List<String> processed = worker.logs().stream().filter(l -> l.startsWith("processed "))
                .map(l -> l.substring("processed ".length())).toList();
        assertThat(processed).containsExactlyInAnyOrderElementsOf(sent);
        for (String group : List.of("a", "b", "c")) {
            List<String> order = processed.stream().filter(body -> body.startsWith(group + "-")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                expected.add(group + "-" + i);
            }
            assertThat(order).as("group " + group).containsExactlyElementsOf(expected);
        }
        assertThat(events).anyMatch(line -> line.contains("sqs Worker/Ordered:"));
    }
}
