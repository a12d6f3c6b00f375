package dev.drivelink.core.upload;

import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.events.activity.ActivityLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Upload jobs: their ids, their records (each write at the version read, so two workers never both
 * win), their state changes and the events those publish.
 */
public final class UploadJobs {

    private static final Logger LOG = Logger.getLogger(UploadJobs.class);

    private final UploadJobRepository jobs;
    private final EventPublisher events;
    private final Clock clock;
    private final ActivityLog activity;

    public UploadJobs(UploadJobRepository jobs, EventPublisher events, Clock clock) {
        this(jobs, events, clock, ActivityLog.NONE);
    }

    public UploadJobs(UploadJobRepository jobs, EventPublisher events, Clock clock, ActivityLog activity) {
        this.jobs = jobs;
        this.events = events;
        this.clock = clock;
        this.activity = activity;
    }

    /**
     * The job a request belongs to: the id the API gave it; else one derived from its idempotency key
     * (per connection) or, without a key, from the SQS message, so redeliveries land on the same job.
     */
    public static String jobId(UploadRequest request, String messageId) {
        if (request.uploadId() != null) {
            return request.uploadId();
        }
        if (request.idempotencyKey() == null && messageId == null) {
            return "up_" + UUID.randomUUID().toString().replace("-", "");
        }
        String basis = request.idempotencyKey() != null
                ? "key\u0000" + request.connectionId() + "\u0000" + request.idempotencyKey()
                : "message\u0000" + messageId;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "up_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean looksLikeJobId(String id) {
        return id != null && id.matches("up_[0-9a-f]{32}");
    }

    /** A new job in QUEUED; false if it existed. */
    public boolean create(String jobId, String userId, SourcePolicy.Origin origin, UploadRequest request) {
        return jobs.createIfAbsent(UploadJob.queued(jobId, userId, origin, request, clock.instant()));
    }

    public Optional<UploadJob> find(String jobId) {
        return jobs.find(jobId);
    }

    public UploadJob current(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new IllegalStateException("upload " + jobId + " vanished"));
    }

    /** Takes the job's work lease (one worker at a time) and marks it UPLOADING; null if another worker has it. */
    public UploadJob start(UploadJob job, Instant leaseUntil) {
        if (!jobs.tryLease(job.id(), job.version(), clock.instant(), leaseUntil)) {
            return null;
        }
        return save(job.withLease(leaseUntil).withAttempt().withStatus(UploadStatus.UPLOADING, null), job.version());
    }

    /** Writes a changed job over the version it came from; the stored version moves on by one. */
    public UploadJob save(UploadJob changed, long expectedVersion) {
        UploadJob next = changed.next(clock.instant());
        jobs.save(next, expectedVersion);
        return next;
    }

    /** Gives the lease back, keeping the job as it is, with the reason it will be tried again. */
    public void release(String jobId, String reason) {
        UploadJob job = current(jobId);
        save(job.withStatus(job.status(), reason).withLease(null), job.version());
    }

    public UploadJob done(String jobId, String webViewLink, String md5, long size) {
        UploadJob latest = current(jobId);
        UploadJob finished = save(latest.withResult(webViewLink, md5, size).withLease(null).withoutSourceSecrets(),
                latest.version());
        events.publish(UploadEvent.COMPLETED.detailType(), "upload:" + jobId, UploadEvent.detail(finished));
        UploadActivity.record(activity, finished);
        return finished;
    }

    /** Fails the job for good with a reason a person can act on (once: a finished job stays as it is). */
    public void fail(String jobId, String reason) {
        UploadJob job = current(jobId);
        if (job.status().finished()) {
            return;
        }
        UploadJob failed = save(job.withStatus(UploadStatus.FAILED, reason).withLease(null).withoutSourceSecrets(),
                job.version());
        LOG.warnf("upload %s (connection %s) failed: %s", job.id(), job.request().connectionId(), reason);
        events.publish(UploadEvent.FAILED.detailType(), "upload:" + jobId, UploadEvent.detail(failed));
        UploadActivity.record(activity, failed);
    }
}
