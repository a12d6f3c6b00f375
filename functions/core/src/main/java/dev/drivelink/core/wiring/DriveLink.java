package dev.drivelink.core.wiring;

import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connect.ConnectionCommands;
import dev.drivelink.core.connect.OAuthFlowService;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.sync.engine.SyncEngine;
import dev.drivelink.core.token.TokenLifecycle;
import dev.drivelink.core.token.TokenRefreshSweep;
import dev.drivelink.core.token.TokenSealer;
import dev.drivelink.core.upload.UploadBatch;
import dev.drivelink.core.upload.UploadIntake;
import dev.drivelink.core.upload.UploadService;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.util.Map;

/**
 * Every feature over one {@link Infrastructure}, for code that runs the core outside a Lambda (tests,
 * benchmarks, tools). Nothing is built before it is asked for. Lambda functions do not use this: each
 * injects only its feature (see {@link DriveLinkProducer}).
 */
public final class DriveLink {

    private final Infrastructure infra;
    private final Lazy<ConnectionsFeature> connectionsFeature;
    private final Lazy<UploadsFeature> uploadsFeature;
    private final Lazy<SyncControlFeature> syncControlFeature;
    private final Lazy<RetentionFeature> retentionFeature;
    private final Lazy<SyncEngineFeature> syncEngineFeature;
    private final Lazy<SyncIntakeFeature> syncIntakeFeature;

    public DriveLink(DriveLinkConfig config, AwsClients aws, Clock clock) {
        this.infra = new Infrastructure(config, aws, clock);
        this.connectionsFeature = Lazy.of(() -> new ConnectionsFeature(infra));
        this.uploadsFeature = Lazy.of(() -> new UploadsFeature(infra));
        this.syncControlFeature = Lazy.of(() -> new SyncControlFeature(infra));
        this.retentionFeature = Lazy.of(() -> new RetentionFeature(infra, syncControlFeature.get()));
        this.syncEngineFeature = Lazy.of(() -> new SyncEngineFeature(infra, syncControlFeature.get()));
        this.syncIntakeFeature = Lazy.of(() -> new SyncIntakeFeature(infra, syncControlFeature.get(),
                syncEngineFeature.get()));
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

    public Infrastructure infrastructure() {
        return infra;
    }

    public ConnectionsFeature connectionsFeature() {
        return connectionsFeature.get();
    }

    public UploadsFeature uploadsFeature() {
        return uploadsFeature.get();
    }

    public SyncControlFeature syncControl() {
        return syncControlFeature.get();
    }

    public SyncEngineFeature syncEngineFeature() {
        return syncEngineFeature.get();
    }

    /** The sync engine: {@code syncEngine().run(request)} executes one sync request. */
    public SyncEngine syncEngine() {
        return syncEngineFeature.get().engine();
    }

    /** App changes, the sync schedule and the sync worker's batches. */
    public SyncIntakeFeature syncIntake() {
        return syncIntakeFeature.get();
    }

    public RetentionFeature retention() {
        return retentionFeature.get();
    }

    public ChangesFeature changesFeature() {
        return infra.changes();
    }

    public OAuthFlowService oauthFlow() {
        return connectionsFeature.get().oauthFlow();
    }

    public ConnectionQueries connectionQueries() {
        return infra.connectionQueries();
    }

    public ConnectionCommands connectionCommands() {
        return connectionsFeature.get().commands();
    }

    public TokenRefreshSweep refreshSweep() {
        return connectionsFeature.get().refreshSweep();
    }

    public TokenLifecycle tokens() {
        return infra.tokens();
    }

    public DriveAccess drive() {
        return infra.drive();
    }

    public ConnectionRepository connections() {
        return infra.connections();
    }

    public TokenSealer sealer() {
        return infra.sealer();
    }

    public UploadService uploads() {
        return uploadsFeature.get().service();
    }

    public UploadBatch uploadBatch() {
        return uploadsFeature.get().batch();
    }

    public UploadIntake uploadIntake() {
        return uploadsFeature.get().intake();
    }
}
