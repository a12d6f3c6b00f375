package dev.drivelink.localcloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates in local AWS what a template declares, under a stack name so that several stacks live
 * side by side in one moto: DynamoDB tables (keys, GSIs, LSIs, streams, TTL), KMS keys and aliases,
 * SQS queues (redrive to a DLQ, FIFO, visibility timeout...), S3 buckets, EventBridge buses, Secrets
 * Manager secrets (SecretString or GenerateSecretString), CloudWatch log groups (retention) and SNS
 * topics. CloudWatch alarms are resolved (their references must exist) but not created.
 *
 * <p>Physical names: the resource's own name property when the template gives one, else
 * {@code <stack>-<LogicalId>} (lower-cased for buckets). Provisioning the same stack name again reuses
 * what exists (queue attributes, TTL, secret values and retention are brought up to date); with
 * {@link #recreate(boolean)} the existing resources are deleted first, so the stack starts empty.
 *
 * <p>The template's {@code Rules} are checked first, as CloudFormation does (assertions with rule
 * functions local-cloud cannot evaluate are left to AWS).
 *
 * <p>Functions (and their {@code AutoPublishAlias}: {@code !Ref Fn.Alias}, {@code !Ref Fn.Version}),
 * APIs, roles, permissions, policies and rules are not created, but get a physical id and an Arn so
 * that references to them resolve; local-cloud runs, routes or ignores them itself. Any other type
 * gets a made-up identity too, but is recorded as not provisioned: a function whose environment
 * refers to one does not start ({@link Stack#functionEnvironment}).
 */
public final class Provisioner {

    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,100}");
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TAG_STACK = "local-cloud:stack";
    static final String TAG_LOGICAL_ID = "local-cloud:logical-id";

    /** Types that need nothing locally but a name: local-cloud runs, routes or ignores them itself. */
    private static final Set<String> IDENTITY_ONLY = Set.of("AWS::Lambda::Alias", "AWS::Lambda::Version",
            "AWS::Lambda::Url", "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping",
            "AWS::Lambda::EventInvokeConfig", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::Events::Rule", "AWS::Scheduler::Schedule", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy",
            "AWS::SNS::Subscription", "AWS::S3::BucketPolicy", "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter",
            "AWS::CloudWatch::Dashboard", "AWS::CloudWatch::CompositeAlarm");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<String> QUEUE_ATTRIBUTES = List.of("VisibilityTimeout", "MessageRetentionPeriod",
            "DelaySeconds", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy",
            "RedriveAllowPolicy", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
            "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled");

    private final LocalAws aws;
    private boolean recreate;

    public Provisioner(LocalAws aws) {
        this.aws = aws;
    }

    /** Delete what already exists under the stack name before creating (default: reuse it). */
    public Provisioner recreate(boolean recreate) {
        this.recreate = recreate;
        return this;
    }

    public Stack provision(CloudTemplate template, String stackName) {
        return provision(template, stackName, Map.of());
    }

    /** Provisions {@code template} as stack {@code stackName}, with parameter overrides over the defaults. */
    public Stack provision(CloudTemplate template, String stackName, Map<String, String> parameterOverrides) {
        if (!STACK_NAME.matcher(stackName).matches()) {
            throw new IllegalArgumentException("a stack name is a letter then letters, digits or '-': " + stackName);
        }
        Stack stack = new Stack(stackName, template, aws, template.parameterValues(parameterOverrides));
        checkRules(template, stack);
        try (Clients clients = new Clients(aws)) {
            for (String logicalId : creationOrder(template)) {
                CloudTemplate.Resource resource = template.resources().get(logicalId);
                if (resource.condition() != null && !stack.condition(resource.condition())) {
                    continue;
                }
                try {
                    create(clients, stack, resource);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("stack " + stackName + ": cannot create " + logicalId + " ("
                            + resource.type() + "): " + e.getMessage(), e);
                }
            }
            for (CloudTemplate.HttpApi api : template.httpApis()) {
                if (api.implicit()) {
                    defineHttpApi(stack, api.logicalId());
                }
            }
        }
        return stack;
    }

    private void create(Clients clients, Stack stack, CloudTemplate.Resource resource) {
        switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> table(clients.dynamoDb(), stack, resource);
            case "AWS::Serverless::SimpleTable" -> simpleTable(clients.dynamoDb(), stack, resource);
            case "AWS::KMS::Key" -> key(clients.kms(), stack, resource);
            case "AWS::KMS::Alias" -> alias(clients.kms(), stack, resource);
            case "AWS::SQS::Queue" -> queue(clients.sqs(), stack, resource);
            case "AWS::S3::Bucket" -> bucket(clients.s3(), stack, resource);
            case "AWS::Events::EventBus" -> eventBus(clients.eventBridge(), stack, resource);
            case "AWS::SecretsManager::Secret" -> secret(clients.secretsManager(), stack, resource);
            case "AWS::Logs::LogGroup" -> logGroup(clients.logs(), stack, resource);
            case "AWS::SNS::Topic" -> topic(clients.sns(), stack, resource);
            case "AWS::CloudWatch::Alarm" -> alarm(stack, resource);
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> {
                Object given = resource.properties().get("FunctionName");
                String name = given != null ? stack.resolveString(given) : physicalName(stack, resource.logicalId());
                String arn = "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":function:" + name;
                stack.define(resource.logicalId(), resource.type(), name, Map.of("Arn", arn));
                Object alias = resource.properties().get("AutoPublishAlias");
                if (alias != null) {
                    // what SAM generates: one published version behind the alias; !Ref Fn.Alias / Fn.Version
                    String aliasName = stack.resolveString(alias);
                    String version = stack.functionVersion(resource.logicalId());
                    stack.define(resource.logicalId() + ".Version", "AWS::Lambda::Version", arn + ":" + version,
                            Map.of("Version", version, "FunctionArn", arn));
                    Map<String, String> aliasAttributes = Map.of("AliasName", aliasName, "AliasArn", arn + ":" + aliasName);
                    stack.define(resource.logicalId() + ".Alias", "AWS::Lambda::Alias", arn + ":" + aliasName, aliasAttributes);
                    stack.define(resource.logicalId() + "Alias" + aliasName, "AWS::Lambda::Alias", arn + ":" + aliasName,
                            aliasAttributes);
                }
                if (resource.properties().get("FunctionUrlConfig") != null) {
                    // what SAM generates; LocalCloud redefines it with the local URL it serves
                    String url = "https://" + shortId(stack.name() + "/" + resource.logicalId() + "Url")
                            + ".lambda-url." + LocalAws.REGION + ".on.aws/";
                    stack.define(resource.logicalId() + "Url", "AWS::Lambda::Url", arn,
                            Map.of("FunctionUrl", url, "FunctionArn", arn));
                }
            }
            case "AWS::Serverless::HttpApi" -> defineHttpApi(stack, resource.logicalId());
            default -> {
                String name = physicalName(stack, resource.logicalId());
                String service = resource.type().startsWith("AWS::")
                        ? resource.type().split("::")[1].toLowerCase(Locale.ROOT) : "local";
                stack.define(resource.logicalId(), resource.type(), name, Map.of(
                        "Arn", "arn:aws:" + service + ":" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + name));
                if (!IDENTITY_ONLY.contains(resource.type()) && !resource.type().startsWith("AWS::ApiGatewayV2::")) {
                    stack.recordNotProvisioned(resource.logicalId(), resource.type());
                }
            }
        }
    }

    /** CloudFormation checks a template's Rules against the parameters before it creates anything. */
    private static void checkRules(CloudTemplate template, Stack stack) {
        CloudTemplate.map(template.document().get("Rules")).forEach((name, value) -> {
            Map<String, Object> rule = CloudTemplate.map(value);
            try {
                if (rule.get("RuleCondition") != null && !stack.test(rule.get("RuleCondition"))) {
                    return;
                }
                for (Object item : CloudTemplate.list(rule.get("Assertions"))) {
                    Map<String, Object> assertion = CloudTemplate.map(item);
                    if (!stack.test(assertion.get("Assert"))) {
                        Object description = assertion.get("AssertDescription");
                        throw new IllegalArgumentException("stack " + stack.name() + ": template rule " + name + " fails: "
                                + (description != null ? description : assertion.get("Assert")));
                    }
                }
            } catch (UnsupportedOperationException e) {
                // a rule function local-cloud does not evaluate (Fn::ValueOf...): AWS checks it at deploy
            }
        });
    }

    // ---------------------------------------------------------------- DynamoDB

    private void table(DynamoDbClient dynamoDb, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("TableName") != null ? String.valueOf(p.get("TableName")) : physicalName(stack, resource.logicalId());
        BillingMode billing = BillingMode.fromValue(String.valueOf(p.getOrDefault("BillingMode", "PROVISIONED")));
        boolean provisioned = billing != BillingMode.PAY_PER_REQUEST;

        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(billing)
                .attributeDefinitions(maps(p.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder().attributeName(str(a, "AttributeName"))
                                .attributeType(str(a, "AttributeType")).build())
                        .toList())
                .keySchema(keySchema(p.get("KeySchema")));
        if (provisioned) {
            request.provisionedThroughput(throughput(p.get("ProvisionedThroughput")));
        }
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Map<String, Object> g : maps(p.get("GlobalSecondaryIndexes"))) {
            GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder()
                    .indexName(str(g, "IndexName"))
                    .keySchema(keySchema(g.get("KeySchema")))
                    .projection(projection(g.get("Projection")));
            if (provisioned) {
                gsi.provisionedThroughput(throughput(g.get("ProvisionedThroughput")));
            }
            gsis.add(gsi.build());
        }
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (Map<String, Object> l : maps(p.get("LocalSecondaryIndexes"))) {
            lsis.add(LocalSecondaryIndex.builder().indexName(str(l, "IndexName"))
                    .keySchema(keySchema(l.get("KeySchema"))).projection(projection(l.get("Projection"))).build());
        }
        if (!lsis.isEmpty()) {
            request.localSecondaryIndexes(lsis);
        }
        Map<String, Object> stream = CloudTemplate.map(p.get("StreamSpecification"));
        if (stream.get("StreamViewType") != null) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType"))).build());
        }
        createTable(dynamoDb, stack, resource, name, request.build(), CloudTemplate.map(p.get("TimeToLiveSpecification")));
    }

    private void simpleTable(DynamoDbClient dynamoDb, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("TableName") != null ? String.valueOf(p.get("TableName")) : physicalName(stack, resource.logicalId());
        Map<String, Object> key = CloudTemplate.map(p.get("PrimaryKey"));
        String keyName = key.get("Name") == null ? "id" : String.valueOf(key.get("Name"));
        String keyType = String.valueOf(key.getOrDefault("Type", "String"));
        String attributeType = switch (keyType) {
            case "Number" -> "N";
            case "Binary" -> "B";
            default -> "S";
        };
        CreateTableRequest request = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(keyName).attributeType(attributeType).build())
                .keySchema(KeySchemaElement.builder().attributeName(keyName).keyType("HASH").build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
        createTable(dynamoDb, stack, resource, name, request, Map.of());
    }

    private void createTable(DynamoDbClient dynamoDb, Stack stack, CloudTemplate.Resource resource, String name,
            CreateTableRequest request, Map<String, Object> ttl) {
        TableDescription existing = describeTable(dynamoDb, name);
        if (existing != null && recreate) {
            dynamoDb.deleteTable(b -> b.tableName(name));
            dynamoDb.waiter().waitUntilTableNotExists(b -> b.tableName(name));
            existing = null;
        }
        if (existing == null) {
            dynamoDb.createTable(request);
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(name));
        }
        TableDescription table = describeTable(dynamoDb, name);
        if (Boolean.TRUE.equals(bool(ttl.get("Enabled"))) && ttl.get("AttributeName") != null) {
            String attribute = String.valueOf(ttl.get("AttributeName"));
            var current = dynamoDb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            boolean enabled = current != null && current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                    && attribute.equals(current.attributeName());
            if (!enabled) {
                dynamoDb.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Arn", table.tableArn());
        if (table.latestStreamArn() != null) {
            attributes.put("StreamArn", table.latestStreamArn());
        }
        stack.define(resource.logicalId(), resource.type(), name, attributes);
        stack.recordCreated(resource.logicalId());
    }

    private static TableDescription describeTable(DynamoDbClient dynamoDb, String name) {
        try {
            return dynamoDb.describeTable(b -> b.tableName(name)).table();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return maps(value).stream()
                .map(k -> KeySchemaElement.builder().attributeName(str(k, "AttributeName")).keyType(str(k, "KeyType")).build())
                .toList();
    }

    private static Projection projection(Object value) {
        Map<String, Object> p = CloudTemplate.map(value);
        Projection.Builder projection = Projection.builder()
                .projectionType(String.valueOf(p.getOrDefault("ProjectionType", "ALL")));
        List<String> nonKey = new ArrayList<>();
        CloudTemplate.list(p.get("NonKeyAttributes")).forEach(a -> nonKey.add(String.valueOf(a)));
        if (!nonKey.isEmpty()) {
            projection.nonKeyAttributes(nonKey);
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(Object value) {
        Map<String, Object> t = CloudTemplate.map(value);
        return ProvisionedThroughput.builder()
                .readCapacityUnits(Long.parseLong(String.valueOf(t.getOrDefault("ReadCapacityUnits", 5))))
                .writeCapacityUnits(Long.parseLong(String.valueOf(t.getOrDefault("WriteCapacityUnits", 5))))
                .build();
    }

    // ---------------------------------------------------------------- KMS

    private void key(KmsClient kms, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        KeyMetadata key = findKey(kms, stack.name(), resource.logicalId());
        if (key != null && recreate) {
            kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(7));
        }
        KeyMetadata metadata = key != null && !recreate ? key : kms.createKey(b -> {
            b.description(p.get("Description") == null ? stack.name() + " " + resource.logicalId()
                    : String.valueOf(p.get("Description")));
            if (p.get("KeySpec") != null) {
                b.keySpec(String.valueOf(p.get("KeySpec")));
            }
            if (p.get("KeyUsage") != null) {
                b.keyUsage(String.valueOf(p.get("KeyUsage")));
            }
            b.tags(software.amazon.awssdk.services.kms.model.Tag.builder().tagKey(TAG_STACK).tagValue(stack.name()).build(),
                    software.amazon.awssdk.services.kms.model.Tag.builder().tagKey(TAG_LOGICAL_ID)
                            .tagValue(resource.logicalId()).build());
        }).keyMetadata();
        boolean symmetric = p.get("KeySpec") == null || "SYMMETRIC_DEFAULT".equals(String.valueOf(p.get("KeySpec")));
        if (Boolean.TRUE.equals(bool(p.get("EnableKeyRotation"))) && symmetric) {
            kms.enableKeyRotation(b -> b.keyId(metadata.keyId()));
        }
        if (Boolean.FALSE.equals(bool(p.get("Enabled")))) {
            kms.disableKey(b -> b.keyId(metadata.keyId()));
        }
        stack.define(resource.logicalId(), resource.type(), metadata.keyId(),
                Map.of("Arn", metadata.arn(), "KeyId", metadata.keyId()));
        stack.recordCreated(resource.logicalId());
    }

    /** The key this stack created for {@code logicalId} before (found by its tags), or null. */
    private static KeyMetadata findKey(KmsClient kms, String stackName, String logicalId) {
        for (KeyListEntry entry : kms.listKeysPaginator(b -> { }).keys()) {
            KeyMetadata metadata = kms.describeKey(b -> b.keyId(entry.keyId())).keyMetadata();
            if (metadata.keyState() == KeyState.PENDING_DELETION) {
                continue;
            }
            Map<String, String> tags = new HashMap<>();
            kms.listResourceTags(b -> b.keyId(entry.keyId())).tags().forEach(t -> tags.put(t.tagKey(), t.tagValue()));
            if (stackName.equals(tags.get(TAG_STACK)) && logicalId.equals(tags.get(TAG_LOGICAL_ID))) {
                return metadata;
            }
        }
        return null;
    }

    private void alias(KmsClient kms, Stack stack, CloudTemplate.Resource resource) {
        String aliasName = stack.resolveString(resource.properties().get("AliasName"));
        String target = stack.resolveString(resource.properties().get("TargetKeyId"));
        AliasListEntry existing = findAlias(kms, aliasName);
        if (existing == null) {
            kms.createAlias(b -> b.aliasName(aliasName).targetKeyId(target));
        } else {
            kms.updateAlias(b -> b.aliasName(aliasName).targetKeyId(target));
        }
        stack.define(resource.logicalId(), resource.type(), aliasName, Map.of(
                "Arn", "arn:aws:kms:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + aliasName));
        stack.recordCreated(resource.logicalId());
    }

    private static AliasListEntry findAlias(KmsClient kms, String aliasName) {
        for (AliasListEntry alias : kms.listAliasesPaginator(b -> { }).aliases()) {
            if (alias.aliasName().equals(aliasName)) {
                return alias;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- SQS

    private void queue(SqsClient sqs, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        boolean fifo = Boolean.TRUE.equals(bool(p.get("FifoQueue")));
        String name = p.get("QueueName") != null ? String.valueOf(p.get("QueueName"))
                : physicalName(stack, resource.logicalId()) + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        for (String attribute : QUEUE_ATTRIBUTES) {
            Object value = p.get(attribute);
            if (value != null) {
                attributes.put(QueueAttributeName.fromValue(attribute), attributeText(value));
            }
        }
        String url = queueUrl(sqs, name);
        if (url != null && recreate) {
            String old = url;
            sqs.deleteQueue(b -> b.queueUrl(old));
            url = null;
        }
        if (url == null) {
            Map<QueueAttributeName, String> create = new LinkedHashMap<>(attributes);
            if (fifo) {
                create.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            url = sqs.createQueue(b -> b.queueName(name).attributes(create)).queueUrl();
        } else if (!attributes.isEmpty()) {
            String existing = url;
            sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        stack.define(resource.logicalId(), resource.type(), url,
                Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
        stack.recordCreated(resource.logicalId());
    }

    private static String queueUrl(SqsClient sqs, String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return null;
        }
    }

    private static String attributeText(Object value) {
        if (value instanceof Map || value instanceof List) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return String.valueOf(value);
    }

    // ---------------------------------------------------------------- S3

    private void bucket(S3Client s3, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("BucketName") != null ? String.valueOf(p.get("BucketName"))
                : bucketName(physicalName(stack, resource.logicalId()));
        boolean exists = bucketExists(s3, name);
        if (exists && recreate) {
            emptyAndDeleteBucket(s3, name);
            exists = false;
        }
        if (!exists) {
            s3.createBucket(b -> b.bucket(name));
        }
        Object versioning = CloudTemplate.map(p.get("VersioningConfiguration")).get("Status");
        if (versioning != null) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(String.valueOf(versioning))));
        }
        List<QueueConfiguration> queues = queueNotifications(CloudTemplate.map(p.get("NotificationConfiguration")));
        if (!queues.isEmpty()) {
            // moto delivers S3 event notifications to its own SQS queues, as S3 does
            s3.putBucketNotificationConfiguration(b -> b.bucket(name)
                    .notificationConfiguration(n -> n.queueConfigurations(queues)));
        }
        stack.define(resource.logicalId(), resource.type(), name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + LocalAws.REGION + ".amazonaws.com",
                "WebsiteURL", "http://" + name + ".s3-website-" + LocalAws.REGION + ".amazonaws.com"));
        stack.recordCreated(resource.logicalId());
    }

    /** {@code NotificationConfiguration.QueueConfigurations} (Event, Queue, Filter.S3Key.Rules) as the SDK wants them. */
    private static List<QueueConfiguration> queueNotifications(Map<String, Object> notifications) {
        List<QueueConfiguration> result = new ArrayList<>();
        for (Object item : CloudTemplate.list(notifications.get("QueueConfigurations"))) {
            Map<String, Object> q = CloudTemplate.map(item);
            List<FilterRule> rules = new ArrayList<>();
            for (Object rule : CloudTemplate.list(CloudTemplate.map(CloudTemplate.map(q.get("Filter")).get("S3Key")).get("Rules"))) {
                Map<String, Object> r = CloudTemplate.map(rule);
                rules.add(FilterRule.builder().name(String.valueOf(r.get("Name"))).value(String.valueOf(r.get("Value"))).build());
            }
            QueueConfiguration.Builder b = QueueConfiguration.builder().queueArn(String.valueOf(q.get("Queue")))
                    .eventsWithStrings(String.valueOf(q.get("Event")));
            if (!rules.isEmpty()) {
                b.filter(f -> f.key(k -> k.filterRules(rules)));
            }
            result.add(b.build());
        }
        return result;
    }

    private static boolean bucketExists(S3Client s3, String name) {
        try {
            s3.headBucket(b -> b.bucket(name));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void emptyAndDeleteBucket(S3Client s3, String name) {
        for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(name))) {
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            if (!ids.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(ids)));
            }
        }
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(name))) {
            List<ObjectIdentifier> ids = new ArrayList<>();
            for (S3Object object : page.contents()) {
                ids.add(ObjectIdentifier.builder().key(object.key()).build());
            }
            if (!ids.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(ids)));
            }
        }
        s3.deleteBucket(b -> b.bucket(name));
    }

    static String bucketName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return lower.length() > 63 ? lower.substring(0, 63) : lower;
    }

    // ---------------------------------------------------------------- EventBridge

    private void eventBus(EventBridgeClient events, Stack stack, CloudTemplate.Resource resource) {
        String name = stack.resolveString(resource.properties().get("Name"));
        String arn = eventBusArn(events, name);
        if (arn != null && recreate) {
            deleteEventBus(events, name);
            arn = null;
        }
        if (arn == null) {
            arn = events.createEventBus(b -> b.name(name)).eventBusArn();
        }
        stack.define(resource.logicalId(), resource.type(), name, Map.of("Arn", arn, "Name", name));
        stack.recordCreated(resource.logicalId());
    }

    private static String eventBusArn(EventBridgeClient events, String name) {
        try {
            return events.describeEventBus(b -> b.name(name)).arn();
        } catch (software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException e) {
            return null;
        }
    }

    private static void deleteEventBus(EventBridgeClient events, String name) {
        for (var rule : events.listRules(b -> b.eventBusName(name)).rules()) {
            var targets = events.listTargetsByRule(b -> b.rule(rule.name()).eventBusName(name)).targets();
            if (!targets.isEmpty()) {
                events.removeTargets(b -> b.rule(rule.name()).eventBusName(name)
                        .ids(targets.stream().map(t -> t.id()).toList()));
            }
            events.deleteRule(b -> b.name(rule.name()).eventBusName(name));
        }
        events.deleteEventBus(b -> b.name(name));
    }

    // ---------------------------------------------------------------- Secrets Manager

    private void secret(SecretsManagerClient secrets, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("Name") != null ? String.valueOf(p.get("Name")) : physicalName(stack, resource.logicalId());
        DescribeSecretResponse existing = describeSecret(secrets, name);
        if (existing != null && recreate) {
            secrets.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
            existing = null;
        }
        String given = p.get("SecretString") == null ? null : String.valueOf(p.get("SecretString"));
        String arn;
        if (existing == null) {
            String value = given != null ? given : generateSecret(CloudTemplate.map(p.get("GenerateSecretString")));
            arn = secrets.createSecret(b -> {
                b.name(name).secretString(value);
                if (p.get("Description") != null) {
                    b.description(String.valueOf(p.get("Description")));
                }
            }).arn();
        } else {
            arn = existing.arn();
            if (given != null) {
                secrets.putSecretValue(b -> b.secretId(name).secretString(given)); // the parameter may have changed
            }
        }
        stack.define(resource.logicalId(), resource.type(), arn, Map.of("Id", arn));
        stack.recordCreated(resource.logicalId());
    }

    private static DescribeSecretResponse describeSecret(SecretsManagerClient secrets, String name) {
        try {
            DescribeSecretResponse secret = secrets.describeSecret(b -> b.secretId(name));
            return secret.deletedDate() != null ? null : secret;
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            return null;
        }
    }

    /** A random secret as GenerateSecretString describes it (length, character classes, JSON template). */
    static String generateSecret(Map<String, Object> spec) {
        int length = Integer.parseInt(String.valueOf(spec.getOrDefault("PasswordLength", 32)));
        StringBuilder alphabet = new StringBuilder();
        if (!isTrue(spec.get("ExcludeUppercase"))) {
            alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        }
        if (!isTrue(spec.get("ExcludeLowercase"))) {
            alphabet.append("abcdefghijklmnopqrstuvwxyz");
        }
        if (!isTrue(spec.get("ExcludeNumbers"))) {
            alphabet.append("0123456789");
        }
        if (!isTrue(spec.get("ExcludePunctuation"))) {
            alphabet.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
        }
        if (isTrue(spec.get("IncludeSpace"))) {
            alphabet.append(' ');
        }
        String excluded = spec.get("ExcludeCharacters") == null ? "" : String.valueOf(spec.get("ExcludeCharacters"));
        String characters = alphabet.chars().filter(c -> excluded.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (characters.isEmpty()) {
            throw new IllegalArgumentException("GenerateSecretString excludes every character");
        }
        StringBuilder generated = new StringBuilder();
        for (int i = 0; i < length; i++) {
            generated.append(characters.charAt(RANDOM.nextInt(characters.length())));
        }
        Object template = spec.get("SecretStringTemplate");
        Object key = spec.get("GenerateStringKey");
        if (template == null || key == null) {
            return generated.toString();
        }
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(String.valueOf(template));
            json.put(String.valueOf(key), generated.toString());
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("SecretStringTemplate is not a JSON object: " + template, e);
        }
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(bool(value));
    }

    // ---------------------------------------------------------------- CloudWatch Logs, SNS, alarms

    private void logGroup(CloudWatchLogsClient logs, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("LogGroupName") != null ? String.valueOf(p.get("LogGroupName"))
                : physicalName(stack, resource.logicalId());
        boolean exists = logGroupExists(logs, name);
        if (exists && recreate) {
            logs.deleteLogGroup(b -> b.logGroupName(name));
            exists = false;
        }
        if (!exists) {
            logs.createLogGroup(b -> b.logGroupName(name));
        }
        if (p.get("RetentionInDays") != null) {
            int days = Integer.parseInt(String.valueOf(p.get("RetentionInDays")).trim());
            logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(days));
        }
        stack.define(resource.logicalId(), resource.type(), name, Map.of("Arn",
                "arn:aws:logs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":log-group:" + name + ":*"));
        stack.recordCreated(resource.logicalId());
    }

    private static boolean logGroupExists(CloudWatchLogsClient logs, String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .anyMatch(group -> group.logGroupName().equals(name));
    }

    private void topic(SnsClient sns, Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        boolean fifo = isTrue(p.get("FifoTopic"));
        String name = p.get("TopicName") != null ? String.valueOf(p.get("TopicName"))
                : physicalName(stack, resource.logicalId()) + (fifo ? ".fifo" : "");
        String expectedArn = "arn:aws:sns:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + name;
        if (recreate) {
            sns.deleteTopic(b -> b.topicArn(expectedArn)); // idempotent
        }
        String arn = sns.createTopic(b -> b.name(name).attributes(fifo ? Map.of("FifoTopic", "true") : Map.of()))
                .topicArn(); // idempotent: an existing topic answers its ARN
        stack.define(resource.logicalId(), resource.type(), arn, Map.of("TopicArn", arn, "TopicName", name));
        stack.recordCreated(resource.logicalId());
    }

    /**
     * An alarm: nothing evaluates alarms locally (and moto's CloudWatch does not speak the SDK's current
     * protocol), so it gets a name and an Arn; its definition is resolved now, so a reference to
     * something that does not exist fails here as it would at deploy.
     */
    private static void alarm(Stack stack, CloudTemplate.Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) stack.resolve(resource.properties());
        String name = p.get("AlarmName") != null ? String.valueOf(p.get("AlarmName")) : physicalName(stack, resource.logicalId());
        stack.define(resource.logicalId(), resource.type(), name, Map.of("Arn",
                "arn:aws:cloudwatch:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":alarm:" + name));
    }

    // ---------------------------------------------------------------- the rest

    private static void defineHttpApi(Stack stack, String logicalId) {
        String apiId = shortId(stack.name() + "/" + logicalId);
        stack.define(logicalId, "AWS::Serverless::HttpApi", apiId, Map.of(
                "ApiEndpoint", "https://" + apiId + ".execute-api." + LocalAws.REGION + ".amazonaws.com",
                "ApiId", apiId));
    }

    /** Deletes what {@code stack} created, newest first; best effort, the first failure is rethrown. */
    void delete(Stack stack) {
        List<String> created = new ArrayList<>(stack.provisionedResources());
        java.util.Collections.reverse(created);
        RuntimeException first = null;
        try (Clients clients = new Clients(aws)) {
            for (String logicalId : created) {
                Stack.PhysicalResource resource = stack.resource(logicalId).orElseThrow();
                try {
                    switch (resource.type()) {
                        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" ->
                                clients.dynamoDb().deleteTable(b -> b.tableName(resource.ref()));
                        case "AWS::KMS::Key" -> clients.kms()
                                .scheduleKeyDeletion(b -> b.keyId(resource.ref()).pendingWindowInDays(7));
                        case "AWS::KMS::Alias" -> clients.kms().deleteAlias(b -> b.aliasName(resource.ref()));
                        case "AWS::SQS::Queue" -> clients.sqs().deleteQueue(b -> b.queueUrl(resource.ref()));
                        case "AWS::S3::Bucket" -> emptyAndDeleteBucket(clients.s3(), resource.ref());
                        case "AWS::Events::EventBus" -> deleteEventBus(clients.eventBridge(), resource.ref());
                        case "AWS::SecretsManager::Secret" -> clients.secretsManager()
                                .deleteSecret(b -> b.secretId(resource.ref()).forceDeleteWithoutRecovery(true));
                        case "AWS::Logs::LogGroup" -> clients.logs().deleteLogGroup(b -> b.logGroupName(resource.ref()));
                        case "AWS::SNS::Topic" -> clients.sns().deleteTopic(b -> b.topicArn(resource.ref()));
                        default -> { }
                    }
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static String physicalName(Stack stack, String logicalId) {
        return stack.name() + "-" + logicalId;
    }

    private static String shortId(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                id.append(alphabet.charAt((digest[i] & 0xff) % alphabet.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resources in an order where everything a resource refers to comes before it. */
    static List<String> creationOrder(CloudTemplate template) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (CloudTemplate.Resource resource : template.resources().values()) {
            Set<String> refs = new LinkedHashSet<>();
            references(resource.properties(), refs);
            Object dependsOn = resource.definition().get("DependsOn");
            if (dependsOn instanceof String one) {
                refs.add(one);
            } else {
                CloudTemplate.list(dependsOn).forEach(d -> refs.add(String.valueOf(d)));
            }
            refs.retainAll(template.resources().keySet());
            refs.remove(resource.logicalId());
            dependencies.put(resource.logicalId(), refs);
        }
        List<String> order = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        for (String id : dependencies.keySet()) {
            visit(id, dependencies, visiting, order);
        }
        return order;
    }

    private static void visit(String id, Map<String, Set<String>> dependencies, Set<String> visiting, List<String> order) {
        if (order.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new IllegalArgumentException("circular reference through " + id);
        }
        for (String dependency : dependencies.get(id)) {
            visit(dependency, dependencies, visiting, order);
        }
        visiting.remove(id);
        order.add(id);
    }

    /** The logical ids a template value refers to (Ref, Fn::GetAtt, Fn::Sub; {@code Fn.Alias} counts as Fn). */
    static void references(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") && only.getValue() instanceof String name) {
                    out.add(name.endsWith(".Alias") || name.endsWith(".Version") ? name.substring(0, name.lastIndexOf('.')) : name);
                    return;
                }
                if (key.equals("Fn::GetAtt")) {
                    Object value = only.getValue();
                    if (value instanceof List<?> list && !list.isEmpty()) {
                        out.add(String.valueOf(list.get(0)));
                    } else if (value instanceof String text) {
                        out.add(text.split("\\.", 2)[0]);
                    }
                    return;
                }
                if (key.equals("Fn::Sub")) {
                    Object value = only.getValue();
                    Object text = value instanceof List<?> list && !list.isEmpty() ? list.get(0) : value;
                    if (text instanceof String s) {
                        Matcher m = SUB_REFERENCE.matcher(s);
                        while (m.find()) {
                            out.add(m.group(1).trim().split("\\.", 2)[0]);
                        }
                    }
                    if (value instanceof List<?> list && list.size() > 1) {
                        references(list.get(1), out);
                    }
                    return;
                }
            }
            map.values().forEach(v -> references(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> references(v, out));
        }
    }

    // ---------------------------------------------------------------- helpers

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : CloudTemplate.list(value)) {
            result.add((Map<String, Object>) item);
        }
        return result;
    }

    private static String str(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + " in " + map);
        }
        return String.valueOf(value);
    }

    private static Boolean bool(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }

    /** SDK clients opened on demand for one provisioning run. */
    private static final class Clients implements AutoCloseable {
        private final LocalAws aws;
        private DynamoDbClient dynamoDb;
        private KmsClient kms;
        private SqsClient sqs;
        private S3Client s3;
        private EventBridgeClient eventBridge;
        private SecretsManagerClient secretsManager;
        private CloudWatchLogsClient logs;
        private SnsClient sns;

        Clients(LocalAws aws) {
            this.aws = aws;
        }

        DynamoDbClient dynamoDb() {
            return dynamoDb != null ? dynamoDb : (dynamoDb = aws.dynamoDb());
        }

        KmsClient kms() {
            return kms != null ? kms : (kms = aws.kms());
        }

        SqsClient sqs() {
            return sqs != null ? sqs : (sqs = aws.sqs());
        }

        S3Client s3() {
            return s3 != null ? s3 : (s3 = aws.s3());
        }

        EventBridgeClient eventBridge() {
            return eventBridge != null ? eventBridge : (eventBridge = aws.eventBridge());
        }

        SecretsManagerClient secretsManager() {
            return secretsManager != null ? secretsManager : (secretsManager = aws.secretsManager());
        }

        CloudWatchLogsClient logs() {
            return logs != null ? logs : (logs = aws.logs());
        }

        SnsClient sns() {
            return sns != null ? sns : (sns = aws.sns());
        }

        @Override
        public void close() {
            for (AutoCloseable client : new AutoCloseable[] {dynamoDb, kms, sqs, s3, eventBridge, secretsManager, logs,
                    sns}) {
                if (client != null) {
                    try {
                        client.close();
                    } catch (Exception ignored) {
                        // nothing to do about a client that does not close
                    }
                }
            }
        }
    }
}
