package dev.drivelink.core;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConsentStateRepository;
import dev.drivelink.core.connection.OAuthFlowService;
import dev.drivelink.core.connection.RedirectPolicy;
import dev.drivelink.core.drive.DriveFolders;
import dev.drivelink.core.drive.OAuthProvider;
import dev.drivelink.core.drive.google.GoogleDriveFolders;
import dev.drivelink.core.drive.google.GoogleOAuthProvider;
import dev.drivelink.core.store.DynamoConnectionRepository;
import dev.drivelink.core.store.DynamoConsentStateRepository;
import dev.drivelink.core.token.KmsTokenSealer;
import dev.drivelink.core.token.TokenSealer;
import java.time.Clock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The composition root: builds every service from configuration and AWS clients. Handlers (and tests)
 * get their services here, so the wiring exists once.
 */
public final class DriveLink {

    private final ConnectionRepository connections;
    private final ConsentStateRepository consents;
    private final TokenSealer sealer;
    private final OAuthProvider oauth;
    private final DriveFolders driveFolders;
    private final OAuthFlowService oauthFlow;
    private final ConnectionQueries connectionQueries;

    public DriveLink(DriveLinkConfig config, DynamoDbClient dynamo, KmsClient kms, Clock clock) {
        HttpTransport transport = new NetHttpTransport();
        this.connections = new DynamoConnectionRepository(dynamo, config.table());
        this.consents = new DynamoConsentStateRepository(dynamo, config.table());
        this.sealer = new KmsTokenSealer(kms, config.tokenKeyId());
        this.oauth = new GoogleOAuthProvider(transport, config.google().clientId(), config.google().clientSecret(),
                config.google().authUri(), config.google().tokenUri(), clock);
        this.driveFolders = new GoogleDriveFolders(transport, config.google().driveRootUrl(),
                config.google().connectTimeout(), config.google().readTimeout());
        var settings = new OAuthFlowService.Settings(config.oauth().redirectUri(), config.oauth().scopeList(),
                config.oauth().stateTtl(), config.frontend().defaultUrl(), config.rootFolderName());
        this.oauthFlow = new OAuthFlowService(settings, new RedirectPolicy(config.frontend().allowedOrigins()),
                consents, connections, oauth, driveFolders, sealer, clock);
        this.connectionQueries = new ConnectionQueries(connections);
    }

    /**
     * AWS clients as Lambda wants them: the light URLConnection HTTP client; region, credentials and
     * endpoint from the standard environment (AWS_REGION, the execution role, AWS_ENDPOINT_URL locally).
     */
    public static DriveLink fromEnvironment(DriveLinkConfig config) {
        var http = UrlConnectionHttpClient.builder().build();
        return new DriveLink(config,
                DynamoDbClient.builder().httpClient(http).build(),
                KmsClient.builder().httpClient(http).build(),
                Clock.systemUTC());
    }

    public OAuthFlowService oauthFlow() {
        return oauthFlow;
    }

    public ConnectionQueries connectionQueries() {
        return connectionQueries;
    }

    public ConnectionRepository connections() {
        return connections;
    }

    public TokenSealer sealer() {
        return sealer;
    }
}
