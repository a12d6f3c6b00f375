package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API protocol, spoken by hand. */
class LambdaRuntimeApiTest {

    final BlockingQueue<LambdaRuntimeApi.Invocation> work = new LinkedBlockingQueue<>();
    final List<String> outcomes = new ArrayList<>();
    volatile String inFlight;
    LambdaRuntimeApi api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        api = LambdaRuntimeApi.start(new LambdaRuntimeApi.Environment() {
            @Override
            public LambdaRuntimeApi.Invocation next() throws InterruptedException {
                LambdaRuntimeApi.Invocation invocation = work.take();
                inFlight = invocation.requestId();
                return invocation;
            }

            @Override
            public boolean response(String requestId, byte[] payload) {
                return record(requestId, "response " + new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public boolean error(String requestId, String errorType, byte[] payload) {
                return record(requestId, "error " + errorType + " " + new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void initError(String errorType, byte[] payload) {
                outcomes.add("init " + errorType + " " + new String(payload, StandardCharsets.UTF_8));
            }

            private boolean record(String requestId, String outcome) {
                if (!requestId.equals(inFlight)) {
                    return false;
                }
                inFlight = null;
                outcomes.add(outcome);
                return true;
            }
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    URI uri(String path) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
    }

    HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nextWaitsForWorkThenResponseAndErrorAreAccepted() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(uri("invocation/next")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertThat(next).isNotDone();
        long deadline = System.currentTimeMillis() + 3000;
        work.add(new LambdaRuntimeApi.Invocation("req-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), deadline,
                "arn:aws:lambda:us-east-1:123456789012:function:f", "Root=1-2-3"));
        HttpResponse<String> event = next.get(5, TimeUnit.SECONDS);
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("{\"a\":1}");
        assertThat(event.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-1");
        assertThat(event.headers().firstValue("Lambda-Runtime-Deadline-Ms")).hasValue(Long.toString(deadline));
        assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue("arn:aws:lambda:us-east-1:123456789012:function:f");
        assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id")).hasValue("Root=1-2-3");

        assertThat(post("invocation/req-1/response", "{\"ok\":true}", null).statusCode()).isEqualTo(202);
        assertThat(post("invocation/req-1/response", "again", null).statusCode()).isEqualTo(400);

        work.add(new LambdaRuntimeApi.Invocation("req-2", new byte[0], deadline, "arn", "t"));
        assertThat(http.send(HttpRequest.newBuilder(uri("invocation/next")).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-2");
        assertThat(post("invocation/req-2/error", "{\"errorMessage\":\"x\"}", "Runtime.UserException").statusCode())
                .isEqualTo(202);
        assertThat(post("init/error", "{\"errorMessage\":\"no\"}", "Runtime.Unknown").statusCode()).isEqualTo(202);

        assertThat(outcomes).containsExactly("response {\"ok\":true}",
                "error Runtime.UserException {\"errorMessage\":\"x\"}", "init Runtime.Unknown {\"errorMessage\":\"no\"}");
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/nope")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
