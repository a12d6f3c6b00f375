package dev.drivelink.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection whose refreshes keep failing is not hammered on every sweep forever: every sweep for
 * the first three failures, then hourly, daily once it has failed for a day; the connection view says
 * when the next attempt is; a success ends it all.
 */
class RefreshBackoffTest {

    static TestWorld world;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.google.admin().clearFaults();
        world.close();
    }

    long tokenCalls() {
        return world.google.admin().requestCount("POST /token");
    }

    DriveConnection stored(String id) {
        return world.driveLink.connections().find(id).orElseThrow();
    }

    /** One sweep; how many token calls it made. */
    long sweep() {
        long before = tokenCalls();
        world.driveLink.refreshSweep().run();
        return tokenCalls() - before;
    }

    @Test
    void failedRefreshesBackOffFromEverySweepToHourlyToDailyAndASuccessEndsIt() {
        String user = "user-" + UUID.randomUUID();
        String id = world.connect(user, "alice@example.com");
        world.advance(Duration.ofMinutes(50)); // inside the sweep window (15 min before expiry)
        world.google.admin().injectFault(Fault.error("POST /token", 1000, 503, "backendError"));

        assertThat(sweep()).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(ConnectionStatus.ERROR);
        assertThat(sweep()).as("second failure: still every sweep").isEqualTo(1);
        assertThat(sweep()).as("third failure").isEqualTo(1);
        Instant third = world.clock.instant();
        assertThat(stored(id).refreshFailures()).isEqualTo(3);
        assertThat(stored(id).nextRefreshAt()).isEqualTo(third.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(world.driveLink.connectionQueries().get(user, id).nextRefreshAttemptAt())
                .as("the view says when the next attempt is").isEqualTo(stored(id).nextRefreshAt());

        assertThat(sweep()).as("backing off: not tried again within the hour").isZero();
        world.advance(Duration.ofMinutes(30));
        assertThat(sweep()).isZero();
        world.advance(Duration.ofMinutes(31));
        assertThat(sweep()).as("an hour later").isEqualTo(1);
        assertThat(stored(id).nextRefreshAt()).isAfter(world.clock.instant().plus(Duration.ofMinutes(59)));

        world.advance(Duration.ofHours(23));
        assertThat(sweep()).as("failing for a day now").isEqualTo(1);
        assertThat(stored(id).nextRefreshAt()).isAfter(world.clock.instant().plus(Duration.ofHours(23)));
        world.advance(Duration.ofHours(2));
        assertThat(sweep()).as("daily from now on").isZero();

        world.google.admin().clearFaults();
        world.advance(Duration.ofHours(23));
        assertThat(sweep()).isEqualTo(1);
        DriveConnection recovered = stored(id);
        assertThat(recovered.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(recovered.refreshFailures()).isZero();
        assertThat(recovered.nextRefreshAt()).isNull();
        assertThat(world.driveLink.connectionQueries().get(user, id).nextRefreshAttemptAt()).isNull();
    }
}
