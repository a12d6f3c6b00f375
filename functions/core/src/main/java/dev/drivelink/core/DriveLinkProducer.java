package dev.drivelink.core;

import dev.drivelink.core.config.DriveLinkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** For the Lambda functions (Quarkus CDI): one {@link DriveLink} per container, wired from the environment. */
@ApplicationScoped
public class DriveLinkProducer {

    @Produces
    @Singleton
    DriveLink driveLink(DriveLinkConfig config) {
        return DriveLink.fromEnvironment(config);
    }
}
