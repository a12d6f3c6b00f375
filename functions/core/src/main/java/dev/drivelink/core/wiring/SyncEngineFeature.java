package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.S3AppFiles;
import dev.drivelink.core.sync.engine.SyncEngine;

/** The sync engine (the sync worker runs it). */
public final class SyncEngineFeature {

    private final Lazy<SyncEngine> engine;

    public SyncEngineFeature(Infrastructure infra, SyncControlFeature control) {
        var config = infra.config();
        this.engine = Lazy.of(() -> new SyncEngine(infra.connections(), infra.drive(), control.access(),
                control.settings(), control.mappings(), control.conflicts(), control.statuses(), infra.activityLog(),
                infra.publisher(), new S3AppFiles(infra.aws().s3(), config.appFiles().bucket().orElse(null),
                config.appFiles().prefix()), infra.clock(),
                new SyncEngine.Settings(config.uploads().smallFileLimit()), SyncEngine.BeforeAction.NONE));
    }

    /** {@link SyncEngine#run} executes one sync request. */
    public SyncEngine engine() {
        return engine.get();
    }
}
