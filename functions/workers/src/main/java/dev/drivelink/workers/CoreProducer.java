package dev.drivelink.workers;

import dev.drivelink.core.DriveLink;
import dev.drivelink.core.config.DriveLinkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The core, wired once per Lambda container by {@link DriveLink}. */
@ApplicationScoped
public class CoreProducer {

    @Produces
    @Singleton
    DriveLink driveLink(DriveLinkConfig config) {
        return DriveLink.fromEnvironment(config);
    }
}
