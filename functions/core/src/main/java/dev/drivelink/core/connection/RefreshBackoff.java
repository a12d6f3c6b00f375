package dev.drivelink.core.connection;

import java.time.Duration;
import java.time.Instant;

/**
 * How often the scheduled refresh tries a connection whose refreshes keep failing (for reasons that
 * may pass: Google down, a network problem): at every sweep for the first {@value #QUICK_TRIES} failures,
 * then hourly, and once it has failed for a day, daily. A success or a new consent ends the backoff;
 * a user or worker that needs the connection still tries it at once.
 */
public final class RefreshBackoff {

    static final int QUICK_TRIES = 3;
    static final Duration HOURLY = Duration.ofHours(1);
    static final Duration DAILY = Duration.ofDays(1);

    private RefreshBackoff() {
    }

    /** From when the sweep should try again after {@code failures} failures since {@code failingSince}. */
    public static Instant next(int failures, Instant failingSince, Instant now) {
        if (failures < QUICK_TRIES) {
            return now;
        }
        return now.plus(Duration.between(failingSince, now).compareTo(DAILY) >= 0 ? DAILY : HOURLY);
    }
}
