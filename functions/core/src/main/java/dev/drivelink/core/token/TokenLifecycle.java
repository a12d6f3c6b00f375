package dev.drivelink.core.token;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.events.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The life of a connection's tokens, for every function that talks to Drive: hands out an access
 * token with at least a minute left, refreshing it first if needed; refreshes once more on a 401; lets
 * only one caller at a time (across all Lambdas) call the token endpoint, through a lease on the
 * connection item; and records what a failed refresh means (invalid_grant: REVOKED, anything else:
 * ERROR, with the refresh token kept).
 */
public final class TokenLifecycle implements DriveAccess.ConnectionTokens {

    private static final Logger LOG = Logger.getLogger(TokenLifecycle.class);

    public record Settings(Duration minRemaining, Duration leaseLength, Duration waitTimeout, Duration pollInterval) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(20),
                    Duration.ofMillis(100));
        }
    }

    /** The metric names template.yaml's TokenRefreshFailedAlarm and TokenRefreshRevokedAlarm read. */
    public static final String REFRESH_FAILED = "TokenRefreshFailed";
    public static final String REFRESH_REVOKED = "TokenRefreshRevoked";

    private final ConnectionRepository connections;
    private final TokenSealer sealer;
    private final OAuthProvider oauth;
    private final ConnectionEvents events;
    private final Clock clock;
    private final Settings settings;
    private final Metrics metrics;

    /** @param metrics counts refreshes that end in ERROR ({@value #REFRESH_FAILED}) or REVOKED ({@value #REFRESH_REVOKED}) */
    public TokenLifecycle(ConnectionRepository connections, TokenSealer sealer, OAuthProvider oauth,
                          ConnectionEvents events, Clock clock, Settings settings, Metrics metrics) {
        this.connections = connections;
        this.sealer = sealer;
        this.oauth = oauth;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** A stored connection's credentials for Drive sessions: fresh enough, refreshed under the lease. */
    @Override
    public DriveAccess.TokenSource forConnection(String connectionId) {
        return new DriveAccess.TokenSource() {
            @Override
            public String key() {
                return connectionId;
            }

            @Override
            public DriveAccess.Bearer current() {
                return bearer(ensure(connectionId, TokenLifecycle.this::expiresSoon, "expiring"));
            }

            @Override
            public DriveAccess.Bearer afterRejection(DriveAccess.Bearer rejected) {
                return bearer(ensure(connectionId, c -> accessTokenOf(c).equals(rejected.accessToken()),
                        "rejected by Drive"));
            }
        };
    }

    /**
     * Credentials of a grant that is not stored yet (the connect flow, between the code exchange and
     * saving the connection): used as they are, never refreshed.
     */
    public DriveAccess.TokenSource forNewGrant(String key, OAuthTokens grant) {
        DriveAccess.Bearer bearer = new DriveAccess.Bearer(grant.accessToken(), Instant.MAX);
        return new DriveAccess.TokenSource() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public DriveAccess.Bearer current() {
                return bearer;
            }

            @Override
            public DriveAccess.Bearer afterRejection(DriveAccess.Bearer rejected) {
                throw new DriveException(DriveException.Kind.UNAUTHORIZED, 401, "authError",
                        "Drive rejected a token it had just issued", null);
            }
        };
    }

    /**
     * Revokes the connection's grant at Google (best effort). Empty when it worked or Google no longer
     * knew the token; otherwise what went wrong, in words for the connection's lastError.
     */
    public Optional<String> revokeAtGoogle(DriveConnection c) {
        if (c.tokens() == null) {
            return Optional.empty();
        }
        try {
            OAuthTokens t = sealer.open(c.tokens(), c.userId(), c.id());
            oauth.revoke(t.refreshToken() != null ? t.refreshToken() : t.accessToken());
            return Optional.empty();
        } catch (DriveException e) {
            if (e.status() == 400) {
                return Optional.empty(); // Google no longer knows the token: the grant is gone already
            }
            LOG.warnf("connection %s: revoking at Google failed: %s", c.id(), e.getMessage());
            return Optional.of("revoking the grant at Google failed (" + e.getMessage() + "); the user can remove "
                    + "access at https://myaccount.google.com/permissions");
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: revoking at Google failed: %s", c.id(), e.toString());
            return Optional.of("revoking the grant at Google failed; the user can remove access at "
                    + "https://myaccount.google.com/permissions");
        }
    }

    private DriveAccess.Bearer bearer(DriveConnection c) {
        return new DriveAccess.Bearer(usableTokens(c).accessToken(), c.accessTokenExpiresAt().minus(settings.minRemaining()));
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

    /**
     * For the sweep: refreshes if the access token expires before {@code deadline}, unless failed
     * refreshes are backing off ({@link dev.drivelink.core.connection.RefreshBackoff}) and it is not yet time.
     */
    public DriveConnection refreshIfExpiringBefore(String connectionId, Instant deadline) {
        try {
            return ensure(connectionId, c -> (c.accessTokenExpiresAt() == null || c.accessTokenExpiresAt().isBefore(deadline))
                    && (c.nextRefreshAt() == null || !c.nextRefreshAt().isAfter(clock.instant())), "inside the sweep window");
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
                    .orElseThrow(() -> DomainException.notFound("connection", connectionId));
            if (c.status() == ConnectionStatus.REVOKED || c.tokens() == null) {
                throw new RefreshFailed(c, DomainException.conflict("connection-revoked",
                        "connection " + connectionId + " is revoked; the user must connect Google Drive again"));
            }
            if (!needsRefresh.test(c)) {
                return c;
            }
            Instant now = clock.instant();
            if (c.refreshLeasedAt(now) || !connections.tryLease(connectionId, c.version(), owner, now,
                    now.plus(settings.leaseLength()))) {
                if (now.isAfter(giveUp)) {
                    throw DomainException.unavailable("refresh-in-progress",
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
            metrics.count(REFRESH_REVOKED);
            LOG.warnf("connection %s: refresh token rejected, connection revoked", c.id());
            publish(ConnectionEvent.Type.REVOKED, revoked, reason);
            throw new RefreshFailed(revoked, DomainException.conflict("connection-revoked",
                    "connection " + c.id() + " is revoked; the user must connect Google Drive again"));
        }
        String reason = e.getMessage(); // GoogleErrors already says "token refresh failed: <status> <reason>"
        DriveConnection failed = c.afterFailedRefresh(now, reason);
        connections.save(failed, c.version());
        metrics.count(REFRESH_FAILED);
        LOG.warnf("connection %s: %s (failure %d since %s; the scheduled refresh tries again from %s)", c.id(), reason,
                failed.refreshFailures(), failed.failingSince(), failed.nextRefreshAt());
        if (c.status() != ConnectionStatus.ERROR) {
            publish(ConnectionEvent.Type.ERROR, failed, reason);
        }
        if (c.accessTokenExpiresAt() != null && c.accessTokenExpiresAt().isAfter(now.plusSeconds(5))) {
            return failed;
        }
        throw new RefreshFailed(failed, DomainException.unavailable("google-unavailable",
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
    public static final class RefreshFailed extends DomainException {
        private final transient DriveConnection connection;

        RefreshFailed(DriveConnection connection, DomainException problem) {
            super(problem.kind(), problem.code(), problem.detail());
            this.connection = connection;
        }

        public DriveConnection connection() {
            return connection;
        }
    }
}
