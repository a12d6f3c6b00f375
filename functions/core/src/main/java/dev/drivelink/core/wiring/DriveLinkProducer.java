package dev.drivelink.core.wiring;

import dev.drivelink.core.config.DriveLinkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * For the Lambda functions (Quarkus CDI): the shared infrastructure and one bean per feature, each
 * created when a handler first needs it, so a function builds only the feature it serves.
 */
@ApplicationScoped
public class DriveLinkProducer {

    @Produces
    @Singleton
    Infrastructure infrastructure(DriveLinkConfig config) {
        return new Infrastructure(config, AwsClients.fromEnvironment(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    ConnectionsFeature connections(Infrastructure infra) {
        return new ConnectionsFeature(infra);
    }

    @Produces
    @Singleton
    UploadsFeature uploads(Infrastructure infra) {
        return new UploadsFeature(infra);
    }

    @Produces
    @Singleton
    SyncControlFeature syncControl(Infrastructure infra) {
        return new SyncControlFeature(infra);
    }

    @Produces
    @Singleton
    SyncEngineFeature syncEngine(Infrastructure infra, SyncControlFeature sync) {
        return new SyncEngineFeature(infra, sync);
    }

    @Produces
    @Singleton
    SyncIntakeFeature syncIntake(Infrastructure infra, SyncControlFeature control, SyncEngineFeature engine) {
        return new SyncIntakeFeature(infra, control, engine);
    }

    @Produces
    @Singleton
    RetentionFeature retention(Infrastructure infra, SyncControlFeature sync) {
        return new RetentionFeature(infra, sync);
    }

    @Produces
    @Singleton
    ChangesFeature changes(Infrastructure infra) {
        return infra.changes();
    }
}
