package dev.drivelink.core;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.adapters.aws.SecretsManagerClientSecret;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connection.ConnectionCommands;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConsentStateRepository;
import dev.drivelink.core.connection.OAuthFlowService;
import dev.drivelink.core.connection.RedirectPolicy;
import dev.drivelink.core.drive.DriveFolders;
import dev.drivelink.core.drive.OAuthProvider;
import dev.drivelink.core.drive.google.GoogleDriveClients;
import dev.drivelink.core.drive.google.GoogleDriveFolders;
import dev.drivelink.core.drive.google.GoogleOAuthProvider;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.events.EventBridgePublisher;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.store.DynamoConnectionRepository;
import dev.drivelink.core.store.DynamoConsentStateRepository;
import dev.drivelink.core.token.KmsTokenSealer;
import dev.drivelink.core.token.TokenLifecycle;
import dev.drivelink.core.token.TokenRefreshSweep;
import dev.drivelink.core.token.TokenSealer;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.google.GoogleDriveUploads;
import dev.drivelink.core.store.DynamoUploadStore;
import dev.drivelink.core.upload.FolderPaths;
import dev.drivelink.core.upload.S3UrlSourceReader;
import dev.drivelink.core.upload.SqsUploadQueue;
import dev.drivelink.core.upload.UploadBatch;
import dev.drivelink.core.upload.UploadIntake;
import dev.drivelink.core.upload.UploadQueue;
import dev.drivelink.core.upload.UploadService;
import java.time.Clock;
import java.time.Duration;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The composition root: builds every service from configuration and AWS clients. Handlers (and tests)
 * get their services here, so the wiring exists once.
 */
public final class DriveLink {

    /** The AWS clients drivelink uses. */
    public record AwsClients(DynamoDbClient dynamo, KmsClient kms, EventBridgeClient eventBridge, S3Client s3,
                             SqsClient sqs) {

        /**
         * As Lambda wants them: the light URLConnection HTTP client; region, credentials and endpoint
         * from the standard environment (AWS_REGION, the execution role; locally AWS_ENDPOINT_URL).
         */
        public static AwsClients fromEnvironment() {
            SdkHttpClient http = UrlConnectionHttpClient.builder().build();
            return new AwsClients(DynamoDbClient.builder().httpClient(http).build(),
                    KmsClient.builder().httpClient(http).build(),
                    EventBridgeClient.builder().httpClient(http).build(),
                    S3Client.builder().httpClient(http).forcePathStyle(true).build(),
                    SqsClient.builder().httpClient(http).build());
        }
    }

    private final ConnectionRepository connections;
    private final TokenSealer sealer;
    private final ConnectionEvents events;
    private final OAuthFlowService oauthFlow;
    private final ConnectionQueries connectionQueries;
    private final ConnectionCommands connectionCommands;
    private final TokenLifecycle tokens;
    private final TokenRefreshSweep refreshSweep;
    private final UploadService uploads;
    private final UploadBatch uploadBatch;
    private final UploadIntake uploadIntake;

    public DriveLink(DriveLinkConfig config, AwsClients aws, Clock clock) {
        HttpTransport transport = new NetHttpTransport();
        this.connections = new DynamoConnectionRepository(aws.dynamo(), config.table());
        ConsentStateRepository consents = new DynamoConsentStateRepository(aws.dynamo(), config.table());
        this.sealer = new KmsTokenSealer(aws.kms(), config.tokenKeyId());
        EventPublisher publisher = config.eventBus().filter(s -> !s.isBlank())
                .<EventPublisher>map(bus -> new EventBridgePublisher(aws.eventBridge(), bus))
                .orElse(EventPublisher.NONE);
        this.events = ConnectionEvents.via(publisher);
        OAuthProvider oauth = new GoogleOAuthProvider(transport, config.google().clientId(),
                SecretsManagerClientSecret.of(config.google()), config.google().authUri(), config.google().tokenUri(),
                config.google().revokeUri(), clock);
        var driveClients = new GoogleDriveClients(transport, config.google().driveRootUrl(),
                config.google().connectTimeout(), config.google().readTimeout());
        DriveFolders driveFolders = new GoogleDriveFolders(driveClients);
        var settings = new OAuthFlowService.Settings(config.oauth().redirectUri(), config.oauth().scopeList(),
                config.oauth().stateTtl(), config.frontend().defaultUrl(), config.rootFolderName());
        this.oauthFlow = new OAuthFlowService(settings, new RedirectPolicy(config.frontend().allowedOrigins()),
                consents, connections, oauth, driveFolders, sealer, events, clock);
        this.connectionQueries = new ConnectionQueries(connections, config.oauth().scopeList());
        var defaults = TokenLifecycle.Settings.defaults();
        this.tokens = new TokenLifecycle(connections, sealer, oauth, events, clock,
                new TokenLifecycle.Settings(defaults.minRemaining(), config.tokens().refreshLease(),
                        defaults.waitTimeout(), defaults.pollInterval()));
        this.connectionCommands = new ConnectionCommands(connectionQueries, connections, tokens, sealer, driveFolders,
                oauth, events, clock);
        this.refreshSweep = new TokenRefreshSweep(connections, tokens, clock, config.tokens().refreshWindow());

        var up = config.uploads();
        var store = new DynamoUploadStore(aws.dynamo(), config.table());
        var driveUploads = new GoogleDriveUploads(driveClients);
        var folderPaths = new FolderPaths(store, driveFolders, driveUploads, clock, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
        var sources = new S3UrlSourceReader(aws.s3(), Set.copyOf(up.sourceBuckets().orElse(List.of())),
                up.allowInsecureUrlSources(), config.google().readTimeout());
        this.uploads = new UploadService(connections, store, store, folderPaths, driveUploads, tokens, sources,
                publisher, Backoff.standard(), clock,
                new UploadService.Settings(up.smallFileLimit(), up.chunkSize(), up.jobLease(), up.safetyMargin(),
                        up.idPoolBatch(), up.progressInterval()));
        UploadQueue queue = new SqsUploadQueue(aws.sqs(), up.queueUrl().orElse(null), up.deadLetterQueueUrl().orElse(null));
        this.uploadBatch = new UploadBatch(uploads, queue);
        this.uploadIntake = new UploadIntake(connectionQueries, uploads, store, queue);
    }

    public UploadService uploads() {
        return uploads;
    }

    public UploadBatch uploadBatch() {
        return uploadBatch;
    }

    public UploadIntake uploadIntake() {
        return uploadIntake;
    }

    /**
     * The configuration a Lambda with these environment variables reads (DRIVELINK_GOOGLE_CLIENT_ID ->
     * drivelink.google.client-id ...), for running the core outside Quarkus: tests, benchmarks, tools.
     */
    public static DriveLinkConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withMapping(DriveLinkConfig.class)
                .withSources(new EnvConfigSource(environment, 300))
                .build()
                .getConfigMapping(DriveLinkConfig.class);
    }

    public static DriveLink fromEnvironment(DriveLinkConfig config) {
        return new DriveLink(config, AwsClients.fromEnvironment(), Clock.systemUTC());
    }

    public OAuthFlowService oauthFlow() {
        return oauthFlow;
    }

    public ConnectionQueries connectionQueries() {
        return connectionQueries;
    }

    public ConnectionCommands connectionCommands() {
        return connectionCommands;
    }

    public TokenLifecycle tokens() {
        return tokens;
    }

    public TokenRefreshSweep refreshSweep() {
        return refreshSweep;
    }

    public ConnectionRepository connections() {
        return connections;
    }

    public TokenSealer sealer() {
        return sealer;
    }
}
