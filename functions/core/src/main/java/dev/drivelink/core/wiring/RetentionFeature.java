package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoUserDataStore;
import dev.drivelink.core.sync.retention.Retention;

/** Erasing a user's data at once, and the sweep of revoked connections' sync data. */
public final class RetentionFeature {

    private final Lazy<Retention> retention;

    public RetentionFeature(Infrastructure infra, SyncControlFeature sync) {
        this.retention = Lazy.of(() -> new Retention(infra.connections(), infra.tokens(),
                new DynamoUserDataStore(infra.aws().dynamo(), infra.config().table(), infra.clock()),
                sync.settings(), infra.connectionEvents(), infra.clock(), infra.config().sync().revokedGrace()));
    }

    public Retention retention() {
        return retention.get();
    }
}
