package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** A real function.zip run by AWS's runtime interface client in its own JVM, as Lambda runs it. */
class FunctionProcessTest {

    static FunctionProcess function;

    @BeforeAll
    static void start() {
        function = FunctionProcess.builder("EchoFunction")
                .functionName("stack-EchoFunction")
                .code(TestFunctions.zip())
                .handler(TestFunctions.HANDLER)
                .memorySize(256)
                .timeout(Duration.ofSeconds(2))
                .environment(Map.of("GREETING", "hello", "AWS_REGION", "us-east-1"))
                .build()
                .start();
        assertThat(function.awaitReady(Duration.ofSeconds(30))).isTrue();
    }

    @AfterAll
    static void stop() {
        List<Long> pids = function.pids();
        function.close();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    static JsonNode json(InvocationResult result) throws Exception {
        return Json.MAPPER.readTree(result.payload());
    }

    @Test
    void respondsWithWhatTheHandlerWrites() throws Exception {
        InvocationResult result = function.invoke("{\"action\":\"echo\",\"n\":1}");
        assertThat(result.isError()).isFalse();
        assertThat(result.payloadString()).isEqualTo("{\"action\":\"echo\",\"n\":1}");
    }

    @Test
    void runsInItsTaskRootWithTheLambdaEnvironment() throws Exception {
        JsonNode greeting = json(function.invoke("{\"action\":\"env\",\"name\":\"GREETING\"}"));
        assertThat(greeting.get("value").asText()).isEqualTo("hello");
        assertThat(greeting.get("functionName").asText()).isEqualTo("stack-EchoFunction");
        assertThat(greeting.get("remainingMs").asLong()).isBetween(1L, 2000L);
        String taskRoot = json(function.invoke("{\"action\":\"env\",\"name\":\"LAMBDA_TASK_ROOT\"}")).get("value").asText();
        assertThat(greeting.get("cwd").asText()).isEqualTo(taskRoot);
        assertThat(Files.isRegularFile(java.nio.file.Path.of(taskRoot, "dev/drivelink/localcloud/testfn/TestHandler.class"))).isTrue();
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"_HANDLER\"}")).get("value").asText())
                .isEqualTo(TestFunctions.HANDLER);
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"AWS_LAMBDA_FUNCTION_VERSION\"}")).get("value").asText())
                .isEqualTo("$LATEST");
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"AWS_LAMBDA_FUNCTION_MEMORY_SIZE\"}")).get("value").asText())
                .isEqualTo("256");
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"AWS_LAMBDA_RUNTIME_API\"}")).get("value").asText())
                .startsWith("127.0.0.1:");
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"HOME\"}")).get("value").isNull()).isTrue();
    }

    @Test
    void aThrownExceptionIsAnErrorAndTheProcessStaysUp() throws Exception {
        long pid = json(function.invoke("{\"action\":\"env\",\"name\":\"X\"}")).get("pid").asLong();
        InvocationResult result = function.invoke("{\"action\":\"fail\",\"message\":\"bad input\"}");
        assertThat(result.isError()).isTrue();
        assertThat(result.errorType()).isEqualTo("Runtime.UserException");
        assertThat(result.errorMessage()).isEqualTo("boom: bad input");
        assertThat(json(result).get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json(function.invoke("{\"action\":\"env\",\"name\":\"X\"}")).get("pid").asLong()).isEqualTo(pid);
    }

    @Test
    void logsGoToTheLogFileAndToLogs() throws Exception {
        function.invoke("{\"action\":\"log\",\"line\":\"a line to find 7f3a\"}");
        // the process's output is read by another thread: give it a moment to arrive
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!(function.logs().contains("a line to find 7f3a") && function.logs().contains("stderr: a line to find 7f3a"))
                && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertThat(function.logs()).contains("a line to find 7f3a", "stderr: a line to find 7f3a");
        assertThat(Files.readAllLines(function.logFile())).contains("a line to find 7f3a");
    }

    @Test
    void aTimeoutKillsTheProcessAndTheNextInvocationGetsAFreshOne() throws Exception {
        try (FunctionProcess slow = FunctionProcess.builder("SlowFunction").code(TestFunctions.zip())
                .handler(TestFunctions.HANDLER).memorySize(128).timeout(Duration.ofSeconds(1)).build()) {
            long before = json(slow.invoke("{\"action\":\"env\",\"name\":\"X\"}")).get("pid").asLong();
            long started = System.nanoTime();
            InvocationResult result = slow.invoke("{\"action\":\"sleep\",\"millis\":10000}");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(result.isTimeout()).isTrue();
            assertThat(result.errorMessage()).contains("Task timed out after 1.00 seconds");
            assertThat(tookMillis).isBetween(900L, 4000L);
            assertThat(slow.logs()).anyMatch(line -> line.contains("Task timed out"));

            JsonNode after = json(slow.invoke("{\"action\":\"env\",\"name\":\"X\"}"));
            assertThat(after.get("pid").asLong()).isNotEqualTo(before);
            assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(slow.starts()).isEqualTo(2);
        }
    }

    @Test
    void aProcessThatExitsMidInvocationIsAnExitErrorAndIsReplaced() throws Exception {
        try (FunctionProcess exiting = FunctionProcess.builder("ExitingFunction").code(TestFunctions.zip())
                .handler(TestFunctions.HANDLER).memorySize(128).timeout(Duration.ofSeconds(5)).build()) {
            InvocationResult result = exiting.invoke("{\"action\":\"exit\"}");
            assertThat(result.errorType()).isEqualTo("Runtime.ExitError");
            assertThat(result.errorMessage()).contains("exit status 3");
            assertThat(exiting.invoke("{\"action\":\"echo\"}").isError()).isFalse();
        }
    }

    @Test
    void anInitErrorFailsTheInvocationWithItsMessage() {
        try (FunctionProcess broken = FunctionProcess.builder("BrokenFunction").code(TestFunctions.zip())
                .handler(dev.drivelink.localcloud.testfn.BrokenHandler.class.getName() + "::handleRequest")
                .memorySize(128).timeout(Duration.ofSeconds(5)).build()) {
            InvocationResult result = broken.invoke("{}");
            assertThat(result.errorType()).isEqualTo("Runtime.InitError");
            assertThat(result.errorMessage()).contains("missing configuration: DRIVELINK_TABLE");
            assertThat(broken.initError()).get().asString().contains("missing configuration: DRIVELINK_TABLE");
            // Lambda tries the init again with the next invocation
            assertThat(broken.invoke("{}").errorType()).isEqualTo("Runtime.InitError");
            assertThat(broken.starts()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownHandlerClassIsBadFunctionCode() {
        try (FunctionProcess missing = FunctionProcess.builder("MissingFunction").code(TestFunctions.zip())
                .handler("dev.drivelink.nope.Missing::handleRequest").memorySize(128).timeout(Duration.ofSeconds(5))
                .build()) {
            InvocationResult result = missing.invoke("{}");
            assertThat(result.errorType()).isEqualTo("Runtime.BadFunctionCode");
            assertThat(result.errorMessage()).contains("Class not found: dev.drivelink.nope.Missing");
        }
    }

    @Test
    void invocationsQueueForOneProcessAndSpreadOverSeveral() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FunctionProcess two = FunctionProcess.builder("PairFunction").code(TestFunctions.zip())
                .handler(TestFunctions.HANDLER).memorySize(128).timeout(Duration.ofSeconds(10)).concurrency(2).build()) {
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(CompletableFuture.supplyAsync(() -> two.invoke("{\"action\":\"sleep\",\"millis\":300}"), pool));
            }
            for (CompletableFuture<InvocationResult> result : results) {
                assertThat(result.get().payloadString()).isEqualTo("{\"slept\":300}");
            }
            assertThat(two.starts()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }

        // one process: parallel callers are served one after the other
        List<CompletableFuture<InvocationResult>> serial = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                serial.add(CompletableFuture.supplyAsync(() -> function.invoke("{\"action\":\"sleep\",\"millis\":200}"), callers));
            }
            for (CompletableFuture<InvocationResult> result : serial) {
                assertThat(result.get().isError()).isFalse();
            }
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(600);
        } finally {
            callers.shutdownNow();
        }
    }
}
