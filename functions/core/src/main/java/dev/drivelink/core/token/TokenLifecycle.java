package dev.drivelink.core.token;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.OAuthProvider;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The life of a connection's tokens, for every function that talks to Drive: hands out an access
 * token with at least a minute left, refreshing it first if needed; refreshes once more on a 401; lets
 * only one caller at a time (across all Lambdas) call the token endpoint, through a lease on the
 * connection item; and records what a failed refresh means (invalid_grant: REVOKED, anything else:
 * ERROR, with the refresh token kept).
 */
public final class TokenLifecycle {

    private static final Logger LOG = Logger.getLogger(TokenLifecycle.class);

    public record Settings(Duration minRemaining, Duration leaseLength, Duration waitTimeout, Duration pollInterval) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(20),
                    Duration.ofMillis(100));
        }
    }

    private final ConnectionRepository connections;
    private final TokenSealer sealer;
    private final OAuthProvider oauth;
    private final ConnectionEvents events;
    private final Clock clock;
    private final Settings settings;

    public TokenLifecycle(ConnectionRepository connections, TokenSealer sealer, OAuthProvider oauth,
                          ConnectionEvents events, Clock clock, Settings settings) {
        this.connections = connections;
        this.sealer = sealer;
        this.oauth = oauth;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /** An access token with at least {@code minRemaining} left. */
    public String accessToken(String connectionId) {
        DriveConnection c = ensure(connectionId, this::expiresSoon, "expiring");
        return usableTokens(c).accessToken();
    }

    /**
     * Runs a Drive call with the connection's access token; on a 401 refreshes once (unless someone
     * already did) and runs it again.
     */
    public <T> T withAccessToken(String connectionId, Function<String, T> driveCall) {
        return session(connectionId).call(driveCall);
    }

    /**
     * A connection's token held for a run of Drive calls (an upload): read and opened once, refreshed
     * when under a minute remains, and once on a 401. Not thread-safe; one per job.
     */
    public Session session(String connectionId) {
        return new Session(connectionId);
    }

    public final class Session {
        private final String connectionId;
        private String token;
        private Instant expiresAt;

        private Session(String connectionId) {
            this.connectionId = connectionId;
        }

        public <T> T call(Function<String, T> driveCall) {
            if (token == null || expiresAt == null || expiresAt.isBefore(clock.instant().plus(settings.minRemaining()))) {
                hold(ensure(connectionId, TokenLifecycle.this::expiresSoon, "expiring"));
            }
            String used = token;
            try {
                return driveCall.apply(used);
            } catch (DriveException e) {
                if (e.kind() != DriveException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                LOG.infof("connection %s: Drive answered 401, refreshing once", connectionId);
                hold(ensure(connectionId, conn -> accessTokenOf(conn).equals(used), "rejected by Drive"));
                return driveCall.apply(token);
            }
        }

        private void hold(DriveConnection c) {
            token = usableTokens(c).accessToken();
            expiresAt = c.accessTokenExpiresAt();
        }
    }

    /** Refreshes now, whatever the expiry says; the connection afterwards, whatever its status. */
    public DriveConnection refreshNow(String connectionId) {
        Instant asked = clock.instant();
        try {
            return ensure(connectionId, c -> !c.updatedAt().isAfter(asked), "asked for");
        } catch (RefreshFailed f) {
            return f.connection;
        }
    }

    /** For the sweep: refreshes if the access token expires before {@code deadline}. */
    public DriveConnection refreshIfExpiringBefore(String connectionId, Instant deadline) {
        try {
            return ensure(connectionId, c -> c.accessTokenExpiresAt() == null
                    || c.accessTokenExpiresAt().isBefore(deadline), "inside the sweep window");
        } catch (RefreshFailed f) {
            return f.connection;
        }
    }

    private boolean expiresSoon(DriveConnection c) {
        return c.accessTokenExpiresAt() == null
                || c.accessTokenExpiresAt().isBefore(clock.instant().plus(settings.minRemaining()));
    }

    private String accessTokenOf(DriveConnection c) {
        return c.tokens() == null ? "" : sealer.open(c.tokens(), c.userId(), c.id()).accessToken();
    }

    /**
     * Returns the connection once {@code needsRefresh} is false for it, refreshing under the lease if
     * this caller gets it, or waiting for whoever holds it.
     */
    private DriveConnection ensure(String connectionId, Predicate<DriveConnection> needsRefresh, String why) {
        Instant giveUp = clock.instant().plus(settings.waitTimeout());
        String owner = UUID.randomUUID().toString();
        while (true) {
            DriveConnection c = connections.find(connectionId)
                    .orElseThrow(() -> Problem.notFound("connection", connectionId));
            if (c.status() == ConnectionStatus.REVOKED || c.tokens() == null) {
                throw new RefreshFailed(c, Problem.conflict("connection-revoked",
                        "connection " + connectionId + " is revoked; the user must connect Google Drive again"));
            }
            if (!needsRefresh.test(c)) {
                return c;
            }
            Instant now = clock.instant();
            if (c.refreshLeasedAt(now) || !connections.tryLease(connectionId, c.version(), owner, now,
                    now.plus(settings.leaseLength()))) {
                if (now.isAfter(giveUp)) {
                    throw Problem.unavailable("refresh-in-progress",
                            "the tokens of connection " + connectionId + " are being refreshed; try again");
                }
                sleep(settings.pollInterval());
                continue;
            }
            LOG.infof("connection %s: refreshing the access token (%s)", connectionId, why);
            DriveConnection refreshed;
            try {
                refreshed = refreshUnderLease(c);
            } catch (ConnectionRepository.ConcurrentUpdateException e) {
                continue;
            } finally {
                connections.releaseLease(connectionId, owner);
            }
            return refreshed;
        }
    }

    private DriveConnection refreshUnderLease(DriveConnection c) {
        OAuthTokens current = sealer.open(c.tokens(), c.userId(), c.id());
        OAuthTokens fresh;
        try {
            fresh = oauth.refresh(current.refreshToken());
        } catch (DriveException e) {
            return recordFailure(c, current, e);
        }
        OAuthTokens merged = new OAuthTokens(fresh.accessToken(),
                fresh.refreshToken() != null ? fresh.refreshToken() : current.refreshToken(),
                fresh.accessTokenExpiresAt(), fresh.scopes().isEmpty() ? current.scopes() : fresh.scopes());
        Instant now = clock.instant();
        DriveConnection next = c.next(now, ConnectionStatus.ACTIVE, sealer.seal(merged, c.userId(), c.id()),
                merged.accessTokenExpiresAt(), merged.scopes(), null);
        connections.save(next, c.version());
        if (c.status() == ConnectionStatus.ERROR) {
            publish(ConnectionEvent.Type.RECOVERED, next, "token refresh succeeded");
        }
        return next;
    }

    private DriveConnection recordFailure(DriveConnection c, OAuthTokens current, DriveException e) {
        Instant now = clock.instant();
        if (e.kind() == DriveException.Kind.INVALID_GRANT) {
            String reason = "invalid_grant: Google no longer accepts the refresh token (revoked, expired or the user removed access)";
            DriveConnection revoked = c.next(now, ConnectionStatus.REVOKED, null, null, c.scopes(), reason);
            connections.save(revoked, c.version());
            LOG.warnf("connection %s: refresh token rejected, connection revoked", c.id());
            publish(ConnectionEvent.Type.REVOKED, revoked, reason);
            throw new RefreshFailed(revoked, Problem.conflict("connection-revoked",
                    "connection " + c.id() + " is revoked; the user must connect Google Drive again"));
        }
        String reason = "token refresh failed: " + e.getMessage();
        DriveConnection failed = c.next(now, ConnectionStatus.ERROR, c.tokens(), c.accessTokenExpiresAt(), c.scopes(), reason);
        connections.save(failed, c.version());
        LOG.warnf("connection %s: %s", c.id(), reason);
        if (c.status() != ConnectionStatus.ERROR) {
            publish(ConnectionEvent.Type.ERROR, failed, reason);
        }
        if (c.accessTokenExpiresAt() != null && c.accessTokenExpiresAt().isAfter(now.plusSeconds(5))) {
            return failed;
        }
        throw new RefreshFailed(failed, Problem.unavailable("google-unavailable",
                "Google did not refresh the tokens of connection " + c.id() + "; try again later"));
    }

    /** The stored tokens of a connection whose access token is still valid (or was just refreshed). */
    private OAuthTokens usableTokens(DriveConnection c) {
        return sealer.open(c.tokens(), c.userId(), c.id());
    }

    private void publish(ConnectionEvent.Type type, DriveConnection c, String reason) {
        events.publish(new ConnectionEvent(type, c.id(), c.userId(), c.account().email(), c.status().name(), reason,
                c.updatedAt()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token refresh", e);
        }
    }

    /** A refresh that ended the connection's usefulness for now; carries the stored outcome and the problem. */
    public static final class RefreshFailed extends Problem {
        private final transient DriveConnection connection;

        RefreshFailed(DriveConnection connection, Problem problem) {
            super(problem.status(), problem.code(), problem.title(), problem.detail());
            this.connection = connection;
        }

        public DriveConnection connection() {
            return connection;
        }
    }
}
