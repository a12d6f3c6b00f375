package dev.drivelink.core.upload;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.DriveUploads.NewFile;
import dev.drivelink.core.token.TokenLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Carries one upload request into Drive: finds or creates its job, takes the job's lease, fixes the
 * Drive file id before the first byte, resolves the folder path, sends the bytes (one multipart
 * request for a small file, else {@link ResumableTransfer}) and records the outcome.
 */
public final class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);
    private static final String REVOKED = "the Drive connection is revoked; the user must connect Google Drive again";

    /** @param maxSourceBytes the largest source taken (Drive's limit for one file is 5 TiB) */
    public record Settings(long smallFileLimit, int chunkSize, Duration jobLease, Duration safetyMargin, int idPoolBatch,
                           Duration progressInterval, long maxSourceBytes) {
        public Settings {
            if (chunkSize <= 0 || chunkSize % (256 * 1024) != 0) {
                throw new IllegalArgumentException("chunk size must be a positive multiple of 256 KiB");
            }
            if (maxSourceBytes <= 0) {
                throw new IllegalArgumentException("the source size cap must be positive");
            }
        }
    }

    public enum Outcome {
        /** In Drive, verified. */
        DONE,
        /** Final failure, recorded on the job; do not retry. */
        FAILED,
        /** Nothing to do (already done or failed before). */
        SKIPPED,
        /** Time ran out; progress is saved; send a continuation. */
        CONTINUE,
        /** A passing failure; let the queue deliver it again. */
        RETRY,
        /** The message can never succeed; it belongs in the dead-letter queue. */
        DEAD_LETTER
    }

    public record Result(Outcome outcome, String uploadId, String reason) {
    }

    private final ConnectionRepository connections;
    private final UploadJobs jobs;
    private final DriveIdPool idPool;
    private final FolderPaths folderPaths;
    private final DriveAccess drive;
    private final SourceReader sources;
    private final ResumableTransfer transfer;
    private final SourcePolicy policy;
    private final Clock clock;
    private final Settings settings;

    public UploadService(ConnectionRepository connections, UploadJobs jobs, DriveIdPool idPool, FolderPaths folderPaths,
                         DriveAccess drive, SourceReader sources, ResumableTransfer transfer, SourcePolicy policy,
                         Clock clock, Settings settings) {
        this.connections = connections;
        this.jobs = jobs;
        this.idPool = idPool;
        this.folderPaths = folderPaths;
        this.drive = drive;
        this.sources = sources;
        this.transfer = transfer;
        this.policy = policy;
        this.clock = clock;
        this.settings = settings;
    }

    public Result process(UploadRequest request, String messageId, Instant deadline) {
        String jobId = UploadJobs.jobId(request, messageId);
        DriveConnection connection = connections.find(request.connectionId()).orElse(null);
        if (connection == null) {
            String reason = "unknown connection " + request.connectionId();
            jobs.find(jobId).filter(job -> job.request().connectionId().equals(request.connectionId()))
                    .ifPresent(job -> jobs.fail(jobId, reason));
            return new Result(Outcome.DEAD_LETTER, jobId, reason);
        }
        if (request.uploadId() == null) {
            jobs.create(jobId, connection.userId(), SourcePolicy.Origin.QUEUE, request);
        }
        UploadJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return new Result(Outcome.DEAD_LETTER, jobId, "unknown upload " + jobId);
        }
        if (!job.request().connectionId().equals(connection.id())) {
            return new Result(Outcome.DEAD_LETTER, jobId, "upload " + jobId + " belongs to another connection");
        }
        if (job.status().finished()) {
            LOG.infof("upload %s (connection %s) already %s; nothing to do", jobId, connection.id(), job.status());
            return new Result(Outcome.SKIPPED, jobId, null);
        }
        if (connection.status() == ConnectionStatus.REVOKED) {
            return failed(jobId, REVOKED);
        }
        var refused = policy.whyRefused(job.origin(), job.userId(), job.request().source());
        if (refused.isPresent()) {
            LOG.warnf("upload %s (connection %s, user %s): source refused before reading: %s", jobId, connection.id(),
                    job.userId(), refused.get());
            return failed(jobId, "the source may not be read: " + refused.get());
        }
        if (connection.rootFolder() != null && !connection.rootFolder().usable()) {
            return failed(jobId, connection.rootFolder().state().uploadRefusal().orElseThrow());
        }
        if (!clock.instant().plus(settings.safetyMargin()).isBefore(deadline)) {
            // too little time left to start: hand it to a later invocation as it is
            LOG.infof("upload %s (connection %s): too little time left in this invocation; deferred", jobId, connection.id());
            return new Result(Outcome.CONTINUE, jobId, "deferred: too little time left in this invocation");
        }
        job = jobs.start(job, clock.instant().plus(settings.jobLease()));
        if (job == null) {
            return new Result(Outcome.RETRY, jobId, "another worker is on upload " + jobId);
        }
        try {
            return run(connection, job, deadline);
        } catch (SourceReader.SourceUnavailable e) {
            return e.permanent() ? failed(jobId, "the source cannot be read: " + e.getMessage())
                    : retry(jobId, "the source could not be read: " + e.getMessage());
        } catch (TokenLifecycle.RefreshFailed e) {
            return e.connection().status() == ConnectionStatus.REVOKED ? failed(jobId, REVOKED) : retry(jobId, e.detail());
        } catch (DriveException e) {
            return e.transientFailure() ? retry(jobId, "Google did not take the upload yet: " + e.getMessage())
                    : failed(jobId, finalReason(e));
        } catch (Verification.Failed e) {
            return failed(jobId, e.getMessage());
        }
    }

    private Result run(DriveConnection connection, UploadJob job, Instant deadline) {
        if (connection.rootFolder() == null) {
            throw new DriveException(DriveException.Kind.REJECTED, 0, null, "the connection has no root folder", null);
        }
        DriveSession session = drive.open(connection).until(deadline);
        if (job.driveFileId() == null) {
            job = jobs.save(job.withDriveFileId(nextFileId(connection.id(), session)), job.version());
        }
        Long total = job.totalBytes();
        if (total == null) {
            OptionalLong size = sources.size(job.request().source(), deadline);
            total = size.isPresent() ? size.getAsLong() : null;
        }
        if (total != null && total > settings.maxSourceBytes()) {
            throw tooLarge(total);
        }
        boolean small = total != null && total <= settings.smallFileLimit() && job.sessionUri() == null;
        UploadJob current = job;
        Long knownTotal = total;
        DriveFile done = folderPaths.withParent(connection.id(), connection.rootFolder().id(),
                job.request().folderPathIfAny().orElse(null), session, parent -> {
                    NewFile file = new NewFile(current.driveFileId(), current.request().fileName(),
                            current.request().mimeType(), parent);
                    return small ? uploadSmall(current, file, knownTotal, session, deadline)
                            : transfer.send(new JobUpload(jobs, current, file, sources, deadline), knownTotal, session,
                                    deadline);
                });
        if (done == null) {
            jobs.release(job.id(), null);
            return new Result(Outcome.CONTINUE, job.id(), "continues in another invocation");
        }
        jobs.done(job.id(), done.webViewLink(), done.md5Checksum(), done.size());
        LOG.infof("upload %s (connection %s) done: %d bytes into Drive file %s", job.id(), connection.id(), done.size(),
                done.id());
        return new Result(Outcome.DONE, job.id(), null);
    }

    private String nextFileId(String connectionId, DriveSession session) {
        return idPool.take(connectionId).orElseGet(() -> {
            var ids = session.files().generateIds(settings.idPoolBatch());
            idPool.add(connectionId, ids.subList(1, ids.size()));
            return ids.get(0);
        });
    }

    private DriveFile uploadSmall(UploadJob job, NewFile file, long total, DriveSession session, Instant deadline) {
        byte[] content;
        try (InputStream in = sources.open(job.request().source(), 0, deadline)) {
            content = in.readNBytes((int) total + 1);
        } catch (IOException e) {
            throw ResumableTransfer.unreadable(job.request().source().describe(), e);
        }
        if (content.length != total) {
            throw new SourceReader.SourceUnavailable("the source changed size while reading (" + total + " expected, "
                    + content.length + "+ read)", false, null);
        }
        DriveFile result;
        try {
            result = session.uploads().multipart(file, content, content.length);
        } catch (DriveException e) {
            if (e.status() != 409) {
                throw e;
            }
            // the id is taken: an earlier delivery created the file; it must be ours, byte for byte
            result = session.files().get(file.id());
        }
        return Verification.verified(result, total, Verification.md5(content, content.length));
    }

    /** The source is over the cap: a final failure that says the cap. */
    SourceReader.SourceUnavailable tooLarge(long bytes) {
        return new SourceReader.SourceUnavailable("the source is " + (bytes > settings.maxSourceBytes() ? bytes : "more than "
                + settings.maxSourceBytes()) + " bytes; at most " + settings.maxSourceBytes() + " bytes are taken", true, null);
    }

    /**
     * Gives up on an upload whose deliveries ran out: FAILED with {@code reason} and the failure event,
     * unless it finished meanwhile. Nothing happens for an upload that has no job.
     */
    public void giveUp(String jobId, String reason) {
        if (jobs.find(jobId).isPresent()) {
            jobs.fail(jobId, reason);
        }
    }

    private Result retry(String jobId, String reason) {
        jobs.release(jobId, reason);
        LOG.warnf("upload %s: will retry: %s", jobId, reason);
        return new Result(Outcome.RETRY, jobId, reason);
    }

    private Result failed(String jobId, String reason) {
        jobs.fail(jobId, reason);
        return new Result(Outcome.FAILED, jobId, reason);
    }

    static String finalReason(DriveException e) {
        return switch (e.kind()) {
            case QUOTA_EXCEEDED -> "the user's Google Drive is full (storageQuotaExceeded): free space or upgrade storage, then upload again";
            case FORBIDDEN -> "Google refused the upload (" + (e.reason() == null ? "forbidden" : e.reason())
                    + "): this app may not write there; reconnect or choose another folder";
            case NOT_FOUND -> "the target folder no longer exists in Drive (" + e.getMessage() + ")";
            default -> "Google refused the upload: " + e.getMessage();
        };
    }
}
