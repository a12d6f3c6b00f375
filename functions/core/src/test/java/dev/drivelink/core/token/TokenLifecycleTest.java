package dev.drivelink.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.adapters.google.GoogleDriveApi;
import dev.drivelink.core.adapters.google.GoogleDriveClients;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveApi;
import dev.drivelink.core.drive.Pace;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token lifecycle against moto and the Google emulator. */
class TokenLifecycleTest {

    static TestWorld world;
    static PublishedEvents events;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
        events = world.captureEvents();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }

    DriveConnection stored(String id) {
        return world.driveLink.connections().find(id).orElseThrow();
    }

    long tokenCalls() {
        return world.google.admin().requestCount("POST /token");
    }

    @Test
    void fiftyConcurrentCallersOnAnExpiredTokenMakeExactlyOneRefresh() throws Exception {
        String id = world.connect(user(), "alice@example.com");
        String before = world.driveLink.sealer().open(stored(id).tokens(), stored(id).userId(), id).accessToken();
        world.advance(Duration.ofMinutes(61));
        long callsBefore = tokenCalls();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return accessToken(id);
            }));
        }
        start.countDown();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        for (Future<String> f : results) {
            tokens.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(tokenCalls() - callsBefore).isEqualTo(1);
        assertThat(tokens).hasSize(1).doesNotContain(before);
        String fresh = tokens.iterator().next();
        assertThat(world.google.admin().requestCount("POST /token")).isEqualTo(callsBefore + 1);
        assertThat(stored(id).status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored(id).refreshLeaseUntil()).as("the lease is gone once saved").isNull();
        // the new token really works at Google
        assertThat(accessToken(id)).isEqualTo(fresh);
        assertThat(world.driveLink.drive().open(id).about().user().email()).isEqualTo("alice@example.com");
    }

    @Test
    void aTokenWithMoreThanAMinuteLeftIsUsedAsIs() {
        String id = world.connect(user(), "alice@example.com");
        long calls = tokenCalls();
        world.advance(Duration.ofMinutes(58));
        accessToken(id);
        assertThat(tokenCalls()).isEqualTo(calls);
        world.advance(Duration.ofSeconds(90));
        accessToken(id);
        assertThat(tokenCalls()).as("under 60 s left: refreshed").isEqualTo(calls + 1);
    }

    @Test
    void aRefreshWithoutRefreshTokenInTheAnswerKeepsTheStoredOne() {
        String id = world.connect(user(), "bob@example.com");
        DriveConnection before = stored(id);
        String refreshBefore = world.driveLink.sealer().open(before.tokens(), before.userId(), id).refreshToken();

        DriveConnection after = world.driveLink.tokens().refreshNow(id);

        OAuthTokens tokens = world.driveLink.sealer().open(after.tokens(), after.userId(), id);
        assertThat(tokens.refreshToken()).isEqualTo(refreshBefore);
        assertThat(after.version()).isEqualTo(before.version() + 1);
        // and it still refreshes with the kept refresh token
        assertThat(world.driveLink.tokens().refreshNow(id).status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void invalidGrantRevokesTheConnectionRemovesTokensAndTellsTheHostApp() {
        String user = user();
        String id = world.connect(user, "carol@example.com");
        world.google.admin().revokeAccess(TestWorld.CLIENT_ID, "carol@example.com");

        DriveConnection after = world.driveLink.tokens().refreshNow(id);

        assertThat(after.status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(stored(id).tokens()).isNull();
        assertThat(stored(id).status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(stored(id).lastError()).contains("invalid_grant");
        assertThatThrownBy(() -> accessToken(id))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.code()).isEqualTo("connection-revoked"));
        var event = events.await(e -> e.at("/detail/connectionId").asText().equals(id)
                && e.at("/detail-type").asText().equals("Drive Connection Revoked"));
        assertThat(event.at("/detail/userId").asText()).isEqualTo(user);
        assertThat(event.at("/detail/reason").asText()).contains("invalid_grant");
        assertThat(event.toString()).doesNotContain("ya29.").doesNotContain("1//");
    }

    @Test
    void aTokenEndpoint5xxMeansErrorKeepsTheRefreshTokenAndALaterSuccessRecovers() {
        String user = user();
        String id = world.connect(user, "bob@example.com");
        DriveConnection before = stored(id);
        String refreshBefore = world.driveLink.sealer().open(before.tokens(), user, id).refreshToken();
        world.google.admin().injectFault(Fault.error("POST /token", 1, 503, "backendError"));

        DriveConnection failed = world.driveLink.tokens().refreshNow(id);

        assertThat(failed.status()).isEqualTo(ConnectionStatus.ERROR);
        assertThat(failed.lastError()).contains("503");
        DriveConnection storedFailed = stored(id);
        assertThat(storedFailed.status()).isEqualTo(ConnectionStatus.ERROR);
        assertThat(world.driveLink.sealer().open(storedFailed.tokens(), user, id).refreshToken()).isEqualTo(refreshBefore);
        events.await(e -> e.at("/detail/connectionId").asText().equals(id)
                && e.at("/detail-type").asText().equals("Drive Connection Error"));

        DriveConnection recovered = world.driveLink.tokens().refreshNow(id);

        assertThat(recovered.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored(id).lastError()).isNull();
        events.await(e -> e.at("/detail/connectionId").asText().equals(id)
                && e.at("/detail-type").asText().equals("Drive Connection Recovered"));
    }

    @Test
    void aFailingConnectionDoesNotStopTheSweep() {
        String broken = world.connect(user(), "carol@example.com");
        String healthy = world.connect(user(), "alice@example.com");
        world.google.admin().revokeAccess(TestWorld.CLIENT_ID, "carol@example.com");
        world.advance(Duration.ofMinutes(50));

        var result = world.driveLink.refreshSweep().run();

        assertThat(stored(broken).status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(stored(healthy).status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored(healthy).accessTokenExpiresAt()).isAfter(world.clock.instant().plus(Duration.ofMinutes(50)));
        assertThat(result.revoked()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a401FromDriveRefreshesOnceAndRetries() {
        String id = world.connect(user(), "alice@example.com");
        DriveConnection c = stored(id);
        String access = world.driveLink.sealer().open(c.tokens(), c.userId(), id).accessToken();
        // Google expires the token early (as it may), while our record says it has most of an hour left
        world.google.admin().advanceClock(Duration.ofMinutes(61));
        long calls = tokenCalls();
        List<String> tokensUsed = new ArrayList<>();
        var google = new GoogleDriveApi(new GoogleDriveClients(
                new NetHttpTransport(), world.google.driveRootUrl(),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        DriveApi recording = (bearer, timeLeft) -> {
            tokensUsed.add(bearer.accessToken());
            return google.with(bearer, timeLeft);
        };
        var drive = new DriveAccess(recording, world.driveLink.tokens(), Backoff.standard(), new Pace.Settings(10, 4),
                world.clock);

        String email = drive.open(id).about().user().email();

        assertThat(email).isEqualTo("alice@example.com");
        assertThat(tokensUsed).hasSize(2).first().isEqualTo(access);
        assertThat(tokenCalls()).isEqualTo(calls + 1);
        world.clock.advance(Duration.ofMinutes(61));
    }

    @Test
    void theSweepRefreshesExactlyTheConnectionsInsideTheWindow() {
        String early = world.connect(user(), "alice@example.com");
        world.advance(Duration.ofMinutes(30));
        String late = world.connect(user(), "bob@example.com");
        world.advance(Duration.ofMinutes(20));
        // early expires in ~10 min (inside the 15 min window); late in ~40 min (outside)
        long earlyVersion = stored(early).version();
        long lateVersion = stored(late).version();

        var result = world.driveLink.refreshSweep().run();

        assertThat(stored(early).version()).isEqualTo(earlyVersion + 1);
        assertThat(stored(early).accessTokenExpiresAt()).isAfter(world.clock.instant().plus(Duration.ofMinutes(50)));
        assertThat(stored(late).version()).isEqualTo(lateVersion);
        assertThat(result.refreshed()).isGreaterThanOrEqualTo(1);
        assertThat(result.failed()).isZero();
    }

    /** The access token a Drive session of this connection would use now. */
    private String accessToken(String id) {
        return world.driveLink.tokens().forConnection(id).current().accessToken();
    }
}
