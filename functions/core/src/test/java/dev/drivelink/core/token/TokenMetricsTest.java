package dev.drivelink.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.adapters.aws.EmfMetrics;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics template.yaml's token alarms read (TokenRefreshFailed, TokenRefreshRevoked) are written as
 * CloudWatch embedded-metric-format lines on the function's standard output, once per refresh that
 * ends in ERROR or REVOKED, in the configured namespace.
 */
class TokenMetricsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestWorld world;
    static DriveLink measured;

    @BeforeAll
    static void start() {
        world = TestWorld.start();
        measured = world.driveLinkWith(world.configWith(Map.of("DRIVELINK_METRICS_NAMESPACE", "drivelink/test-stack")));
    }

    @AfterAll
    static void stop() {
        world.google.admin().clearFaults();
        world.close();
    }

    @Test
    void aLineIsAnEmbeddedMetricFormatDocument() throws Exception {
        List<String> lines = new ArrayList<>();
        var metrics = new EmfMetrics("drivelink/s", Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC), lines::add);

        metrics.count("SyncActions", Map.of("Outcome", "success", "Action", "upload"));

        JsonNode line = JSON.readTree(lines.get(0));
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z").toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo("drivelink/s");
        assertThat(directive.at("/Dimensions/0").toString()).isEqualTo("[\"Action\",\"Outcome\"]");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("SyncActions");
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(line.get("SyncActions").asInt()).isEqualTo(1);
        assertThat(line.get("Action").asText()).isEqualTo("upload");
        assertThat(line.get("Outcome").asText()).isEqualTo("success");
    }

    @Test
    void aFailedRefreshCountsTokenRefreshFailedAndARejectedGrantTokenRefreshRevoked() throws Exception {
        String failing = world.connect(measured, "user-" + UUID.randomUUID(), "alice@example.com");
        world.google.admin().injectFault(Fault.error("POST /token", 1, 503, "backendError"));
        List<JsonNode> afterFailure = metricLines(() -> measured.tokens().refreshNow(failing));
        assertThat(afterFailure).singleElement().satisfies(line -> {
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("drivelink/test-stack");
            assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("TokenRefreshFailed");
            assertThat(line.get("TokenRefreshFailed").asInt()).isEqualTo(1);
        });

        String revoked = world.connect(measured, "user-" + UUID.randomUUID(), "carol@example.com");
        world.google.admin().revokeAccess(TestWorld.CLIENT_ID, "carol@example.com");
        List<JsonNode> afterRevoke = metricLines(() -> measured.tokens().refreshNow(revoked));
        assertThat(afterRevoke).singleElement().satisfies(line ->
                assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("TokenRefreshRevoked"));

        assertThat(metricLines(() -> measured.tokens().refreshNow(failing))).as("a refresh that succeeds counts nothing").isEmpty();
    }

    /** The embedded-metric-format lines printed while {@code action} ran (its exception, if any, ignored). */
    static List<JsonNode> metricLines(Runnable action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } catch (RuntimeException expected) {
            // a refresh that fails may throw; the metric is what this test is about
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
