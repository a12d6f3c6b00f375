package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.S3AppObjectMarks;
import dev.drivelink.core.adapters.aws.SqsDeadLetters;
import dev.drivelink.core.adapters.aws.SqsSyncQueue;
import dev.drivelink.core.sync.intake.AppChangeIntake;
import dev.drivelink.core.sync.intake.AppFilesLocation;
import dev.drivelink.core.sync.intake.ScheduledSyncs;
import dev.drivelink.core.sync.intake.SyncBatch;
import dev.drivelink.core.sync.run.SyncQueue;

/**
 * What feeds the sync engine: app-side changes (S3 notifications) and the schedule become sync
 * requests on the FIFO sync queue, and the sync worker's batches run them through the engine.
 */
public final class SyncIntakeFeature {

    private final Lazy<SyncQueue> queue;
    private final Lazy<AppChangeIntake> appChanges;
    private final Lazy<ScheduledSyncs> scheduled;
    private final Lazy<SyncBatch> batch;

    public SyncIntakeFeature(Infrastructure infra, SyncControlFeature control, SyncEngineFeature engine) {
        var config = infra.config();
        this.queue = Lazy.of(() -> new SqsSyncQueue(infra.aws().sqs(), config.sync().queueUrl().orElse(null)));
        this.appChanges = Lazy.of(() -> {
            String bucket = config.appFiles().bucket().filter(b -> !b.isBlank()).orElseThrow(() ->
                    new IllegalStateException("no app files bucket configured (DRIVELINK_APP_FILES_BUCKET)"));
            return new AppChangeIntake(new AppFilesLocation(bucket, config.appFiles().prefix()),
                    new S3AppObjectMarks(infra.aws().s3()), control.access(), control.settings(), queue.get(),
                    new SqsDeadLetters(infra.aws().sqs(), config.sync().appChangesDeadLetterQueueUrl().orElse(null)),
                    infra.clock());
        });
        this.scheduled = Lazy.of(() -> new ScheduledSyncs(infra.connections(), control.access(), control.settings(),
                control.statuses(), queue.get(), infra.clock()));
        this.batch = Lazy.of(() -> new SyncBatch((request, deadline) -> engine.engine().run(request, deadline).complete(),
                new SqsDeadLetters(infra.aws().sqs(), config.sync().deadLetterQueueUrl().orElse(null)),
                config.sync().maxReceiveCount(), infra.clock()));
    }

    /** S3 notifications of the app files bucket -> sync requests (the app-changes worker). */
    public AppChangeIntake appChanges() {
        return appChanges.get();
    }

    /** The hourly schedule -> sync requests of the projects that are due. */
    public ScheduledSyncs scheduledSyncs() {
        return scheduled.get();
    }

    /** One batch of the sync queue through the engine (the sync worker). */
    public SyncBatch syncBatch() {
        return batch.get();
    }
}
