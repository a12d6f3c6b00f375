package dev.drivelink.core.wiring;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.adapters.aws.DynamoActivityLog;
import dev.drivelink.core.adapters.aws.DynamoConnectionRepository;
import dev.drivelink.core.adapters.aws.EmfMetrics;
import dev.drivelink.core.adapters.aws.EventBridgePublisher;
import dev.drivelink.core.adapters.aws.KmsTokenSealer;
import dev.drivelink.core.adapters.aws.SecretsManagerClientSecret;
import dev.drivelink.core.adapters.aws.SqsSyncQueue;
import dev.drivelink.core.adapters.google.GoogleDriveApi;
import dev.drivelink.core.adapters.google.GoogleDriveClients;
import dev.drivelink.core.adapters.google.GoogleOAuthProvider;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connect.ConnectionCommands;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.Jitter;
import dev.drivelink.core.drive.Pace;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.events.Metrics;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.run.SyncQueue;
import dev.drivelink.core.token.OAuthProvider;
import dev.drivelink.core.token.TokenLifecycle;
import dev.drivelink.core.token.TokenSealer;
import java.time.Clock;

/**
 * What several features share (configuration, AWS clients, the connection store, the token lifecycle,
 * Drive sessions), each piece built on first use: a function pays only for what its feature touches.
 */
public final class Infrastructure {

    private final DriveLinkConfig config;
    private final AwsClients aws;
    private final Clock clock;
    private final Lazy<HttpTransport> transport = Lazy.of(NetHttpTransport::new);
    private final Lazy<ConnectionRepository> connections;
    private final Lazy<TokenSealer> sealer;
    private final Lazy<EventPublisher> publisher;
    private final Lazy<OAuthProvider> oauth;
    private final Lazy<TokenLifecycle> tokens;
    private final Lazy<DriveAccess> drive;
    private final Lazy<ConnectionQueries> connectionQueries;
    private final Lazy<ConnectionCommands> connectionCommands;
    private final Lazy<DynamoActivityLog> activity;
    private final Jitter jitter = new Jitter();
    private final SnapStartHooks snapStart = SnapStartHooks.register();
    private final Lazy<ChangesFeature> changes;
    private final Lazy<SyncQueue> syncQueue;
    private final Lazy<Metrics> metrics;

    public Infrastructure(DriveLinkConfig config, AwsClients aws, Clock clock) {
        this.config = config;
        this.aws = aws;
        this.clock = clock;
        this.connections = Lazy.of(() -> new DynamoConnectionRepository(aws.dynamo(), config.table()));
        this.sealer = Lazy.of(() -> new KmsTokenSealer(aws.kms(), config.tokenKeyId()));
        this.publisher = Lazy.of(() -> config.eventBus().filter(s -> !s.isBlank())
                .<EventPublisher>map(bus -> new EventBridgePublisher(aws.eventBridge(), bus))
                .orElse(EventPublisher.NONE));
        this.oauth = Lazy.of(() -> {
            if (config.google().tokenTimeout().multipliedBy(2).compareTo(config.tokens().refreshLease()) >= 0) {
                throw new IllegalStateException("drivelink.google.token-timeout (" + config.google().tokenTimeout()
                        + ") must be less than half of drivelink.tokens.refresh-lease (" + config.tokens().refreshLease()
                        + "): a refresh must end while its lease holds");
            }
            return new GoogleOAuthProvider(transport.get(), config.google().clientId(),
                    SecretsManagerClientSecret.of(config.google()), config.google().authUri(), config.google().tokenUri(),
                    config.google().revokeUri(), config.google().tokenTimeout(), clock);
        });
        this.tokens = Lazy.of(() -> {
            var defaults = TokenLifecycle.Settings.defaults();
            return new TokenLifecycle(connections.get(), sealer.get(), oauth.get(), connectionEvents(), clock,
                    new TokenLifecycle.Settings(defaults.minRemaining(), config.tokens().refreshLease(),
                            config.tokens().refreshWait(), defaults.pollInterval()), metrics());
        });
        this.drive = Lazy.of(() -> new DriveAccess(
                new GoogleDriveApi(new GoogleDriveClients(transport.get(), config.google().driveRootUrl(),
                        config.google().connectTimeout(), config.google().readTimeout())),
                tokens.get(), new Backoff(config.drive().backoffBase(), config.drive().backoffCap(),
                        config.drive().maxAttempts(), d -> Thread.sleep(d.toMillis()), jitter),
                new Pace.Settings(config.drive().requestsPerSecond(), config.drive().maxInFlight()), clock));
        this.connectionQueries = Lazy.of(() -> new ConnectionQueries(connections.get(), config.oauth().scopeList()));
        this.connectionCommands = Lazy.of(() -> new ConnectionCommands(connectionQueries.get(), connections.get(),
                tokens.get(), drive.get(), connectionEvents(), changes().hooks(), clock, config.api().requestBudget()));
        this.activity = Lazy.of(() -> new DynamoActivityLog(aws.dynamo(), config.table(), config.sync().activityRetention()));
        snapStart.onRestore(jitter::reseed);
        snapStart.onRestore(() -> drive.ifBuilt(DriveAccess::forgetPaces));
        this.changes = Lazy.of(() -> new ChangesFeature(this));
        this.metrics = Lazy.of(() -> config.metricsNamespace().filter(n -> !n.isBlank())
                .<Metrics>map(n -> EmfMetrics.toStandardOutput(n, clock)).orElse(Metrics.NONE));
        this.syncQueue = Lazy.of(() -> new SqsSyncQueue(aws.sqs(), config.sync().queueUrl().orElse(null)));
    }

    public DriveLinkConfig config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    public Clock clock() {
        return clock;
    }

    public ConnectionRepository connections() {
        return connections.get();
    }

    public ConnectionQueries connectionQueries() {
        return connectionQueries.get();
    }

    /** What a user does with a connection; the connection routes and the sync settings (folder checks) share it. */
    public ConnectionCommands connectionCommands() {
        return connectionCommands.get();
    }

    public TokenSealer sealer() {
        return sealer.get();
    }

    public EventPublisher publisher() {
        return publisher.get();
    }

    /** Connection events go to the event bus and into the user's activity log; a revocation also ends the connection's watch channels. */
    public ConnectionEvents connectionEvents() {
        ConnectionEvents published = ConnectionEvents.via(publisher.get());
        return event -> {
            published.publish(event);
            activityLog().record(ActivityRecord.of(event));
            if (event.type() == ConnectionEvent.Type.REVOKED) {
                changes().revoked(event.connectionId());
            }
        };
    }

    /** The activity log (writing; best effort). */
    public ActivityLog activityLog() {
        return activity.get();
    }

    /** The activity log's store, for reading it. */
    DynamoActivityLog activityStore() {
        return activity.get();
    }

    public OAuthProvider oauth() {
        return oauth.get();
    }

    public TokenLifecycle tokens() {
        return tokens.get();
    }

    public DriveAccess drive() {
        return drive.get();
    }

    /** Change detection: its hooks run when a connection starts or ends, whichever function does that. */
    /** drivelink's CloudWatch metrics: embedded-metric-format lines when a namespace is configured. */
    public Metrics metrics() {
        return metrics.get();
    }

    /** The sync request queue (SQS FIFO; message group = connection), shared by everything that asks for a sync. */
    public SyncQueue syncQueue() {
        return syncQueue.get();
    }

    /** Whether a sync queue is configured (functions that only hand changes on may run without one). */
    boolean hasSyncQueue() {
        return config.sync().queueUrl().filter(u -> !u.isBlank()).isPresent();
    }

    public ChangesFeature changes() {
        return changes.get();
    }
}
