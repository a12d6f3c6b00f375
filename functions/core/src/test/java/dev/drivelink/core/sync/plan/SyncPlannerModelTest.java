package dev.drivelink.core.sync.plan;

import org.junit.jupiter.api.Test;

import static org.quicktheories.QuickTheory.qt;

/**
 * Model-based randomized test of the planner: random histories of user actions on both sides,
 * interleaved with sync runs that sometimes crash, under random settings; after every run the
 * properties of SYNC-RULES.md are checked ({@link ModelRun}).
 *
 * <p>{@code -Dsync.histories=200000} runs more; {@code -Dsync.seed=N} replays a failure (the seed is
 * printed with the shrunk history when a property fails).
 */
class SyncPlannerModelTest {
    private static final int HISTORIES = Integer.getInteger("sync.histories", 10_000);
    private static final long SEED = Long.getLong("sync.seed", System.nanoTime());
    private static final int MAX_OPS = Integer.getInteger("sync.maxOps", 40);

    @Test
    void randomHistoriesKeepConvergenceNoLostWritesTableDeletesNoDuplicatesAndIdempotence() {
        long started = System.nanoTime();
        try {
            qt().withFixedSeed(SEED)
                    .withExamples(HISTORIES)
                    .withShrinkCycles(400)
                    .forAll(History.histories(MAX_OPS))
                    .checkAssert(ModelRun::check);
        } catch (AssertionError failure) {
            throw new AssertionError("sync planner property failed; replay with -Dsync.seed=" + SEED
                    + " -Dsync.histories=" + HISTORIES + "\n" + failure.getMessage(), failure);
        }
        System.out.printf("sync planner: %d random histories passed in %d ms (seed %d)%n", HISTORIES,
                (System.nanoTime() - started) / 1_000_000, SEED);
    }
}
