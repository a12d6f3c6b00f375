package dev.drivelink.api;

import dev.drivelink.core.wiring.Preparation;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** During the function's init: builds what DRIVELINK_PREPARE names (see {@link Preparation}). */
@ApplicationScoped
class PrepareAtStartup {

    void onStart(@Observes StartupEvent started, Preparation preparation) {
        preparation.run();
    }
}
