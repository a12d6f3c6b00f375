package dev.drivelink.core.wiring;

import dev.drivelink.core.sync.engine.SyncEngine;

/** The sync engine (the sync worker runs it) and the imports service (the API's imports route). */
public final class SyncEngineFeature {

    private final Lazy<SyncEngine> engine;

    public SyncEngineFeature(Infrastructure infra, SyncControlFeature control) {
        this.engine = Lazy.of(SyncEngine::new);
    }

    /** {@link SyncEngine#run} executes one sync request. */
    public SyncEngine engine() {
        return engine.get();
    }
}
