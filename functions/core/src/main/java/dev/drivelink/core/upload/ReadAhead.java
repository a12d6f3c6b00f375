package dev.drivelink.core.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a source in chunks, one chunk ahead: while the caller sends chunk k, chunk k+1 is being read
 * into the other of two buffers, so the source read and the Drive send overlap. Memory: two chunks.
 * A chunk's buffer stays untouched until the caller asks for the chunk after it.
 */
final class ReadAhead implements AutoCloseable {

    /** Opens the source at a byte offset. */
    interface Opener {
        InputStream open(long offset);
    }

    /** {@code length} bytes of {@code buffer}; fewer than a chunk only at the end of the source. */
    record Chunk(byte[] buffer, int length) {
    }

    private final Opener opener;
    private final byte[][] buffers;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(Threads.daemon("upload-read-ahead"));
    private InputStream in;
    private int nextBuffer;
    private Future<Chunk> pending;

    ReadAhead(Opener opener, long offset, int chunkSize) {
        this.opener = opener;
        this.buffers = new byte[][] {new byte[chunkSize], new byte[chunkSize]};
        this.in = opener.open(offset);
        readNext();
    }

    /**
     * The next chunk (waiting for it at most {@code wait} if it is still being read); the read of the one
     * after starts now. A source too slow to deliver a chunk in time fails like a dropped one: the upload
     * is tried again later from what Drive has.
     */
    Chunk next(Duration wait) throws IOException {
        Chunk chunk;
        try {
            chunk = pending.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            closeQuietly(in);
            throw new SocketTimeoutException("the source did not deliver " + buffers[0].length + " bytes in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        readNext();
        return chunk;
    }

    /** Drops what was read ahead and goes on from {@code offset} (Drive took less than was sent). */
    void restartAt(long offset) {
        discardPending();
        closeQuietly(in);
        in = opener.open(offset);
        readNext();
    }

    private void readNext() {
        byte[] buffer = buffers[nextBuffer];
        nextBuffer = 1 - nextBuffer;
        InputStream source = in;
        pending = reader.submit(() -> {
            try {
                return new Chunk(buffer, source.readNBytes(buffer, 0, buffer.length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void discardPending() {
        try {
            Threads.await(pending);
        } catch (RuntimeException ignored) {
            // a read we no longer want
        }
    }

    @Override
    public void close() {
        discardPending();
        closeQuietly(in);
        reader.shutdownNow();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }
}
