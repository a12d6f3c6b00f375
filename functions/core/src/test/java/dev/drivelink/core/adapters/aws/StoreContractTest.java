package dev.drivelink.core.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.drivelink.core.connect.ConsentState;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.connection.SealedTokens;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadJobRepository;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.core.upload.UploadStatus;
import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.LocalAws;
import dev.drivelink.localcloud.Provisioner;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The repositories against two DynamoDB implementations: moto (as every other test) and Amazon's
 * DynamoDB Local in this JVM, which enforces what moto does not (key sizes, item sizes, expression
 * rules). The table is made from template.yaml's DriveLinkTable in both.
 */
class StoreContractTest {

    record Store(DynamoDbClient dynamo, String table) {
    }

    static AmazonDynamoDBLocal local;
    static Store moto;
    static Store dynamoDbLocal;

    @BeforeAll
    static void start() {
        CloudTemplate template = CloudTemplate.load(CloudTemplate.find());
        String stack = "store-" + UUID.randomUUID().toString().substring(0, 8);
        var provisioned = new Provisioner(LocalAws.shared()).provision(template, stack, Map.of("GoogleClientId", "x",
                "GoogleClientSecret", "x", "FrontendUrl", "https://app.example", "AllowedOrigins", "https://app.example",
                "JwtIssuer", "https://issuer.example", "JwtAudience", "x"));
        moto = new Store(LocalAws.shared().dynamoDb(), provisioned.ref("DriveLinkTable"));
        local = DynamoDBEmbedded.create(true); // true: no telemetry (it would call AWS from the test)
        dynamoDbLocal = new Store(local.dynamoDbClient(), createFromTemplate(local.dynamoDbClient(), template));
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.shutdown();
        }
    }

    /** DriveLinkTable as template.yaml declares it: keys, attribute types, global secondary indexes. */
    @SuppressWarnings("unchecked")
    static String createFromTemplate(DynamoDbClient dynamo, CloudTemplate template) {
        Map<String, Object> p = template.resource("DriveLinkTable").orElseThrow().properties();
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) p.get("AttributeDefinitions")) {
            attributes.add(AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                    .attributeType((String) a.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) p.get("GlobalSecondaryIndexes")) {
            indexes.add(GlobalSecondaryIndex.builder().indexName((String) g.get("IndexName"))
                    .keySchema(keys((List<Map<String, Object>>) g.get("KeySchema")))
                    .projection(Projection.builder().projectionType((String) ((Map<String, Object>) g.get("Projection"))
                            .get("ProjectionType")).build()).build());
        }
        String name = "drivelink-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(r -> r.tableName(name).attributeDefinitions(attributes)
                .keySchema(keys((List<Map<String, Object>>) p.get("KeySchema"))).globalSecondaryIndexes(indexes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }

    static Stream<Named<Store>> stores() {
        return Stream.of(Named.of("moto", moto), Named.of("DynamoDB Local", dynamoDbLocal));
    }

    static DriveConnection connection(String id, String user, long version, Instant expiry) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new DriveConnection(id, user, new GoogleAccount("perm-" + id, "a@example.com", "A"), ConnectionStatus.ACTIVE,
                new FolderRef("root-" + id, "drivelink", "https://drive.google.com/drive/folders/root-" + id),
                List.of("https://www.googleapis.com/auth/drive.file"), new SealedTokens(new byte[] {1, 2, 3}), expiry, null,
                now, now, version, null);
    }

    static String connectionId() {
        return "dc_" + UUID.randomUUID().toString().replace("-", "");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void connectionsSaveUnderVersionsLeaseAndAreFoundByUserAndByExpiry(Store store) {
        var repo = new DynamoConnectionRepository(store.dynamo(), store.table());
        String user = "user-" + UUID.randomUUID();
        Instant soon = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        String id = connectionId();
        DriveConnection first = connection(id, user, 1, soon);
        repo.save(first, 0);
        assertThatThrownBy(() -> repo.save(first, 0)).isInstanceOf(ConnectionRepository.ConcurrentUpdateException.class);
        DriveConnection failed = first.afterFailedRefresh(Instant.now(), "token refresh failed: 503");
        repo.save(failed, 1);
        assertThatThrownBy(() -> repo.save(failed, 1)).isInstanceOf(ConnectionRepository.ConcurrentUpdateException.class);

        assertThat(repo.find(id)).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(ConnectionStatus.ERROR);
            assertThat(c.refreshFailures()).isEqualTo(1);
            assertThat(c.version()).isEqualTo(2);
        });
        assertThat(repo.findByUser(user)).extracting(DriveConnection::id).containsExactly(id);
        assertThat(repo.idsWithAccessTokenExpiringBefore(soon.plusSeconds(1))).contains(id);
        assertThat(repo.tryLease(id, 2, "me", Instant.now(), Instant.now().plusSeconds(15))).isTrue();
        assertThat(repo.tryLease(id, 2, "you", Instant.now(), Instant.now().plusSeconds(15))).isFalse();
        repo.releaseLease(id, "me");
        assertThat(repo.tryLease(id, 2, "you", Instant.now(), Instant.now().plusSeconds(15))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aConsentStateIsConsumedOnce(Store store) {
        var repo = new DynamoConsentStateRepository(store.dynamo(), store.table());
        String state = UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        repo.put(new ConsentState(state, "user-1", "nonce", "verifier", "https://api.example/drive/callback",
                "https://app.example/x", null, "hash", now, now.plusSeconds(600)));

        assertThat(repo.consume(state)).hasValueSatisfying(c -> assertThat(c.browserKeyHash()).isEqualTo("hash"));
        assertThat(repo.consume(state)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void uploadJobsFolderPathsAndTheIdPool(Store store) {
        var uploads = new DynamoUploadStore(store.dynamo(), store.table(), Duration.ofDays(30));
        String id = "up_" + UUID.randomUUID().toString().replace("-", "");
        String connection = connectionId();
        UploadJob queued = UploadJob.queued(id, "user-1", SourcePolicy.Origin.API, new UploadRequest(1, null, connection,
                new UploadSource.S3("bucket", "users/user-1/a.wav"), "a.wav", "audio/wav", "renders/2026",
                "{\"type\":\"render\"}", null), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(uploads.createIfAbsent(queued)).isTrue();
        assertThat(uploads.createIfAbsent(queued)).isFalse();
        assertThat(uploads.tryLease(id, 1, Instant.now(), Instant.now().plusSeconds(60))).isTrue();
        assertThat(uploads.tryLease(id, 1, Instant.now(), Instant.now().plusSeconds(60))).isFalse();
        UploadJob done = queued.withResult("https://drive.google.com/file/d/x", "md5", 10).next(Instant.now());
        uploads.save(done, 1);
        assertThatThrownBy(() -> uploads.save(done, 1)).isInstanceOf(UploadJobRepository.StaleJobException.class);
        assertThat(uploads.find(id)).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(UploadStatus.DONE);
            assertThat(j.origin()).isEqualTo(SourcePolicy.Origin.API);
        });

        String path = "renders/" + "\u00e9".repeat(440); // 888 UTF-8 bytes of path: within the 900-byte rule
        assertThat(uploads.claim(connection, path, "root", Instant.now(), Instant.now().plusSeconds(30))).isTrue();
        assertThat(uploads.claim(connection, path, "root", Instant.now(), Instant.now().plusSeconds(30))).isFalse();
        uploads.ready(connection, path, "root", "folder-1");
        assertThat(uploads.find(connection, path)).hasValueSatisfying(e -> assertThat(e.folderId()).isEqualTo("folder-1"));
        uploads.forget(connection, path);
        assertThat(uploads.find(connection, path)).isEmpty();

        uploads.add(connection, List.of("id-1", "id-2"));
        assertThat(uploads.take(connection)).hasValue("id-1");
        assertThat(uploads.take(connection)).hasValue("id-2");
        assertThat(uploads.take(connection)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theInputLimitsKeepEveryKeyWithinDynamoDbs(Store store) {
        // what the intake and callback refuse before the store is asked: here, what a real table would do
        var uploads = new DynamoUploadStore(store.dynamo(), store.table(), Duration.ofDays(30));
        var consents = new DynamoConsentStateRepository(store.dynamo(), store.table());
        String tooLongPath = "a".repeat(1100); // a sort key over 1024 bytes
        String tooLongState = "s".repeat(5000); // a partition key over 2048 bytes
        assertThatThrownBy(() -> uploads.claim(connectionId(), tooLongPath, "root", Instant.now(), Instant.now().plusSeconds(30)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("1024 bytes");
        if (store == dynamoDbLocal) {
            // a partition key over 2048 bytes, refused as DynamoDB refuses it (moto does not check all limits)
            assertThatThrownBy(() -> consents.consume(tooLongState)).isInstanceOf(DynamoDbException.class);
        }
    }
}
