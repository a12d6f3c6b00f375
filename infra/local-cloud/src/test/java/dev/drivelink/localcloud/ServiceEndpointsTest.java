package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A service served elsewhere ({@code --endpoint dynamodb=http://...}: DynamoDB Local, LocalStack), here a
 * second moto: provisioning puts the table there, and the functions get AWS_ENDPOINT_URL_DYNAMODB,
 * which the AWS SDK (the version the functions ship) prefers to AWS_ENDPOINT_URL.
 */
class ServiceEndpointsTest {

    static LocalAws other;
    static LocalAws view;
    static Stack stack;

    @BeforeAll
    static void provision() {
        other = LocalAws.start(0);
        view = LocalAws.shared().withServiceEndpoint("dynamodb", other.endpoint())
                .withServiceEndpoint("secretsmanager", other.endpoint());
        String text = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
                      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
                  Token:
                    Type: AWS::SecretsManager::Secret
                    Properties:
                      SecretString: t
                  Jobs:
                    Type: AWS::SQS::Queue
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: x.Y::handleRequest
                      CodeUri: build/fn.zip
                      Environment:
                        Variables:
                          TABLE: !Ref Table
                """;
        stack = new Provisioner(view).provision(CloudTemplate.parse(text, Path.of("/tmp")), ProvisionerTest.stackName("endpoints"));
    }

    @AfterAll
    static void stop() {
        other.close();
    }

    @Test
    void provisioningUsesTheServiceEndpointAndEverythingElseStaysOnMoto() {
        String table = stack.ref("Table");
        try (DynamoDbClient elsewhere = other.dynamoDb(); DynamoDbClient shared = LocalAws.shared().dynamoDb();
                SqsClient sqs = LocalAws.shared().sqs()) {
            assertThat(elsewhere.listTables().tableNames()).contains(table);
            assertThat(shared.listTables().tableNames()).doesNotContain(table);
            assertThat(sqs.listQueues(b -> b.queueNamePrefix(stack.name())).queueUrls()).hasSize(1);
        }
        assertThat(view.endpointFor("dynamodb")).isEqualTo(other.endpoint());
        assertThat(view.endpointFor("sqs")).isEqualTo(LocalAws.shared().endpoint());
        assertThat(view.isAlive()).isTrue();
    }

    @Test
    void functionsGetTheServiceEndpointVariable() {
        assertThat(stack.functionEnvironment("Fn"))
                .containsEntry("AWS_ENDPOINT_URL", LocalAws.shared().endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", other.endpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SECRETS_MANAGER", other.endpoint().toString())
                .containsEntry("TABLE", stack.ref("Table"));
    }

    @Test
    void theSdkPrefersTheServiceVariableToTheGlobalOne() throws Exception {
        List<String> seen = probe(stack.functionEnvironment("Fn"));
        assertThat(seen).contains("dynamodb " + stack.ref("Table"), "secretsmanager " + stack.name() + "-Token",
                "sqs " + stack.name() + "-Jobs");
    }

    @Test
    void serviceNames() {
        assertThat(LocalAws.serviceId("dynamodb")).isEqualTo("DYNAMODB");
        assertThat(LocalAws.serviceId("events")).isEqualTo("EVENTBRIDGE");
        assertThat(LocalAws.serviceId("secretsmanager")).isEqualTo("SECRETS_MANAGER");
        assertThat(LocalAws.serviceId("logs")).isEqualTo("CLOUDWATCH_LOGS");
        assertThat(LocalAws.serviceId("sts")).isEqualTo("STS");
        assertThatThrownBy(() -> LocalAws.serviceId("dynamo db")).hasMessageContaining("not a service name");
        assertThatThrownBy(() -> LocalAws.shared().withServiceEndpoint("dynamodb", URI.create("localhost:8000")))
                .hasMessageContaining("a URL like http://localhost:8000");
    }

    /** Runs {@link SdkEndpointProbe} in a JVM with exactly {@code environment}. */
    static List<String> probe(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SdkEndpointProbe.class.getName()).redirectErrorStream(true);
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
