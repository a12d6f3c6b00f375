package dev.drivelink.api;

import dev.drivelink.core.DriveLink;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.connection.ConnectionCommands;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.OAuthFlowService;
import dev.drivelink.core.upload.UploadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands the core's services to the handlers; the wiring itself lives in {@link DriveLink}. */
@ApplicationScoped
public class CoreProducer {

    @Produces
    @Singleton
    DriveLink driveLink(DriveLinkConfig config) {
        return DriveLink.fromEnvironment(config);
    }

    @Produces
    @Singleton
    OAuthFlowService oauthFlow(DriveLink driveLink) {
        return driveLink.oauthFlow();
    }

    @Produces
    @Singleton
    ConnectionQueries connectionQueries(DriveLink driveLink) {
        return driveLink.connectionQueries();
    }

    @Produces
    @Singleton
    ConnectionCommands connectionCommands(DriveLink driveLink) {
        return driveLink.connectionCommands();
    }

    @Produces
    @Singleton
    UploadIntake uploadIntake(DriveLink driveLink) {
        return driveLink.uploadIntake();
    }
}
