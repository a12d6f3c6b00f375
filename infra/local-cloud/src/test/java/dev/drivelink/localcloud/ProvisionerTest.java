package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ProvisionerTest {

    static final Map<String, String> PROJECT_PARAMETERS = Map.of("GoogleClientId", "client", "GoogleClientSecret",
            "secret", "FrontendUrl", "http://localhost:3000/", "AllowedOrigins", "http://localhost:3000",
            "JwtIssuer", "http://localhost:3000/local", "JwtAudience", "drivelink-local");

    static LocalAws aws;
    static DynamoDbClient dynamoDb;
    static KmsClient kms;
    static SqsClient sqs;
    static S3Client s3;
    static EventBridgeClient events;

    @BeforeAll
    static void start() {
        aws = LocalAws.shared();
        dynamoDb = aws.dynamoDb();
        kms = aws.kms();
        sqs = aws.sqs();
        s3 = aws.s3();
        events = aws.eventBridge();
    }

    @AfterAll
    static void closeClients() {
        dynamoDb.close();
        kms.close();
        sqs.close();
        s3.close();
        events.close();
    }

    static String stackName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void projectTableHasItsKeysBothIndexesAndTtl() {
        Stack stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName("table"),
                PROJECT_PARAMETERS);
        String tableName = stack.ref("DriveLinkTable");
        assertThat(tableName).isEqualTo(stack.name() + "-DriveLinkTable");

        TableDescription table = dynamoDb.describeTable(b -> b.tableName(tableName)).table();
        assertThat(table.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(table.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("gsi1", "gsi2");
        GlobalSecondaryIndexDescription gsi2 = table.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals("gsi2")).findFirst().orElseThrow();
        assertThat(gsi2.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(gsi2.keySchema().get(0).keyType()).isEqualTo(KeyType.HASH);
        assertThat(stack.getAtt("DriveLinkTable", "Arn")).isEqualTo(table.tableArn());

        var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(tableName)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("ttl");
    }

    @Test
    void projectKeySealsWithAnEncryptionContextAndHasItsAlias() {
        Stack stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName("key"),
                PROJECT_PARAMETERS);
        String keyArn = stack.getAtt("TokenKey", "Arn");
        assertThat(keyArn).startsWith("arn:aws:kms:us-east-1:123456789012:key/");
        Map<String, String> context = Map.of("userId", "user-1", "connectionId", "c-1");
        SdkBytes sealed = kms.encrypt(b -> b.keyId(keyArn).encryptionContext(context)
                .plaintext(SdkBytes.fromString("refresh-token", StandardCharsets.UTF_8))).ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(sealed).encryptionContext(context)).plaintext()
                .asUtf8String()).isEqualTo("refresh-token");
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(sealed)
                .encryptionContext(Map.of("userId", "user-2", "connectionId", "c-1"))))
                .isInstanceOf(InvalidCiphertextException.class);

        String alias = stack.ref("TokenKeyAlias");
        assertThat(alias).isEqualTo("alias/" + stack.name() + "-tokens");
        assertThat(kms.describeKey(b -> b.keyId(alias)).keyMetadata().arn()).isEqualTo(keyArn);
        assertThat(kms.getKeyRotationStatus(b -> b.keyId(keyArn)).keyRotationEnabled()).isTrue();
    }

    @Test
    void functionEnvironmentIsResolvedAgainstTheStackAndPointsAtLocalAws() {
        Stack stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName("env"),
                PROJECT_PARAMETERS);
        Map<String, String> env = stack.functionEnvironment("CallbackFunction");
        assertThat(env).containsEntry("DRIVELINK_TABLE", stack.name() + "-DriveLinkTable")
                .containsEntry("DRIVELINK_TOKEN_KEY_ID", stack.getAtt("TokenKey", "Arn"))
                .containsEntry("DRIVELINK_GOOGLE_CLIENT_ID", "client")
                .containsEntry("DRIVELINK_FRONTEND_ALLOWED_ORIGINS", "http://localhost:3000")
                .containsEntry("AWS_ENDPOINT_URL", aws.endpoint().toString())
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "test");
        assertThat(stack.parameters()).containsEntry("RootFolderName", "drivelink").containsEntry("JwtAudience", "drivelink-local");
        assertThat(stack.ref("CallbackFunction")).isEqualTo(stack.name() + "-CallbackFunction");
        assertThat(stack.ref("HttpApi")).hasSize(10);
    }

    @Test
    void theGoogleClientSecretIsStoredInSecretsManagerAndOnlyItsArnReachesTheFunctionsThatCallGoogle() {
        String secret = "s3cr3t-" + UUID.randomUUID();
        Map<String, String> parameters = new java.util.HashMap<>(PROJECT_PARAMETERS);
        parameters.put("GoogleClientSecret", secret);
        Stack stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName("secret"), parameters);
        String arn = stack.ref("GoogleClientSecretValue");
        try (var secrets = aws.secretsManager()) {
            assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo(secret);
        }
        List<String> readers = List.of("CallbackFunction", "ConnectionsFunction", "SyncControlFunction", "TokenRefreshFunction",
                "UploadWorkerFunction", "ChangesWorkerFunction", "ChannelRenewalFunction",
                "SyncWorkerFunction");
        for (CloudTemplate.Function function : stack.template().functions()) {
            Map<String, String> env = stack.functionEnvironment(function.logicalId());
            assertThat(env.values()).as(function.logicalId()).noneMatch(value -> value.contains(secret));
            assertThat(env).doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET");
            if (readers.contains(function.logicalId())) {
                assertThat(env).as(function.logicalId()).containsEntry("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", arn);
            } else {
                assertThat(env).as(function.logicalId()).doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN");
            }
        }
        // in-JVM users of the core (tests, bench) get the plain value, read from the stack's secret
        assertThat(LocalCloud.inProcessEnvironment(stack, "CallbackFunction"))
                .containsEntry("DRIVELINK_GOOGLE_CLIENT_SECRET", secret).doesNotContainKey("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN");

        String existing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ops/google-AbCdEf";
        Map<String, String> byArn = new java.util.HashMap<>(PROJECT_PARAMETERS);
        byArn.remove("GoogleClientSecret");
        byArn.put("GoogleClientSecretArn", existing);
        Stack shared = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName("secret"), byArn);
        assertThat(shared.resource("GoogleClientSecretValue")).isEmpty();
        assertThat(shared.functionEnvironment("CallbackFunction")).containsEntry("DRIVELINK_GOOGLE_CLIENT_SECRET_ARN", existing);

        Map<String, String> neither = new java.util.HashMap<>(PROJECT_PARAMETERS);
        neither.remove("GoogleClientSecret");
        assertThatThrownBy(() -> new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()),
                stackName("secret"), neither)).hasMessageContaining("Give GoogleClientSecret");
    }

    @Test
    void provisioningTheSameStackAgainReusesItAndRecreateStartsEmpty() {
        CloudTemplate template = CloudTemplate.load(CloudTemplate.find());
        String name = stackName("again");
        Stack first = new Provisioner(aws).provision(template, name, PROJECT_PARAMETERS);
        String table = first.ref("DriveLinkTable");
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("s"))));

        Stack second = new Provisioner(aws).provision(template, name, PROJECT_PARAMETERS);
        assertThat(second.getAtt("TokenKey", "Arn")).isEqualTo(first.getAtt("TokenKey", "Arn"));
        assertThat(dynamoDb.scan(b -> b.tableName(table)).count()).isEqualTo(1);

        Stack fresh = new Provisioner(aws).recreate(true).provision(template, name, PROJECT_PARAMETERS);
        assertThat(fresh.getAtt("TokenKey", "Arn")).isNotEqualTo(first.getAtt("TokenKey", "Arn"));
        assertThat(dynamoDb.scan(b -> b.tableName(table)).count()).isZero();
        assertThat(kms.describeKey(b -> b.keyId(fresh.ref("TokenKeyAlias"))).keyMetadata().arn())
                .isEqualTo(fresh.getAtt("TokenKey", "Arn"));
    }

    @Test
    void queuesBucketsBusesStreamsAndDeletion() {
        Stack stack = new Provisioner(aws).provision(CloudTemplateTest.sample(), stackName("misc"), Map.of("Secret", "x"));

        String workUrl = stack.ref("Work");
        Map<QueueAttributeName, String> work = sqs.getQueueAttributes(b -> b.queueUrl(workUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(work.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("120");
        assertThat(work.get(QueueAttributeName.REDRIVE_POLICY)).contains(stack.getAtt("DeadLetters", "Arn"))
                .containsPattern("\"maxReceiveCount\": ?\"?3");
        assertThat(stack.getAtt("Work", "QueueName")).isEqualTo(stack.name() + "-Work");

        String orderedUrl = stack.ref("Ordered");
        assertThat(orderedUrl).endsWith(stack.name() + "-Ordered.fifo");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(orderedUrl).attributeNames(QueueAttributeName.FIFO_QUEUE))
                .attributes().get(QueueAttributeName.FIFO_QUEUE)).isEqualTo("true");
        assertThat(stack.resource("ProdOnlyQueue")).isEmpty();

        String bucket = stack.ref("Files");
        assertThat(bucket).isEqualTo(stack.name().toLowerCase() + "-files");
        s3.putObject(b -> b.bucket(bucket).key("a.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("a"));
        assertThat(stack.getAtt("Files", "Arn")).isEqualTo("arn:aws:s3:::" + bucket);

        assertThat(stack.ref("Bus")).isEqualTo(stack.name() + "-bus");
        assertThat(events.describeEventBus(b -> b.name(stack.ref("Bus"))).arn()).isEqualTo(stack.getAtt("Bus", "Arn"));
        assertThat(stack.getAtt("Table", "StreamArn")).isNotBlank();
        assertThat(stack.functionMemorySize("Worker")).isEqualTo(256);
        assertThat(stack.functionEnvironment("Worker")).containsEntry("QUEUE_URL", workUrl)
                .containsEntry("BUS", stack.name() + "-bus");

        stack.delete();
        assertThat(sqs.listQueues(b -> b.queueNamePrefix(stack.name())).queueUrls()).isEmpty();
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
        assertThat(dynamoDb.listTables().tableNames()).doesNotContain(stack.ref("Table"));
    }

    @Test
    void stacksSideBySideAreIsolated() {
        CloudTemplate template = CloudTemplate.load(CloudTemplate.find());
        Stack a = new Provisioner(aws).provision(template, stackName("iso"), PROJECT_PARAMETERS);
        Stack b = new Provisioner(aws).provision(template, stackName("iso"), PROJECT_PARAMETERS);
        assertThat(a.ref("DriveLinkTable")).isNotEqualTo(b.ref("DriveLinkTable"));
        assertThat(a.getAtt("TokenKey", "Arn")).isNotEqualTo(b.getAtt("TokenKey", "Arn"));
        assertThat(List.of(a.ref("TokenKeyAlias"), b.ref("TokenKeyAlias"))).doesNotHaveDuplicates();
    }

    @Test
    void badStackNamesAreRefused() {
        assertThatThrownBy(() -> new Provisioner(aws).provision(CloudTemplateTest.sample(), "no spaces", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
