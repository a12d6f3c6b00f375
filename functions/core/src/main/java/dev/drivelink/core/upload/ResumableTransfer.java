package dev.drivelink.core.upload;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.DriveUploads.SessionState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Streams a source into a resumable session. Three things overlap on every chunk: the chunk goes to
 * Drive, another thread adds it to the running MD5, and the next chunk is read from the source (two
 * buffers in memory). Progress (session, acknowledged offset, MD5 state) is saved off the critical
 * path; a later attempt resumes from what Drive has, reading only the gap since the last save.
 *
 * <p>One transfer serves every resumable upload: an upload job's (new file, progress in the job record)
 * and the sync engine's (new file or new revision of an existing one, progress kept for the run):
 * {@link Upload} says what is sent, where it goes and where its progress lives.
 */
public final class ResumableTransfer {

    private static final Logger LOG = Logger.getLogger(ResumableTransfer.class);
    private static final int GAP_BUFFER = 256 * 1024;

    private final Clock clock;
    private final UploadService.Settings settings;

    public ResumableTransfer(Clock clock, UploadService.Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** Where a transfer stood when its progress was last saved. */
    public record Checkpoint(String session, long offset, Long total, String md5State) {
    }

    /** One upload: its content, the session it opens, and where its progress is kept. */
    public interface Upload {

        /** For messages: what is being read. */
        String describe();

        /** The content from {@code offset} on (an unreadable source: {@link SourceReader.SourceUnavailable}). */
        InputStream open(long offset);

        /** Opens a new resumable session on Drive (files.create or files.update); answers its URI. */
        String startSession(DriveSession drive, Long total);

        /** What an earlier attempt saved; null when none (start a new session). */
        default Checkpoint lastCheckpoint() {
            return null;
        }

        /** Saves progress; called in order, on another thread than the sending one. */
        default void save(Checkpoint checkpoint) {
        }
    }

    /** The verified file when Drive has all of it; null when the time ran out (progress saved). */
    public DriveFile send(Upload upload, Long knownTotal, DriveSession drive, Instant deadline) {
        Long total = knownTotal;
        Resume resume = resume(upload, total, drive);
        if (resume.completed() != null) {
            return resume.completed();
        }
        String session = resume.session();
        long offset = resume.offset();
        ResumableMd5 md5 = resume.md5();
        if (session == null) {
            session = upload.startSession(drive, total);
            offset = 0;
            md5 = new ResumableMd5();
        }
        ExecutorService hasher = Executors.newSingleThreadExecutor(Threads.daemon("upload-md5"));
        // a chunk that has not arrived when only half the safety margin is left is not waited for
        Instant readsEnd = deadline.minus(settings.safetyMargin().dividedBy(2));
        try (ProgressWriter progress = new ProgressWriter(upload::save, clock);
             ReadAhead chunks = new ReadAhead(upload::open, offset, settings.chunkSize())) {
            progress.saveNow(session, offset, total, md5.state());
            while (true) {
                if (clock.instant().plus(settings.safetyMargin()).isAfter(deadline)) {
                    LOG.infof("upload of %s: %d bytes in, continuing in a new invocation", upload.describe(), offset);
                    progress.saveNow(session, offset, total, md5.state());
                    progress.finish();
                    return null;
                }
                ReadAhead.Chunk chunk = chunks.next(Duration.between(clock.instant(), readsEnd));
                int n = chunk.length();
                if (offset + n > settings.maxSourceBytes()) {
                    throw new SourceReader.SourceUnavailable("the source is more than " + settings.maxSourceBytes()
                            + " bytes; at most " + settings.maxSourceBytes() + " bytes are taken", true, null);
                }
                boolean last = n < settings.chunkSize() || (total != null && offset + n >= total);
                if (last && total == null) {
                    total = offset + n;
                }
                if (total != null && offset + n > total) {
                    throw new SourceReader.SourceUnavailable("the source is longer than its announced size", false, null);
                }
                ResumableMd5 atChunkStart = md5.copy();
                ResumableMd5 running = md5;
                Future<?> hashing = hasher.submit(() -> running.update(chunk.buffer(), 0, n));
                SessionState state;
                try {
                    state = drive.uploads().putChunk(session, chunk.buffer(), n, offset, last ? total : null);
                } finally {
                    Threads.await(hashing);
                }
                if (state.completed().isPresent()) {
                    progress.finish();
                    return Verification.verified(state.completed().get(), offset + n, md5.hex());
                }
                long acknowledged = state.acknowledged();
                if (acknowledged >= offset && acknowledged < offset + n) {
                    md5 = atChunkStart;
                    md5.update(chunk.buffer(), 0, (int) (acknowledged - offset));
                    chunks.restartAt(acknowledged); // ranged: only what Drive lacks
                } else if (acknowledged != offset + n) {
                    throw new DriveException(DriveException.Kind.BACKEND, 308, null,
                            "Drive acknowledged " + acknowledged + " bytes after " + offset, null);
                }
                offset = acknowledged;
                progress.saveEvery(settings.progressInterval(), session, offset, total, md5.state());
                if (last && total != null && offset == total) {
                    // Drive has every byte but did not answer with the file: ask it
                    SessionState finalState = drive.uploads().status(session, total);
                    if (finalState.completed().isPresent()) {
                        progress.finish();
                        return Verification.verified(finalState.completed().get(), total, md5.hex());
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(upload.describe(), e);
        } finally {
            hasher.shutdownNow();
        }
    }

    private record Resume(String session, long offset, ResumableMd5 md5, DriveFile completed) {
        static Resume fresh() {
            return new Resume(null, 0, new ResumableMd5(), null);
        }
    }

    /**
     * Where an earlier attempt left the session: Drive's acknowledged offset, and the MD5 state there
     * (the saved state, brought forward over any bytes Drive took after the last save by reading just
     * that gap from the source). No session, or one Drive forgot: start over.
     */
    private Resume resume(Upload upload, Long total, DriveSession drive) {
        Checkpoint saved = upload.lastCheckpoint();
        if (saved == null || saved.session() == null) {
            return Resume.fresh();
        }
        String session = saved.session();
        SessionState state;
        try {
            state = drive.uploads().status(session, total);
        } catch (DriveException e) {
            if (e.kind() != DriveException.Kind.NOT_FOUND) {
                throw e;
            }
            LOG.infof("upload of %s: the resumable session expired; starting a new one", upload.describe());
            return Resume.fresh();
        }
        if (state.completed().isPresent()) {
            return new Resume(session, 0, null, verifiedAgainstSource(upload, state.completed().get(), total));
        }
        ResumableMd5 md5 = ResumableMd5.resume(saved.md5State());
        if (saved.md5State() == null || md5.count() != saved.offset() || state.acknowledged() < saved.offset()) {
            return Resume.fresh(); // our record and Drive disagree: start clean
        }
        long gap = state.acknowledged() - saved.offset();
        if (gap > 0) {
            hash(upload, saved.offset(), gap, md5);
        }
        return new Resume(session, state.acknowledged(), md5, null);
    }

    private DriveFile verifiedAgainstSource(Upload upload, DriveFile file, Long total) {
        ResumableMd5 md5 = new ResumableMd5();
        long size = hash(upload, 0, Long.MAX_VALUE, md5);
        return Verification.verified(file, total == null ? size : total, md5.hex());
    }

    /** Adds up to {@code length} bytes of the source from {@code offset} to {@code md5}; how many there were. */
    private long hash(Upload upload, long offset, long length, ResumableMd5 md5) {
        try (InputStream in = upload.open(offset)) {
            byte[] buffer = new byte[GAP_BUFFER];
            long left = length;
            long read = 0;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    if (length != Long.MAX_VALUE) {
                        throw new SourceReader.SourceUnavailable("the source is shorter than what Drive has", false, null);
                    }
                    break;
                }
                md5.update(buffer, 0, n);
                left -= n;
                read += n;
            }
            return read;
        } catch (IOException e) {
            throw unreadable(upload.describe(), e);
        }
    }

    static SourceReader.SourceUnavailable unreadable(String source, IOException e) {
        return new SourceReader.SourceUnavailable("reading " + source + " failed: " + e.getMessage(), false, e);
    }
}
