package dev.drivelink.core.testing;

import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.token.OAuthProvider;
import dev.drivelink.core.adapters.aws.DynamoConsentStateRepository;
import dev.drivelink.core.connect.ConsentStateRepository;
import dev.drivelink.core.connect.OAuthFlowService;
import dev.drivelink.core.connect.RedirectPolicy;
import dev.drivelink.core.wiring.AwsClients;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.emulator.GoogleEmulator;
import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.LocalAws;
import dev.drivelink.localcloud.LocalCloud;
import dev.drivelink.localcloud.Provisioner;
import dev.drivelink.localcloud.Stack;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The real pieces for an integration test: moto (one per JVM) with a fresh stack provisioned from
 * template.yaml, the Google emulator, and the core wired exactly as a Lambda wires it, configured
 * from the environment the template gives the OAuth function.
 */
public final class TestWorld implements AutoCloseable {

    public static final String CLIENT_ID = "drivelink-test-client";
    public static final String CLIENT_SECRET = "drivelink-test-secret";
    public static final String REDIRECT_URI = "https://api.drivelink.test/drive/callback";
    public static final String FRONTEND = "https://app.drivelink.test/settings/drive";
    public static final String FRONTEND_ORIGIN = "https://app.drivelink.test";

    public final GoogleEmulator google;
    public final Stack stack;
    public final TestClock clock = new TestClock();
    public final DynamoDbClient dynamo;
    public final KmsClient kms;
    public final DriveLinkConfig config;
    public final DriveLink driveLink;
    /** An S3 bucket the upload worker may read. */
    public final String sourceBucket;

    private TestWorld() {
        google = GoogleEmulator.builder().port(0).client(CLIENT_ID, CLIENT_SECRET, List.of(REDIRECT_URI)).build().start();
        LocalAws aws = LocalAws.shared();
        Map<String, String> parameters = new HashMap<>(LocalCloud.googleParameters(google, CLIENT_ID, CLIENT_SECRET));
        parameters.put("OAuthRedirectUri", REDIRECT_URI);
        parameters.put("FrontendUrl", FRONTEND);
        parameters.put("AllowedOrigins", FRONTEND_ORIGIN);
        parameters.put("JwtIssuer", "https://issuer.drivelink.test");
        parameters.put("JwtAudience", "drivelink-test");
        String stackName = "core-" + UUID.randomUUID().toString().substring(0, 8);
        parameters.putAll(LocalCloud.localUploadSources(aws, stackName));
        sourceBucket = parameters.get("UploadSourceBuckets");
        stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName, parameters);
        dynamo = aws.dynamoDb();
        kms = aws.kms();
        config = configWith(Map.of());
        driveLink = driveLinkWith(config);
    }

    /**
     * Routes everything drivelink publishes on the stack's event bus into a fresh SQS queue, as a host
     * app's rule would, and returns a reader for it.
     */
    public PublishedEvents captureEvents() {
        return PublishedEvents.capture(LocalAws.shared(), stack.ref("ConnectionEventsBus"));
    }

    /** The same, through a rule with {@code eventPattern}, as a host app that wants only some events. */
    public PublishedEvents captureEvents(String eventPattern) {
        return PublishedEvents.capture(LocalAws.shared(), stack.ref("ConnectionEventsBus"), eventPattern);
    }

    public static TestWorld start() {
        return new TestWorld();
    }

    /** The configuration a Lambda of this stack gets, with some environment variables changed. */
    public DriveLinkConfig configWith(Map<String, String> environmentOverrides) {
        Map<String, String> env = new HashMap<>(LocalCloud.inProcessEnvironment(stack, "CallbackFunction"));
        env.putAll(environmentOverrides);
        return DriveLink.config(env);
    }

    /** Another Lambda of the same stack (same table, key, Google), configured as given. */
    public DriveLink driveLinkWith(DriveLinkConfig config) {
        return driveLinkWith(config, clock);
    }

    public DriveLink driveLinkWith(DriveLinkConfig config, Clock withClock) {
        return new DriveLink(config, AwsClients.of(dynamo, kms, LocalAws.shared().eventBridge(), LocalAws.shared().s3(), LocalAws.shared().sqs()), withClock);
    }

    /** Moves time on both sides: ours and Google's. */
    public void advance(Duration by) {
        clock.advance(by);
        google.admin().advanceClock(by);
    }

    /** Connects {@code account} for {@code user} through the real flow (auth URL, consent page, callback). */
    public String connect(String user, String account) {
        return connect(driveLink, user, account);
    }

    public String connect(DriveLink through, String user, String account) {
        var flow = through.oauthFlow();
        var authUrl = flow.authUrl(new OAuthFlowService.AuthUrlRequest(user, null, null, null));
        var back = ConsentBrowser.query(new ConsentBrowser().allow(authUrl.url(), account));
        var outcome = flow.callback(new OAuthFlowService.CallbackRequest(back.get("state"), back.get("code"),
                back.get("error"), authUrl.browserKey()));
        if (outcome.connectionId() == null) {
            throw new AssertionError("connect failed: " + outcome.error());
        }
        return outcome.connectionId();
    }

    /** The connect flow as the functions wire it, but with these OAuth endpoints and consent-state store. */
    public OAuthFlowService oauthFlowWith(OAuthProvider oauth, ConsentStateRepository consents) {
        var infra = driveLink.infrastructure();
        var settings = infra.config();
        return new OAuthFlowService(new OAuthFlowService.Settings(settings.oauth().redirectUri(),
                settings.oauth().scopeList(), settings.oauth().stateTtl(), settings.frontend().defaultUrl(),
                settings.rootFolderName(), settings.api().requestBudget()),
                new RedirectPolicy(settings.frontend().allowedOrigins()), consents, infra.connections(), oauth,
                infra.drive(), infra.tokens(), infra.sealer(), infra.connectionEvents(), infra.changes().hooks(), infra.clock());
    }

    /** The consent states of this stack's table. */
    public ConsentStateRepository consentStates() {
        return new DynamoConsentStateRepository(dynamo, table());
    }

    public String table() {
        return config.table();
    }

    @Override
    public void close() {
        google.close();
    }
}
