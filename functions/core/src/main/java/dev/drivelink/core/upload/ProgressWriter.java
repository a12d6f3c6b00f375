package dev.drivelink.core.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Saves upload progress in order on its own thread (an upload job's record: each save at the version
 * the previous one wrote), so the upload never waits for DynamoDB between chunks; between chunks at most once per
 * interval (a worker that dies loses at most that much, which the next one reads again for the MD5
 * only). {@link #finish()} waits for the last save.
 */
final class ProgressWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProgressWriter.class);

    private final Consumer<ResumableTransfer.Checkpoint> store;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Threads.daemon("upload-progress"));
    private Future<?> pending;
    private Instant lastSave = Instant.MIN;

    ProgressWriter(Consumer<ResumableTransfer.Checkpoint> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void saveEvery(Duration interval, String session, long offset, Long total, String md5State) {
        if (!clock.instant().isBefore(lastSave.plus(interval))) {
            saveNow(session, offset, total, md5State);
        }
    }

    void saveNow(String session, long offset, Long total, String md5State) {
        lastSave = clock.instant();
        finish();
        var checkpoint = new ResumableTransfer.Checkpoint(session, offset, total, md5State);
        pending = writer.submit(() -> store.accept(checkpoint));
    }

    void finish() {
        if (pending != null) {
            Threads.await(pending);
            pending = null;
        }
    }

    @Override
    public void close() {
        try {
            finish();
        } catch (RuntimeException e) {
            LOG.warnf("saving upload progress failed: %s", e.toString());
        } finally {
            writer.shutdown();
        }
    }
}
