package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.adapters.aws.SqsUploadQueue;
import dev.drivelink.core.adapters.source.S3UrlSourceReader;
import dev.drivelink.core.adapters.source.UrlSource;
import dev.drivelink.core.upload.FolderPaths;
import dev.drivelink.core.upload.ResumableTransfer;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.UploadBatch;
import dev.drivelink.core.upload.UploadIntake;
import dev.drivelink.core.upload.UploadJobs;
import dev.drivelink.core.upload.UploadQueue;
import dev.drivelink.core.upload.UploadService;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Uploads into Drive: the worker's batch, the HTTP intake, and the pipeline behind both. */
public final class UploadsFeature {

    private final Lazy<UploadService> service;
    private final Lazy<UploadBatch> batch;
    private final Lazy<UploadIntake> intake;

    public UploadsFeature(Infrastructure infra) {
        var config = infra.config();
        var up = config.uploads();
        Lazy<DynamoUploadStore> store = Lazy.of(() -> new DynamoUploadStore(infra.aws().dynamo(), config.table(),
                up.finishedJobTtl()));
        Lazy<UploadJobs> jobs = Lazy.of(() -> new UploadJobs(store.get(), infra.publisher(), infra.clock(),
                infra.activityLog()));
        Lazy<SourcePolicy> policy = Lazy.of(() -> new SourcePolicy(Set.copyOf(up.sourceBuckets().orElse(List.of())),
                up.userPrefix(), up.allowInsecureUrlSources()));
        Lazy<UploadQueue> queue = Lazy.of(() -> new SqsUploadQueue(infra.aws().sqs(), up.queueUrl().orElse(null),
                up.deadLetterQueueUrl().orElse(null)));
        this.service = Lazy.of(() -> {
            var sources = new S3UrlSourceReader(infra.aws().s3(), Set.copyOf(up.sourceBuckets().orElse(List.of())),
                    UrlSource.standard(up.allowInsecureUrlSources(), config.google().readTimeout()));
            var settings = settings(config);
            return new UploadService(infra.connections(), jobs.get(), store.get(),
                    new FolderPaths(store.get(), infra.clock(), Duration.ofSeconds(30), Duration.ofSeconds(60)),
                    infra.drive(), sources, new ResumableTransfer(infra.clock(), settings),
                    policy.get(), infra.clock(), settings);
        });
        this.batch = Lazy.of(() -> new UploadBatch(service.get(), queue.get(), up.maxReceiveCount(), infra.clock()));
        this.intake = Lazy.of(() -> new UploadIntake(infra.connectionQueries(), jobs.get(), queue.get(), policy.get()));
    }

    /** The uploads' settings, from DRIVELINK_UPLOADS_* (the sync engine's large files use them too). */
    static UploadService.Settings settings(dev.drivelink.core.config.DriveLinkConfig config) {
        var up = config.uploads();
        return new UploadService.Settings(up.smallFileLimit(), up.chunkSize(), up.jobLease(), up.safetyMargin(),
                up.idPoolBatch(), up.progressInterval(), up.maxSourceBytes());
    }

    public UploadService service() {
        return service.get();
    }

    public UploadBatch batch() {
        return batch.get();
    }

    public UploadIntake intake() {
        return intake.get();
    }
}
