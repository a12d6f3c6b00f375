package dev.drivelink.core.wiring;

import dev.drivelink.core.config.DriveLinkConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Builds, during the function's init, what its requests will use: the parts named in
 * {@code drivelink.prepare} (env DRIVELINK_PREPARE, set per function in template.yaml), each with its AWS
 * clients and collaborators. Lambda reports that time as Init, before the first request; with SnapStart
 * it is in the snapshot and not paid again. Parts not named stay lazy, built on first use. Nothing here
 * calls AWS or Google: clients are built, no connection is opened. The functions' modules call
 * {@link #run()} when Quarkus has started (runtime configuration is known only then).
 */
@ApplicationScoped
public class Preparation {

    private static final Logger LOG = Logger.getLogger(Preparation.class);

    /** The parts a function can ask for, each the feature getter its handler calls. */
    private static final Map<String, Consumer<Preparation>> PARTS = Map.of(
            "consent-start", p -> p.connections.get().consentStart(),
            "oauth-flow", p -> p.connections.get().oauthFlow(),
            "connection-queries", p -> p.connections.get().queries(),
            "connection-commands", p -> p.connections.get().commands(),
            "refresh-sweep", p -> p.connections.get().refreshSweep(),
            "upload-intake", p -> p.uploads.get().intake(),
            "upload-batch", p -> p.uploads.get().batch());

    @Inject
    Instance<ConnectionsFeature> connections;

    @Inject
    Instance<UploadsFeature> uploads;

    @Inject
    DriveLinkConfig config;

    /** Builds every part {@code drivelink.prepare} names; an unknown name fails the init. */
    public void run() {
        List<String> parts = config.prepare().orElse(List.of());
        for (String part : parts) {
            Consumer<Preparation> build = PARTS.get(part.strip());
            if (build == null) {
                throw new IllegalStateException("drivelink.prepare names an unknown part '" + part + "'; known: "
                        + PARTS.keySet().stream().sorted().toList());
            }
            long start = System.nanoTime();
            build.accept(this);
            LOG.debugf("prepared %s in %d ms", part, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
