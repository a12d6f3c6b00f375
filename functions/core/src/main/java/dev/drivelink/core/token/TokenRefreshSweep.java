package dev.drivelink.core.token;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The scheduled refresh: every connection whose access token expires within the window (found by a
 * Query on the expiry index, never a scan) is refreshed on its own; one failure never stops the sweep.
 */
public final class TokenRefreshSweep {

    private static final Logger LOG = Logger.getLogger(TokenRefreshSweep.class);

    public record Result(int examined, int refreshed, int failed, int revoked) {
    }

    private final ConnectionRepository connections;
    private final TokenLifecycle tokens;
    private final Clock clock;
    private final Duration window;

    public TokenRefreshSweep(ConnectionRepository connections, TokenLifecycle tokens, Clock clock, Duration window) {
        this.connections = connections;
        this.tokens = tokens;
        this.clock = clock;
        this.window = window;
    }

    public Result run() {
        Instant deadline = clock.instant().plus(window);
        int examined = 0;
        int refreshed = 0;
        int failed = 0;
        int revoked = 0;
        for (String id : connections.idsWithAccessTokenExpiringBefore(deadline)) {
            examined++;
            try {
                DriveConnection after = tokens.refreshIfExpiringBefore(id, deadline);
                if (after.status() == ConnectionStatus.REVOKED) {
                    revoked++;
                } else if (after.status() == ConnectionStatus.ERROR) {
                    failed++;
                } else {
                    refreshed++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("connection %s: sweep could not refresh: %s", id, e.toString());
            }
        }
        Result result = new Result(examined, refreshed, failed, revoked);
        LOG.infof("token refresh sweep: %s", result);
        return result;
    }
}
