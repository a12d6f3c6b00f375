package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.localcloud.InvocationResult;
import dev.drivelink.localcloud.LocalCloud;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event in events/ (the ones `sam local invoke` would use) goes straight into its
 * packaged function, as Lambda would deliver it, and gets the answer a caller should see.
 */
class SampleEventsTest {

    static LocalCloud cloud;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        cloud = World.cloud();
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("auth-url.json", "AuthUrlFunction", 200, null),
                Arguments.of("callback.json", "CallbackFunction", 302, null),
                Arguments.of("list-connections.json", "ConnectionsFunction", 200, null),
                Arguments.of("get-connection.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("set-root-folder.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("revoke-connection.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("refresh-connection.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("create-folder.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("list-folders.json", "ConnectionsFunction", 404, "not-found"),
                Arguments.of("resolve-folder.json", "ConnectionsFunction", 409, "no-connection"),
                // the sync control plane, in this order: user-1 becomes a member of sample-project first
                Arguments.of("grant-member.json", "ProjectMembersFunction", 201, null),
                Arguments.of("get-project-settings.json", "SyncControlFunction", 404, "not-found"),
                Arguments.of("put-project-settings.json", "SyncControlFunction", 200, null),
                Arguments.of("get-global-settings.json", "SyncControlFunction", 404, "not-found"),
                Arguments.of("put-global-settings.json", "SyncControlFunction", 404, "not-found"),
                Arguments.of("list-conflicts.json", "SyncControlFunction", 200, null),
                Arguments.of("resolve-conflict.json", "SyncControlFunction", 404, "not-found"),
                Arguments.of("get-sync-status.json", "SyncControlFunction", 200, null),
                Arguments.of("resume-sync.json", "SyncControlFunction", 409, "no-connection"),
                Arguments.of("import-drive-files.json", "SyncControlFunction", 404, "not-found"),
                Arguments.of("project-activity.json", "SyncControlFunction", 200, null),
                Arguments.of("user-activity.json", "SyncControlFunction", 200, null),
                Arguments.of("erase-me.json", "AccountFunction", 400, "confirmation-required"));
    }

    static String sample(String name) throws Exception {
        return Files.readString(Repo.root().resolve("events").resolve(name));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("samples")
    void httpSamplesGetTheirAnswer(String file, String function, int status, String problemCode) throws Exception {
        InvocationResult result = cloud.function(function).invoke(sample(file));

        assertThat(result.isError()).as(result.payloadString()).isFalse();
        JsonNode response = JSON.readTree(result.payloadString());
        assertThat(response.get("statusCode").asInt()).as(result.payloadString()).isEqualTo(status);
        if (problemCode != null) {
            assertThat(JSON.readTree(response.get("body").asText()).get("code").asText()).isEqualTo(problemCode);
        }
        if (file.equals("callback.json")) {
            assertThat(response.toString()).contains("error=invalid_state");
        }
        if (file.equals("auth-url.json")) {
            assertThat(JSON.readTree(response.get("body").asText()).get("url").asText()).startsWith(cloud.google().authUri());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scheduleSamples")
    void theScheduledSampleRunsTheSweep(String file) throws Exception {
        InvocationResult result = cloud.function("TokenRefreshFunction").invoke(sample(file));

        assertThat(result.isError()).as(result.payloadString()).isFalse();
        JsonNode summary = JSON.readTree(result.payloadString());
        assertThat(summary.has("examined")).isTrue();
        assertThat(summary.get("failed").asInt()).isZero();
    }

    @Test
    void theRetentionSampleRunsTheRetentionSweep() throws Exception {
        InvocationResult result = cloud.function("RetentionSweepFunction").invoke(sample("retention-sweep.json"));

        assertThat(result.isError()).as(result.payloadString()).isFalse();
        JsonNode summary = JSON.readTree(result.payloadString());
        assertThat(summary.has("connectionsPurged")).isTrue();
        assertThat(summary.get("failures").asInt()).isZero();
    }

    @Test
    void theSyncSamplesRunTheirWorkers() throws Exception {
        InvocationResult schedule = cloud.function("SyncScheduleFunction").invoke(sample("sync-schedule.json"));
        assertThat(schedule.isError()).as(schedule.payloadString()).isFalse();
        assertThat(JSON.readTree(schedule.payloadString()).get("failed").asInt()).isZero();

        // the sample's bucket is not this stack's app files bucket: dead-lettered with that reason, not retried
        InvocationResult changes = cloud.function("AppChangesWorkerFunction").invoke(sample("app-changes-sqs.json"));
        assertThat(changes.isError()).as(changes.payloadString()).isFalse();
        assertThat(JSON.readTree(changes.payloadString()).get("batchItemFailures")).isEmpty();

        // the sample's connection does not exist here: the engine refuses it, so it is dead-lettered, not retried
        InvocationResult sync = cloud.function("SyncWorkerFunction").invoke(sample("sync-worker-sqs.json"));
        assertThat(sync.isError()).as(sync.payloadString()).isFalse();
        assertThat(JSON.readTree(sync.payloadString()).get("batchItemFailures")).isEmpty();
    }

    static Stream<String> scheduleSamples() {
        return Stream.of("token-refresh.json");
    }
}
