package dev.drivelink.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SnapStart restores many environments from one snapshot: randomness seeded at init would be the same
 * in all of them (their retries would fall into lockstep). The jitter is seeded again after a restore.
 */
class JitterTest {

    static List<Long> draws(Jitter jitter) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(jitter.between(0, 1_000_000));
        }
        return values;
    }

    @Test
    void twoEnvironmentsFromOneSnapshotDrawAlikeUntilTheyAreReseeded() {
        Jitter first = new Jitter(42);
        Jitter second = new Jitter(42); // the same state, as in every environment restored from a snapshot
        assertThat(draws(first)).isEqualTo(draws(second));

        first.reseed();
        second.reseed();

        assertThat(draws(first)).isNotEqualTo(draws(second));
    }

    @Test
    void backoffWaitsStayBetweenHalfAndAllOfTheStep() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), 8, d -> { }, new Jitter(7));
        for (int attempt = 1; attempt <= 10; attempt++) {
            long step = Math.min(20_000, 200L << (attempt - 1));
            assertThat(backoff.delay(attempt, null).toMillis()).isBetween(step / 2, step);
        }
    }
}
