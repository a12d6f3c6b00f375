package dev.drivelink.core.upload;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveUploads;
import dev.drivelink.core.drive.DriveUploads.NewFile;
import dev.drivelink.core.drive.DriveUploads.SessionState;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.token.TokenLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.jboss.logging.Logger;

/**
 * Carries one upload request into Drive: the job record (created once per request, whatever the
 * redeliveries), a Drive file id fixed before the first byte, the folder path, and then either one
 * multipart request or a resumable session streamed in chunks, with progress (offset and md5 state)
 * saved after every chunk so a retry or a continuation picks up exactly where Drive stands.
 */
public final class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    public record Settings(long smallFileLimit, int chunkSize, Duration jobLease, Duration safetyMargin, int idPoolBatch,
                           Duration progressInterval) {
        public Settings {
            if (chunkSize <= 0 || chunkSize % (256 * 1024) != 0) {
                throw new IllegalArgumentException("chunk size must be a positive multiple of 256 KiB");
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
    private final UploadJobRepository jobs;
    private final DriveIdPool idPool;
    private final FolderPaths folderPaths;
    private final DriveUploads uploads;
    private final TokenLifecycle tokens;
    private final SourceReader sources;
    private final EventPublisher events;
    private final Backoff backoff;
    private final Clock clock;
    private final Settings settings;

    public UploadService(ConnectionRepository connections, UploadJobRepository jobs, DriveIdPool idPool,
                         FolderPaths folderPaths, DriveUploads uploads, TokenLifecycle tokens,
                         SourceReader sources, EventPublisher events, Backoff backoff, Clock clock, Settings settings) {
        this.connections = connections;
        this.jobs = jobs;
        this.idPool = idPool;
        this.folderPaths = folderPaths;
        this.uploads = uploads;
        this.tokens = tokens;
        this.sources = sources;
        this.events = events;
        this.backoff = backoff;
        this.clock = clock;
        this.settings = settings;
    }

    /** The job id for a request: given, or derived so that redeliveries and repeated keys land on one job. */
    public static String jobId(UploadRequest request, String messageId) {
        if (request.uploadId() != null) {
            return request.uploadId();
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

    /** A new job in QUEUED, for a request whose connection is known. False if it existed. */
    public boolean createJob(String jobId, String userId, UploadRequest request) {
        Instant now = clock.instant();
        return jobs.createIfAbsent(new UploadJob(jobId, userId, request.withUploadId(jobId), UploadStatus.QUEUED, 0, null,
                null, null, null, null, null, null, 0, now, now, 1, null));
    }

    public Result process(UploadRequest request, String messageId, Instant deadline) {
        String jobId = jobId(request, messageId);
        DriveConnection connection = connections.find(request.connectionId()).orElse(null);
        if (connection == null) {
            String reason = "unknown connection " + request.connectionId();
            jobs.find(jobId).ifPresent(job -> fail(job, reason));
            return new Result(Outcome.DEAD_LETTER, jobId, reason);
        }
        if (request.uploadId() == null) {
            createJob(jobId, connection.userId(), request);
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
            fail(job, "the Drive connection is revoked; the user must connect Google Drive again");
            return new Result(Outcome.FAILED, jobId, "connection revoked");
        }
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(settings.jobLease());
        if (!jobs.tryLease(jobId, job.version(), now, leaseUntil)) {
            return new Result(Outcome.RETRY, jobId, "another worker is on upload " + jobId);
        }
        job = save(job.withLease(leaseUntil).withAttempt().withStatus(UploadStatus.UPLOADING, null), job.version());
        try {
            return run(connection, job, deadline);
        } catch (SourceReader.SourceUnavailable e) {
            if (e.permanent()) {
                fail(current(jobId), "the source cannot be read: " + e.getMessage());
                return new Result(Outcome.FAILED, jobId, e.getMessage());
            }
            return retry(jobId, "the source could not be read: " + e.getMessage());
        } catch (TokenLifecycle.RefreshFailed e) {
            if (e.connection().status() == ConnectionStatus.REVOKED) {
                fail(current(jobId), "the Drive connection is revoked; the user must connect Google Drive again");
                return new Result(Outcome.FAILED, jobId, "connection revoked");
            }
            return retry(jobId, e.detail());
        } catch (DriveException e) {
            if (e.transientFailure()) {
                return retry(jobId, "Google did not take the upload yet: " + e.getMessage());
            }
            String reason = finalReason(e);
            fail(current(jobId), reason);
            return new Result(Outcome.FAILED, jobId, reason);
        } catch (VerificationFailed e) {
            fail(current(jobId), e.getMessage());
            return new Result(Outcome.FAILED, jobId, e.getMessage());
        }
    }

    private Result run(DriveConnection connection, UploadJob job, Instant deadline) {
        if (connection.rootFolder() == null) {
            throw new DriveException(DriveException.Kind.REJECTED, 0, null, "the connection has no root folder", null);
        }
        TokenLifecycle.Session drive = tokens.session(connection.id());
        if (job.driveFileId() == null) {
            job = save(job.withDriveFileId(nextFileId(connection.id(), drive)), job.version());
        }
        String parent = resolveParent(connection, job, drive);
        NewFile file = new NewFile(job.driveFileId(), job.request().fileName(), job.request().mimeType(), parent);

        Long total = job.totalBytes();
        if (total == null) {
            OptionalLong size = sources.size(job.request().source());
            total = size.isPresent() ? size.getAsLong() : null;
        }
        DriveFile done = total != null && total <= settings.smallFileLimit() && job.sessionUri() == null
                ? uploadSmall(job, file, total, drive)
                : uploadResumable(job, file, total, drive, deadline);
        if (done == null) {
            UploadJob paused = current(job.id());
            save(paused.withLease(null), paused.version());
            return new Result(Outcome.CONTINUE, job.id(), "continues in another invocation");
        }
        UploadJob latest = current(job.id());
        UploadJob finished = save(latest.withResult(done.webViewLink(), done.md5Checksum(), done.size()).withLease(null),
                latest.version());
        LOG.infof("upload %s (connection %s) done: %d bytes into Drive file %s", job.id(), connection.id(), done.size(), done.id());
        publish("Drive Upload Completed", finished);
        return new Result(Outcome.DONE, job.id(), null);
    }

    private String nextFileId(String connectionId, TokenLifecycle.Session drive) {
        return idPool.take(connectionId).orElseGet(() -> {
            var ids = retrying(() -> drive.call(token -> uploads.generateIds(token, settings.idPoolBatch())));
            idPool.add(connectionId, ids.subList(1, ids.size()));
            return ids.get(0);
        });
    }

    private String resolveParent(DriveConnection connection, UploadJob job, TokenLifecycle.Session drive) {
        String root = connection.rootFolder().id();
        return job.request().folderPathIfAny()
                .map(path -> retrying(() -> folderPaths.resolve(connection.id(), root, path, drive::call)))
                .orElse(root);
    }

    private DriveFile uploadSmall(UploadJob job, NewFile file, long total, TokenLifecycle.Session drive) {
        byte[] content;
        try (InputStream in = sources.open(job.request().source(), 0)) {
            content = in.readNBytes((int) total + 1);
        } catch (IOException e) {
            throw new SourceReader.SourceUnavailable("reading " + job.request().source().describe() + " failed: "
                    + e.getMessage(), false, e);
        }
        if (content.length != total) {
            throw new SourceReader.SourceUnavailable("the source changed size while reading (" + total + " expected, "
                    + content.length + "+ read)", false, null);
        }
        String md5 = md5(content);
        DriveFile result;
        try {
            result = retrying(() -> drive.call(token -> uploads.uploadSmall(token, file, content, content.length)));
        } catch (DriveException e) {
            if (e.status() != 409) {
                throw e;
            }
            // the id is taken: an earlier delivery created the file; it must be ours, byte for byte
            result = retrying(() -> drive.call(token -> uploads.file(token, file.id())));
        }
        return verified(result, total, md5);
    }

    /**
     * Streams the source into a resumable session, one chunk in memory at a time. While a chunk is on
     * its way to Drive, another thread adds it to the running MD5 and the previous chunk's progress is
     * being saved, so neither sits on the upload's critical path. Returns null when the time is up
     * (progress saved), the file when Drive has all of it.
     */
    private DriveFile uploadResumable(UploadJob job, NewFile file, Long knownTotal, TokenLifecycle.Session drive,
                                      Instant deadline) {
        Long total = knownTotal;
        Resume resume = resumeSession(job, total, drive);
        if (resume.completed() != null) {
            return resume.completed();
        }
        String session = resume.session();
        long offset = resume.offset();
        ResumableMd5 md5 = resume.md5();
        if (session == null) {
            Long t = total;
            session = retrying(() -> drive.call(token -> uploads.startResumable(token, file, t)));
            offset = 0;
            md5 = new ResumableMd5();
        }
        ProgressWriter progress = new ProgressWriter(job);
        progress.saveNow(session, offset, total, md5.state());

        byte[] buffer = new byte[settings.chunkSize()];
        ExecutorService hasher = Executors.newSingleThreadExecutor(daemon("md5"));
        InputStream in = sources.open(job.request().source(), offset);
        try {
            while (true) {
                if (clock.instant().plus(settings.safetyMargin()).isAfter(deadline)) {
                    LOG.infof("upload %s: %d bytes in, continuing in a new invocation", job.id(), offset);
                    progress.saveNow(session, offset, total, md5.state());
                    progress.finish();
                    return null;
                }
                int n = in.readNBytes(buffer, 0, buffer.length);
                boolean last = n < buffer.length || (total != null && offset + n >= total);
                if (last && total == null) {
                    total = offset + n;
                }
                if (total != null && offset + n > total) {
                    throw new SourceReader.SourceUnavailable("the source is longer than its announced size", false, null);
                }
                ResumableMd5 atChunkStart = md5.copy();
                ResumableMd5 running = md5;
                Future<?> hashing = hasher.submit(() -> running.update(buffer, 0, n));
                SessionState state;
                try {
                    state = sendChunk(drive, session, buffer, n, offset, last ? total : null);
                } finally {
                    await(hashing);
                }
                if (state.completed().isPresent()) {
                    progress.finish();
                    return verified(state.completed().get(), offset + n, md5.hex());
                }
                long acknowledged = state.acknowledged();
                if (acknowledged >= offset && acknowledged < offset + n) {
                    md5 = atChunkStart;
                    md5.update(buffer, 0, (int) (acknowledged - offset));
                    closeQuietly(in);
                    in = sources.open(job.request().source(), acknowledged); // ranged: only what Drive lacks
                } else if (acknowledged != offset + n) {
                    throw new DriveException(DriveException.Kind.BACKEND, 308, null,
                            "Drive acknowledged " + acknowledged + " bytes after " + offset, null);
                }
                offset = acknowledged;
                progress.saveEvery(settings.progressInterval(), session, offset, total, md5.state());
                if (last && total != null && offset == total) {
                    // Drive has every byte but did not answer with the file: ask it
                    String s = session;
                    Long t = total;
                    SessionState finalState = retrying(() -> drive.call(token -> uploads.queryStatus(token, s, t)));
                    if (finalState.completed().isPresent()) {
                        progress.finish();
                        return verified(finalState.completed().get(), total, md5.hex());
                    }
                }
            }
        } catch (IOException e) {
            throw new SourceReader.SourceUnavailable("reading " + job.request().source().describe() + " failed: "
                    + e.getMessage(), false, e);
        } finally {
            closeQuietly(in);
            hasher.shutdownNow();
            progress.close();
        }
    }

    private record Resume(String session, long offset, ResumableMd5 md5, DriveFile completed) {
    }

    /**
     * Where an earlier attempt left the session: Drive's acknowledged offset, and the MD5 state there
     * (the saved state, brought forward over any bytes Drive took after the last save by reading just
     * that gap from the source). No session, or one Drive forgot: start over.
     */
    private Resume resumeSession(UploadJob job, Long total, TokenLifecycle.Session drive) {
        String session = job.sessionUri();
        if (session == null) {
            return new Resume(null, 0, new ResumableMd5(), null);
        }
        SessionState state;
        try {
            state = retrying(() -> drive.call(token -> uploads.queryStatus(token, session, total)));
        } catch (DriveException e) {
            if (e.kind() != DriveException.Kind.NOT_FOUND) {
                throw e;
            }
            LOG.infof("upload %s: the resumable session expired; starting a new one", job.id());
            return new Resume(null, 0, new ResumableMd5(), null);
        }
        if (state.completed().isPresent()) {
            return new Resume(session, 0, null, verifiedAgainstSource(job, state.completed().get(), total));
        }
        ResumableMd5 md5 = ResumableMd5.resume(job.md5State());
        if (job.md5State() == null || md5.count() != job.bytesDone() || state.acknowledged() < job.bytesDone()) {
            return new Resume(null, 0, new ResumableMd5(), null); // our record and Drive disagree: start clean
        }
        long gap = state.acknowledged() - job.bytesDone();
        if (gap > 0) {
            try (InputStream in = sources.open(job.request().source(), job.bytesDone())) {
                byte[] buffer = new byte[256 * 1024];
                long left = gap;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new SourceReader.SourceUnavailable("the source is shorter than what Drive has", false, null);
                    }
                    md5.update(buffer, 0, n);
                    left -= n;
                }
            } catch (IOException e) {
                throw new SourceReader.SourceUnavailable("reading " + job.request().source().describe() + " failed: "
                        + e.getMessage(), false, e);
            }
        }
        return new Resume(session, state.acknowledged(), md5, null);
    }

    /**
     * Saves upload progress in order on its own thread, each save at the version the previous one
     * wrote, so the upload never waits for DynamoDB between chunks; between chunks at most once per
     * interval (a worker that dies loses at most that much, which the next one reads again for the
     * MD5 only). {@link #finish()} waits for the last save.
     */
    private final class ProgressWriter implements AutoCloseable {
        private final ExecutorService writer =
                Executors.newSingleThreadExecutor(daemon("progress"));
        private UploadJob latest;
        private Future<?> pending;
        private Instant lastSave = Instant.MIN;

        ProgressWriter(UploadJob job) {
            this.latest = job;
        }

        void saveEvery(Duration interval, String session, long offset, Long total, String md5State) {
            if (!clock.instant().isBefore(lastSave.plus(interval))) {
                saveNow(session, offset, total, md5State);
            }
        }

        void saveNow(String session, long offset, Long total, String md5State) {
            lastSave = clock.instant();
            finishPending();
            pending = writer.submit(() -> {
                latest = UploadService.this.save(latest.withSession(session).withProgress(offset, total)
                        .withMd5State(md5State), latest.version());
            });
        }

        void finish() {
            finishPending();
        }

        private void finishPending() {
            if (pending != null) {
                await(pending);
                pending = null;
            }
        }

        @Override
        public void close() {
            try {
                finishPending();
            } catch (RuntimeException e) {
                LOG.warnf("saving upload progress failed: %s", e.toString());
            } finally {
                writer.shutdown();
            }
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, "upload-" + name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Sends one chunk; on a passing failure (5xx, dropped connection, rate limit) waits and asks the
     * session what it has, which is then the chunk's result.
     */
    private SessionState sendChunk(TokenLifecycle.Session drive, String session, byte[] buffer, int n, long offset,
                                   Long totalIfLast) {
        DriveException last = null;
        for (int attempt = 1; attempt <= backoff.maxAttempts(); attempt++) {
            try {
                if (last == null) {
                    return drive.call(token -> uploads.putChunk(token, session, buffer, n, offset, totalIfLast));
                }
                SessionState state = drive.call(token -> uploads.queryStatus(token, session, totalIfLast));
                if (state.completed().isPresent() || state.acknowledged() != offset) {
                    return state;
                }
                return drive.call(token -> uploads.putChunk(token, session, buffer, n, offset, totalIfLast));
            } catch (DriveException e) {
                if (!e.transientFailure()) {
                    throw e;
                }
                last = e;
                LOG.infof("upload chunk at %d: %s (attempt %d)", offset, e.getMessage(), attempt);
                backoff.pause(attempt, e);
            }
        }
        throw last;
    }

    private <T> T retrying(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (DriveException e) {
                if (!e.transientFailure() || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt, e);
            }
        }
    }

    private DriveFile verifiedAgainstSource(UploadJob job, DriveFile file, Long total) {
        ResumableMd5 md5 = new ResumableMd5();
        byte[] buffer = new byte[256 * 1024];
        long size = 0;
        try (InputStream in = sources.open(job.request().source(), 0)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new SourceReader.SourceUnavailable("reading " + job.request().source().describe() + " failed: "
                    + e.getMessage(), false, e);
        }
        return verified(file, total == null ? size : total, md5.hex());
    }

    private static DriveFile verified(DriveFile file, long size, String md5) {
        if (file.size() == null || file.size() != size) {
            throw new VerificationFailed("Drive holds " + file.size() + " bytes, the source had " + size);
        }
        if (file.md5Checksum() != null && !file.md5Checksum().equalsIgnoreCase(md5)) {
            throw new VerificationFailed("Drive's md5 " + file.md5Checksum() + " differs from the source's " + md5);
        }
        return file;
    }

    private Result retry(String jobId, String reason) {
        UploadJob job = current(jobId);
        save(job.withStatus(job.status(), reason).withLease(null), job.version());
        LOG.warnf("upload %s: will retry: %s", jobId, reason);
        return new Result(Outcome.RETRY, jobId, reason);
    }

    private void fail(UploadJob job, String reason) {
        if (job.status().finished()) {
            return;
        }
        UploadJob failed = save(job.withStatus(UploadStatus.FAILED, reason).withLease(null), job.version());
        LOG.warnf("upload %s (connection %s) failed: %s", job.id(), job.request().connectionId(), reason);
        publish("Drive Upload Failed", failed);
    }

    private UploadJob current(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new IllegalStateException("upload " + jobId + " vanished"));
    }

    private UploadJob save(UploadJob changed, long expectedVersion) {
        UploadJob next = changed.next(clock.instant());
        jobs.save(next, expectedVersion);
        return next;
    }

    private void publish(String detailType, UploadJob job) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("uploadId", job.id());
        detail.put("connectionId", job.request().connectionId());
        detail.put("userId", job.userId());
        detail.put("status", job.status().name());
        detail.put("appRef", job.request().appRef());
        detail.put("fileName", job.request().fileName());
        detail.put("driveFileId", job.status() == UploadStatus.DONE ? job.driveFileId() : null);
        detail.put("webViewLink", job.webViewLink());
        detail.put("size", job.totalBytes());
        detail.put("error", job.error());
        events.publish(detailType, "upload:" + job.id(), detail);
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

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }

    static final class VerificationFailed extends RuntimeException {
        VerificationFailed(String message) {
            super(message);
        }
    }
}
