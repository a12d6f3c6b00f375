package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.Intrinsics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint validates template.yaml offline, including the SAM transform; the rest holds the template to
 * drivelink's production rules, read through local-cloud's template model with intrinsics resolved
 * (references to resources become {@code ref:<LogicalId>} / {@code <attribute>:<LogicalId>}).
 */
class TemplateLintTest {

    static final CloudTemplate TEMPLATE = CloudTemplate.load(Repo.template());
    static final Map<String, String> PARAMETERS = Map.of("GoogleClientId", "client", "GoogleClientSecret", "secret",
            "FrontendUrl", "https://app.example/", "AllowedOrigins", "https://app.example", "JwtIssuer",
            "https://issuer.example", "JwtAudience", "app", "UploadSourceBuckets", "renders,exports");
    static final Intrinsics.Resources SYMBOLIC = new Intrinsics.Resources() {
        @Override
        public Optional<String> findRef(String logicalId) {
            return Optional.of("ref:" + logicalId);
        }

        @Override
        public Optional<String> findAtt(String logicalId, String attribute) {
            return Optional.of(attribute + ":" + logicalId);
        }
    };

    static Intrinsics intrinsics() {
        return TEMPLATE.intrinsics(TEMPLATE.parameterValues(PARAMETERS), "prod", SYMBOLIC);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resolved(CloudTemplate.Resource resource) {
        return (Map<String, Object>) intrinsics().resolve(resource.properties());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
    }

    /** Every IAM statement a function's role gets: inline ones and those of the managed policies it names. */
    static List<Map<String, Object>> statements(CloudTemplate.Function function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(resolved(TEMPLATE.resource(function.logicalId()).orElseThrow()).get("Policies"))) {
            Map<String, Object> document = policy instanceof String ref && ref.startsWith("ref:")
                    ? map(resolved(TEMPLATE.resource(ref.substring(4)).orElseThrow()).get("PolicyDocument"))
                    : map(policy);
            list(document.get("Statement")).forEach(s -> statements.add(map(s)));
        }
        return statements;
    }

    static List<String> actions(Map<String, Object> statement) {
        return list(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    static List<CloudTemplate.Resource> alarms() {
        return TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm");
    }

    static Optional<Map<String, Object>> alarmOn(String namespace, String metric, String dimension, String value) {
        return alarms().stream().map(TemplateLintTest::resolved)
                .filter(a -> namespace.equals(a.get("Namespace")) && metric.equals(a.get("MetricName")))
                .filter(a -> dimension == null ? list(a.get("Dimensions")).isEmpty()
                        : list(a.get("Dimensions")).contains(Map.of("Name", dimension, "Value", value)))
                .findFirst();
    }

    @Test
    void cfnLintPassesOnTheTemplate() throws IOException, InterruptedException {
        var builder = new ProcessBuilder("cfn-lint", Repo.template().toString())
                .directory(Repo.root().toFile())
                .redirectErrorStream(true);
        Path shims = Path.of(System.getProperty("user.home"), ".pyenv", "shims");
        if (Files.isDirectory(shims)) {
            builder.environment().merge("PATH", shims.toString(), (old, add) -> add + ":" + old);
        }
        Process lint = builder.start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as("cfn-lint output:%n%s", output).isZero();
    }

    @Test
    void everyFunctionLogsToItsOwnGroupWithTheRetentionParameter() {
        List<String> groups = new ArrayList<>();
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            Object group = map(function.properties().get("LoggingConfig")).get("LogGroup");
            assertThat(group).as("%s LoggingConfig.LogGroup", function.logicalId()).isInstanceOf(Map.class);
            String logGroupId = String.valueOf(map(group).get("Ref"));
            CloudTemplate.Resource logGroup = TEMPLATE.resource(logGroupId).orElseThrow();
            assertThat(logGroup.type()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(logGroup.properties().get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionDays"));
            groups.add(logGroupId);
        }
        assertThat(groups).doesNotHaveDuplicates();
        assertThat(TEMPLATE.parameters().get("LogRetentionDays").defaultValue()).hasValue("30");
    }

    @Test
    void everyJavaFunctionUsesSnapStartThroughItsAlias() {
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            assertThat(function.runtime()).startsWith("java");
            assertThat(function.properties().get("SnapStart")).as(function.logicalId())
                    .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(function.properties().get("AutoPublishAlias")).as(function.logicalId()).isEqualTo("live");
        }
    }

    @Test
    void queuesAndTheApiAreBounded() {
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            for (CloudTemplate.SqsEvent event : function.sqsEvents()) {
                assertThat(map(event.properties().get("ScalingConfig")).get("MaximumConcurrency"))
                        .as("%s.%s MaximumConcurrency", function.logicalId(), event.name()).isNotNull();
            }
        }
        for (CloudTemplate.HttpApi api : TEMPLATE.httpApis()) {
            Map<String, Object> throttling = map(resolved(TEMPLATE.resource(api.logicalId()).orElseThrow())
                    .get("DefaultRouteSettings"));
            assertThat(throttling).containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
            assertThat(list(map(api.corsConfiguration()).get("ExposeHeaders"))).asList().contains("location");
        }
    }

    @Test
    void everyDeadLetterQueueHasADepthAlarm() {
        List<String> deadLetterQueues = new ArrayList<>();
        for (CloudTemplate.Resource queue : TEMPLATE.resourcesOfType("AWS::SQS::Queue")) {
            Object target = map(resolved(queue).get("RedrivePolicy")).get("deadLetterTargetArn");
            if (target != null) {
                deadLetterQueues.add(String.valueOf(target).replace("Arn:", ""));
            }
        }
        assertThat(deadLetterQueues).isNotEmpty();
        for (String queue : deadLetterQueues) {
            Map<String, Object> alarm = alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                    "QueueName:" + queue).orElseThrow(() -> new AssertionError("no depth alarm on " + queue));
            assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("Threshold", 0);
        }
    }

    @Test
    void workersTokenRefreshesAndTheApiHaveAlarms() {
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            if (!function.sqsEvents().isEmpty() || !function.scheduleEvents().isEmpty()) {
                assertThat(alarmOn("AWS/Lambda", "Errors", "FunctionName", "ref:" + function.logicalId()))
                        .as("errors alarm of %s", function.logicalId()).isPresent();
            }
        }
        String namespace = String.valueOf(intrinsics().resolve(
                TEMPLATE.function("TokenRefreshFunction").environment().get("DRIVELINK_METRICS_NAMESPACE")));
        assertThat(namespace).isEqualTo("drivelink/prod");
        assertThat(alarmOn(namespace, "TokenRefreshFailed", null, null)).isPresent();
        assertThat(alarmOn(namespace, "TokenRefreshRevoked", null, null)).isPresent();
        for (CloudTemplate.HttpApi api : TEMPLATE.httpApis()) {
            assertThat(alarmOn("AWS/ApiGateway", "5xx", "ApiId", "ref:" + api.logicalId())).isPresent();
        }
    }

    @Test
    void alarmsNotifyTheOptionalTopic() {
        assertThat(alarms()).isNotEmpty();
        for (CloudTemplate.Resource alarm : alarms()) {
            assertThat(resolved(alarm)).as(alarm.logicalId()).doesNotContainKey("AlarmActions");
        }
        Map<String, String> withTopic = new LinkedHashMap<>(PARAMETERS);
        withTopic.put("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops");
        Intrinsics notifying = TEMPLATE.intrinsics(TEMPLATE.parameterValues(withTopic), "prod", SYMBOLIC);
        for (CloudTemplate.Resource alarm : alarms()) {
            assertThat(map(notifying.resolve(alarm.properties())))
                    .containsEntry("AlarmActions", List.of("arn:aws:sns:eu-west-1:123456789012:ops"))
                    .containsEntry("OKActions", List.of("arn:aws:sns:eu-west-1:123456789012:ops"));
        }
    }

    @Test
    void everyKmsGrantIsBoundToDrivelinksEncryptionContext() {
        int grants = 0;
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            for (Map<String, Object> statement : statements(function)) {
                if (actions(statement).stream().anyMatch(a -> a.startsWith("kms:"))) {
                    grants++;
                    assertThat(actions(statement)).as(function.logicalId()).allMatch(a -> a.equals("kms:Encrypt")
                            || a.equals("kms:Decrypt"));
                    Map<String, Object> condition = map(statement.get("Condition"));
                    assertThat(map(condition.get("StringEquals")))
                            .containsEntry("kms:EncryptionContext:purpose", "drivelink/oauth-tokens");
                    assertThat(map(condition.get("Null"))).containsEntry("kms:EncryptionContext:userId", "false")
                            .containsEntry("kms:EncryptionContext:connectionId", "false");
                    assertThat(map(condition.get("ForAllValues:StringEquals")).get("kms:EncryptionContextKeys"))
                            .isEqualTo(List.of("purpose", "userId", "connectionId"));
                }
            }
        }
        assertThat(grants).isPositive();
    }

    @Test
    void authUrlAndCallbackAreSeparateFunctionsWithTheirOwnLeastPrivilege() {
        Map<String, String> routes = new LinkedHashMap<>();
        TEMPLATE.routes().forEach(r -> routes.put(r.event().routeKey(), r.function().logicalId()));
        assertThat(routes).containsEntry("GET /drive/auth-url", "AuthUrlFunction")
                .containsEntry("GET /drive/callback", "CallbackFunction");
        assertThat(TEMPLATE.function("AuthUrlFunction").httpApiEvents()).hasSize(1);
        assertThat(TEMPLATE.function("CallbackFunction").httpApiEvents()).singleElement()
                .satisfies(callback -> assertThat(callback.authorizer()).isEqualTo("NONE"));

        List<Map<String, Object>> authUrl = statements(TEMPLATE.function("AuthUrlFunction"));
        assertThat(authUrl).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactly("dynamodb:PutItem");
            assertThat(map(map(statement.get("Condition")).get("ForAllValues:StringLike")))
                    .containsEntry("dynamodb:LeadingKeys", List.of("STATE#*"));
        });

        List<Map<String, Object>> callback = statements(TEMPLATE.function("CallbackFunction"));
        // UpdateItem and the gsi1 Query: connecting opens the connection's watch channel and stops its older ones
        assertThat(callback.stream().flatMap(st -> actions(st).stream())).containsExactlyInAnyOrder(
                "kms:Encrypt", "events:PutEvents", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:Query", "secretsmanager:GetSecretValue");
        assertThat(callback).filteredOn(st -> actions(st).contains("dynamodb:DeleteItem")).singleElement()
                .satisfies(st -> assertThat(map(map(st.get("Condition")).get("ForAllValues:StringLike")))
                        .containsEntry("dynamodb:LeadingKeys", List.of("STATE#*")));
        assertThat(callback).filteredOn(st -> actions(st).contains("dynamodb:PutItem")).singleElement()
                .satisfies(st -> assertThat(map(map(st.get("Condition")).get("ForAllValues:StringLike")))
                        .containsEntry("dynamodb:LeadingKeys", List.of("CONN#*", "CHANNEL#*")));
        assertThat(callback).filteredOn(st -> actions(st).contains("dynamodb:Query")).singleElement()
                .satisfies(st -> assertThat(st.get("Resource")).asString().contains("index/gsi1"));
    }

    @Test
    void onlyTheFunctionsThatCallGooglesTokenEndpointMayReadTheClientSecret() {
        List<String> readers = List.of("CallbackFunction", "ConnectionsFunction", "SyncControlFunction", "TokenRefreshFunction",
                "UploadWorkerFunction", "ChangesWorkerFunction", "ChannelRenewalFunction",
                "SyncWorkerFunction");
        for (CloudTemplate.Function function : TEMPLATE.functions()) {
            List<Map<String, Object>> reads = statements(function).stream()
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("secretsmanager:"))).toList();
            Object arn = intrinsics().resolve(function.environment().get("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN"));
            assertThat(function.environment()).as(function.logicalId()).doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET");
            if (readers.contains(function.logicalId())) {
                assertThat(arn).as(function.logicalId()).isEqualTo("ref:GoogleClientSecretValue");
                assertThat(reads).as(function.logicalId()).singleElement().satisfies(st -> {
                    assertThat(actions(st)).containsExactly("secretsmanager:GetSecretValue");
                    assertThat(st.get("Resource")).isEqualTo(arn);
                });
            } else {
                assertThat(arn).as(function.logicalId()).isNull();
                assertThat(reads).as(function.logicalId()).isEmpty();
            }
        }
        assertThat(TEMPLATE.parameters().get("GoogleClientSecret").noEcho()).isTrue();
        assertThat(map(resolved(TEMPLATE.resource("GoogleClientSecretValue").orElseThrow())))
                .containsEntry("SecretString", "secret");
    }

    @Test
    void everyArnFollowsThePartition() {
        Intrinsics china = intrinsics().pseudoParameter("AWS::Partition", "aws-cn");
        List<String> strings = new ArrayList<>();
        for (CloudTemplate.Resource resource : TEMPLATE.resources().values()) {
            collectStrings(china.resolve(resource.properties()), strings);
        }
        TEMPLATE.outputs().values().forEach(output -> collectStrings(china.resolve(output), strings));
        assertThat(strings).anyMatch(s -> s.startsWith("arn:aws-cn:s3:::renders/"))
                .anyMatch(s -> s.startsWith("arn:aws-cn:s3:::exports/"))
                .noneMatch(s -> s.contains("arn:aws:"));
    }

    @Test
    void theConsoleSiteIsDeployedOnlyWhenAskedAndStaysPrivate() {
        List<CloudTemplate.Resource> console = TEMPLATE.resources().values().stream()
                .filter(r -> r.logicalId().startsWith("Console")).toList();
        assertThat(console).extracting(CloudTemplate.Resource::type).contains("AWS::S3::Bucket", "AWS::S3::BucketPolicy",
                "AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::ResponseHeadersPolicy");
        assertThat(console).allSatisfy(r -> assertThat(r.condition()).as(r.logicalId()).isEqualTo("DeployConsole"));
        assertThat(TEMPLATE.outputs()).containsKeys("ConsoleUrl", "ConsoleBucketName");
        assertThat(intrinsics().condition("DeployConsole")).as("off by default").isFalse();
        assertThat(TEMPLATE.intrinsics(TEMPLATE.parameterValues(Map.of("DeployConsole", "true")), "prod", SYMBOLIC)
                .condition("DeployConsole")).isTrue();

        Map<String, Object> bucket = resolved(TEMPLATE.resource("ConsoleBucket").orElseThrow());
        assertThat(map(bucket.get("PublicAccessBlockConfiguration")).values()).containsOnly(true);
        Map<String, Object> statement = map(list(map(resolved(TEMPLATE.resource("ConsoleBucketPolicy").orElseThrow())
                .get("PolicyDocument")).get("Statement")).get(0));
        assertThat(map(statement.get("Principal"))).containsEntry("Service", "cloudfront.amazonaws.com");
        assertThat(actions(statement)).containsExactly("s3:GetObject");
        String csp = String.valueOf(map(map(map(resolved(TEMPLATE.resource("ConsoleHeaders").orElseThrow())
                .get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig")).get("ContentSecurityPolicy"))
                .get("ContentSecurityPolicy"));
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'");
    }

    static void collectStrings(Object value, List<String> out) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectStrings(v, out));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collectStrings(v, out));
        } else if (value instanceof String s) {
            out.add(s);
        }
    }
}
