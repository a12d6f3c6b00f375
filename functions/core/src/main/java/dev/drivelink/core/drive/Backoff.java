package dev.drivelink.core.drive;

import java.time.Duration;

/**
 * Exponential backoff with jitter (a random wait between half and all of the exponential step, from a
 * {@link Jitter} that a SnapStart restore seeds again), honouring Google's Retry-After. Which failures are worth a
 * retry is {@link DriveException#transientFailure()}; this class only decides how long to wait.
 */
public final class Backoff {

    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final Sleeper sleeper;
    private final Jitter jitter;

    public Backoff(Duration base, Duration cap, int maxAttempts, Sleeper sleeper, Jitter jitter) {
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    public Backoff(Duration base, Duration cap, int maxAttempts, Sleeper sleeper) {
        this(base, cap, maxAttempts, sleeper, new Jitter());
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), 8, d -> Thread.sleep(d.toMillis()));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** How long to wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration delay(int attempt, DriveException failure) {
        if (failure != null && failure.retryAfter().isPresent()) {
            Duration asked = failure.retryAfter().get();
            return asked.compareTo(cap) > 0 ? cap : asked;
        }
        long ceiling = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(attempt - 1, 20)));
        return Duration.ofMillis(jitter.between(ceiling / 2, ceiling));
    }

    /** Waits {@code wait} before the next attempt; an interruption ends the retries with {@code failure}. */
    public void sleep(Duration wait, DriveException failure) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
