package dev.drivelink.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Wall clock plus an offset that tests move forward, so expiry is testable without sleeping. */
final class EmulatorClock {
    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    EmulatorClock(Clock base) {
        this.base = base;
    }

    Instant now() {
        return base.instant().plus(offset.get());
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + by);
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    Duration offset() {
        return offset.get();
    }

    /** Restores a saved offset (data directory). */
    void setOffset(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("negative clock offset: " + value);
        }
        offset.set(value);
    }

    void reset() {
        offset.set(Duration.ZERO);
    }
}
