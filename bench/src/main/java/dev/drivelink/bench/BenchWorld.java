package dev.drivelink.bench;

import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connect.OAuthFlowService;
import dev.drivelink.core.wiring.AwsClients;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.LocalAws;
import dev.drivelink.localcloud.LocalCloud;
import dev.drivelink.localcloud.Provisioner;
import dev.drivelink.localcloud.Stack;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The world the pipeline runs in, built as the core's integration tests build theirs (TestWorld), from
 * the same public APIs: moto with a fresh stack provisioned from template.yaml, the Google emulator (here
 * in its own JVM, over HTTP), a connection made through the real consent flow, and the configuration the
 * template gives the upload worker function.
 */
public final class BenchWorld {

    public static final String CLIENT_ID = "drivelink-bench-client";
    public static final String CLIENT_SECRET = "drivelink-bench-secret";
    public static final String REDIRECT_URI = "https://api.drivelink.test/drive/callback";
    public static final String FRONTEND = "https://app.drivelink.test/settings/drive";
    public static final String FRONTEND_ORIGIN = "https://app.drivelink.test";
    public static final String WORKER_FUNCTION = "UploadWorkerFunction";

    public final LocalAws aws;
    public final Stack stack;
    /** The upload worker function's environment (template + local AWS endpoint). */
    public final Map<String, String> environment;
    public final DriveLink driveLink;

    /** Provisions a new stack in {@code aws}, wired to the emulator at {@code emulator}. */
    public BenchWorld(LocalAws aws, EmulatorProcess emulator) {
        this.aws = aws;
        Map<String, String> parameters = new HashMap<>(LocalCloud.googleParameters(emulator.baseUrl(), CLIENT_ID,
                CLIENT_SECRET));
        parameters.put("OAuthRedirectUri", REDIRECT_URI);
        parameters.put("FrontendUrl", FRONTEND);
        parameters.put("AllowedOrigins", FRONTEND_ORIGIN);
        parameters.put("JwtIssuer", "https://issuer.drivelink.test");
        parameters.put("JwtAudience", "drivelink-bench");
        String stackName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        parameters.putAll(LocalCloud.localUploadSources(aws, stackName));
        this.stack = new Provisioner(aws).provision(CloudTemplate.load(CloudTemplate.find()), stackName, parameters);
        this.environment = Map.copyOf(LocalCloud.inProcessEnvironment(stack, WORKER_FUNCTION));
        this.driveLink = driveLink(aws, environment);
    }

    /** The configuration a Lambda with this environment reads (SmallRye, as in the functions). */
    public static DriveLinkConfig config(Map<String, String> environment) {
        return DriveLink.config(environment);
    }

    /** The core wired as a Lambda wires it, against the given (local) AWS endpoint, on the system clock. */
    public static DriveLink driveLink(LocalAws aws, Map<String, String> environment) {
        return new DriveLink(config(environment),
                AwsClients.of(aws.dynamoDb(), aws.kms(), aws.eventBridge(), aws.s3(), aws.sqs()),
                Clock.systemUTC());
    }

    /** In a worker JVM: the same world, reached through its endpoints. */
    public static DriveLink driveLink(URI awsEndpoint, Map<String, String> environment) {
        return driveLink(LocalAws.external(awsEndpoint), environment);
    }

    /** Connects {@code account} for {@code user} through the real flow (auth URL, consent page, callback). */
    public String connect(String user, String account) {
        OAuthFlowService flow = driveLink.oauthFlow();
        var authUrl = flow.authUrl(new OAuthFlowService.AuthUrlRequest(user, null, null, null));
        Map<String, String> back = ConsentBrowser.query(new ConsentBrowser().allow(authUrl.url(), account));
        var outcome = flow.callback(new OAuthFlowService.CallbackRequest(back.get("state"), back.get("code"),
                back.get("error"), authUrl.browserKey()));
        if (outcome.connectionId() == null) {
            throw new IllegalStateException("connect failed: " + outcome.error());
        }
        return outcome.connectionId();
    }
}
