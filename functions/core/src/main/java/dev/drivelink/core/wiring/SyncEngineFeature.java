package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoPendingImports;
import dev.drivelink.core.adapters.aws.S3AppFiles;
import dev.drivelink.core.sync.engine.Imports;
import dev.drivelink.core.sync.engine.PendingImports;
import dev.drivelink.core.sync.engine.SyncEngine;
import dev.drivelink.core.upload.ResumableTransfer;

/** The sync engine (the sync worker runs it) and the imports service (the API's imports route). */
public final class SyncEngineFeature {

    private final Lazy<SyncEngine> engine;
    private final Lazy<PendingImports> pending;
    private final Lazy<Imports> imports;

    public SyncEngineFeature(Infrastructure infra, SyncControlFeature control) {
        var config = infra.config();
        this.pending = Lazy.of(() -> new DynamoPendingImports(infra.aws().dynamo(), config.table(),
                PENDING_IMPORT_TTL));
        this.imports = Lazy.of(() -> new Imports(control.access(), infra.connections(), control.settings(),
                pending.get(), control.sync(), infra.clock()));
        this.engine = Lazy.of(() -> new SyncEngine(infra.connections(), infra.drive(), control.access(),
                control.settings(), control.mappings(), control.conflicts(), control.statuses(), infra.activityLog(),
                infra.publisher(), new S3AppFiles(infra.aws().s3(), config.appFiles().bucket().orElse(null),
                config.appFiles().prefix()), new ResumableTransfer(infra.clock(), UploadsFeature.settings(config)),
                pending.get(), infra.clock(),
                new SyncEngine.Settings(config.uploads().smallFileLimit(), config.uploads().safetyMargin()), SyncEngine.BeforeAction.NONE));
    }

    /** SQS keeps a sync request at most 14 days: a pending import outliving it is forgotten. */
    static final java.time.Duration PENDING_IMPORT_TTL = java.time.Duration.ofDays(14);

    /** The imports route's service: {@code imports().request(...)}. */
    public Imports imports() {
        return imports.get();
    }

    /** {@link SyncEngine#run} executes one sync request. */
    public SyncEngine engine() {
        return engine.get();
    }
}
