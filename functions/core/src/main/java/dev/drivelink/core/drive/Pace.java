package dev.drivelink.core.drive;

import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The pace of one connection's Drive requests in this container: at most {@code maxInFlight} at once
 * and, on average, at most {@code requestsPerSecond} (evenly spaced, with a burst of one). One user's
 * bulk sync then cannot burn the per-user Drive quota, and other connections are not starved by it.
 *
 * <p>The content of an upload Drive already accepted (the chunks sent to its resumable session URI, and
 * questions to that session) is not API calls being spent: those take an in-flight place but no rate
 * slot ({@link #acquireTransfer()}). Spacing them would cap one upload at rate x chunk size (10/s x 8 MiB)
 * whatever the bandwidth, and one session's chunks go one after another anyway.
 */
public final class Pace {

    public record Settings(double requestsPerSecond, int maxInFlight) {
        public Settings {
            if (requestsPerSecond <= 0 || maxInFlight <= 0) {
                throw new IllegalArgumentException("the Drive pace needs a positive rate and in-flight cap");
            }
        }
    }

    /** Waits; a test can give a virtual one. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final Semaphore inFlight;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFree;

    public Pace(Settings settings, LongSupplier nanoTime, Sleeper sleeper) {
        this.inFlight = new Semaphore(settings.maxInFlight(), true);
        this.intervalNanos = (long) (1_000_000_000L / settings.requestsPerSecond());
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFree = nanoTime.getAsLong();
    }

    public static Pace realTime(Settings settings) {
        return new Pace(settings, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Blocks until this request may go; pair with {@link #release()}. */
    public void acquire() {
        acquire(true);
    }

    /** Blocks until a place in flight is free, for a resumable session's chunk; pair with {@link #release()}. */
    public void acquireTransfer() {
        acquire(false);
    }

    private void acquire(boolean rated) {
        try {
            inFlight.acquire();
            if (!rated) {
                return;
            }
            long wait;
            synchronized (this) {
                long now = nanoTime.getAsLong();
                long slot = Math.max(now, nextFree);
                nextFree = slot + intervalNanos;
                wait = slot - now;
            }
            if (wait > 0) {
                sleeper.sleepNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriveException(DriveException.Kind.NETWORK, 0, null, "interrupted while pacing Drive requests", e);
        }
    }

    public void release() {
        inFlight.release();
    }
}
