package dev.drivelink.core.drive;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The randomness of retry waits. Seeded from SecureRandom, and seeded again by {@link #reseed()}: a
 * function restored from a SnapStart snapshot must not draw the same "random" waits as every other
 * environment restored from that snapshot (they would retry in lockstep). ThreadLocalRandom is not used
 * for this reason: its seeds come from a generator whose state is in the snapshot.
 */
public final class Jitter {

    private final Random random;

    public Jitter() {
        this(new SecureRandom().nextLong());
    }

    /** A jitter with a known seed: what every environment restored from one snapshot would share. */
    Jitter(long seed) {
        this.random = new Random(seed);
    }

    /** A value between {@code low} and {@code high}, both included. */
    public long between(long low, long high) {
        if (high <= low) {
            return low;
        }
        return low + (long) (random.nextDouble() * (high - low + 1));
    }

    /** A fresh seed (after a SnapStart restore). */
    public void reseed() {
        random.setSeed(new SecureRandom().nextLong());
    }
}
