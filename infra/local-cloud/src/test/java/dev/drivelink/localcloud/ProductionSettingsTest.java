package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What a production template adds, provisioned in moto and run: secrets from a NoEcho parameter or
 * generated, log groups with retention, topics, alarms (resolved), template rules, AutoPublishAlias and SnapStart,
 * and the loud failures (a function that depends on something local-cloud does not provision, layers).
 */
class ProductionSettingsTest {

    @TempDir
    static Path dir;
    static CloudTemplate template;
    static Stack stack;
    static SecretsManagerClient secrets;
    static CloudWatchLogsClient logs;
    static SnsClient sns;

    @BeforeAll
    static void provision() throws Exception {
        Path file = TestFunctions.templateWithTestFunction(dir, "/production-template.yaml");
        template = CloudTemplate.load(file);
        LocalAws aws = LocalAws.shared();
        stack = new Provisioner(aws).provision(template, ProvisionerTest.stackName("prod"), Map.of("ApiKey", "key-123"));
        secrets = aws.secretsManager();
        logs = aws.logs();
        sns = aws.sns();
    }

    @AfterAll
    static void close() {
        secrets.close();
        logs.close();
        sns.close();
    }

    @Test
    void aSecretFromANoEchoParameterReachesTheFunctionAsItsArnOnly() {
        String arn = stack.ref("ApiKeySecret");
        assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + stack.name() + "-ApiKeySecret");
        assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("key-123");
        Map<String, String> env = stack.functionEnvironment("Worker");
        assertThat(env).containsEntry("API_KEY_ARN", arn);
        assertThat(env.values()).noneMatch(value -> value.contains("key-123"));
    }

    @Test
    void aGeneratedSecretFollowsItsSpecification() throws Exception {
        JsonNode generated = Json.MAPPER.readTree(secrets.getSecretValue(b -> b.secretId(stack.ref("Generated"))).secretString());
        assertThat(generated.get("user").asText()).isEqualTo("app");
        assertThat(generated.get("password").asText()).hasSize(20).doesNotContainAnyWhitespaces()
                .doesNotContain("\"", "@", "/", "\\");
    }

    @Test
    void anExistingSecretIsUsedAsGivenAndNothingIsCreated() {
        String existing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared-key-AbCdEf";
        Stack other = new Provisioner(LocalAws.shared()).provision(template, ProvisionerTest.stackName("prod"),
                Map.of("ApiKeyArn", existing));
        assertThat(other.resource("ApiKeySecret")).isEmpty();
        assertThat(other.functionEnvironment("Worker")).containsEntry("API_KEY_ARN", existing);
    }

    @Test
    void templateRulesAreCheckedBeforeAnythingIsCreated() {
        String name = ProvisionerTest.stackName("prod");
        assertThatThrownBy(() -> new Provisioner(LocalAws.shared()).provision(template, name, Map.of()))
                .hasMessageContaining("template rule KeyGiven fails: Give ApiKey (stored as a new secret) or ApiKeyArn");
        try (var sqs = LocalAws.shared().sqs()) {
            assertThat(sqs.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).isEmpty();
        }
    }

    @Test
    void logGroupsAndTopicsExistAndAlarmsResolve() {
        String group = stack.ref("WorkerLogs");
        assertThat(group).isEqualTo("/aws/lambda/" + stack.name() + "/Worker");
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups())
                .singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(14));
        String topic = stack.ref("Alerts");
        assertThat(sns.listTopics().topics()).anyMatch(t -> t.topicArn().equals(topic));

        assertThat(stack.ref("DeadLettersAlarm")).isEqualTo(stack.name() + "-DeadLettersAlarm");
        @SuppressWarnings("unchecked")
        Map<String, Object> alarm = (Map<String, Object>) stack.resolve(template.resources().get("DeadLettersAlarm").properties());
        assertThat(alarm.get("Dimensions")).isEqualTo(java.util.List.of(Map.of("Name", "QueueName",
                "Value", stack.getAtt("JobsDeadLetters", "QueueName"))));
        assertThat(alarm.get("AlarmActions")).isEqualTo(java.util.List.of(topic));
    }

    @Test
    void anAliasedSnapStartFunctionRunsItsPublishedVersionAndLogsToItsGroup() throws Exception {
        assertThat(stack.ref("Caller.Alias")).isEqualTo(stack.getAtt("Caller", "Arn") + ":live");
        assertThat(stack.ref("CallerAliaslive")).isEqualTo(stack.ref("Caller.Alias"));
        assertThat(stack.ref("Caller.Version")).isEqualTo(stack.getAtt("Caller", "Arn") + ":1");
        assertThat(stack.functionEnvironment("Worker")).containsEntry("CALLER", stack.ref("Caller.Alias"))
                .containsEntry("ROLE", stack.getAtt("WorkerRole", "Arn"));

        try (FunctionProcess worker = FunctionProcess.fromStack(stack, "Worker").build()) {
            JsonNode env = Json.MAPPER.readTree(worker.invoke("{\"action\":\"env\",\"name\":\"AWS_LAMBDA_FUNCTION_VERSION\"}")
                    .payload());
            assertThat(env.get("value").asText()).isEqualTo("1");
            assertThat(env.get("invokedArn").asText()).isEqualTo(stack.getAtt("Worker", "Arn") + ":live");
            assertThat(Json.MAPPER.readTree(worker.invoke("{\"action\":\"env\",\"name\":\"AWS_LAMBDA_LOG_GROUP_NAME\"}")
                    .payload()).get("value").asText()).isEqualTo(stack.ref("WorkerLogs"));
            assertThat(worker.coldStarts()).singleElement().satisfies(cold -> {
                assertThat(cold.init()).isPositive().isLessThan(Duration.ofSeconds(30));
                assertThat(cold.firstInvocation()).isPositive().isLessThan(cold.total());
                assertThat(cold.cpu()).isPositive();
            });
        }
    }

    @Test
    void aFunctionThatDependsOnWhatIsNotProvisionedDoesNotStart() {
        assertThat(stack.notProvisioned()).containsEntry("Settings", "AWS::SSM::Parameter").doesNotContainKeys(
                "WorkerRole", "Worker", "Jobs", "ApiKeySecret", "WorkerLogs", "DeadLettersAlarm");
        assertThatThrownBy(() -> stack.functionEnvironment("Caller"))
                .hasMessageContaining("Caller environment variable SETTINGS refers to Settings (AWS::SSM::Parameter), "
                        + "which local-cloud does not provision");
        assertThatThrownBy(() -> FunctionProcess.fromStack(stack, "Layered"))
                .hasMessageContaining("Layered: layers are not available locally");
    }

    @Test
    void theMappingKeepsItsMaximumConcurrency() {
        try (EventSources sources = new EventSources(stack, id -> null, null)) {
            assertThat(sources.sqsMappings()).singleElement()
                    .satisfies(m -> assertThat(m.maximumConcurrency()).isEqualTo(2));
        }
    }

    @Test
    void deletingTheStackRemovesSecretsLogGroupsAndTopics() {
        Stack doomed = new Provisioner(LocalAws.shared()).provision(template, ProvisionerTest.stackName("prod"),
                Map.of("ApiKey", "k"));
        String secret = doomed.ref("ApiKeySecret");
        String group = doomed.ref("WorkerLogs");
        String topic = doomed.ref("Alerts");
        doomed.delete();
        assertThatThrownBy(() -> secrets.getSecretValue(b -> b.secretId(secret))).isInstanceOf(
                software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class);
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups()).isEmpty();
        assertThat(sns.listTopics().topics()).noneMatch(t -> t.topicArn().equals(topic));
    }
}
