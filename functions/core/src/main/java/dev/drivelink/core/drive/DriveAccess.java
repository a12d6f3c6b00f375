package dev.drivelink.core.drive;

import dev.drivelink.core.connection.DriveConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one way into Drive: {@link #open(DriveConnection)} gives a session for a connection that owns
 * its access token (fresh enough, refreshed once on a 401) and the retry policy (backoff with jitter,
 * {@code Retry-After}, which failures are final) and keeps to the connection's pace. Callers never hold
 * a token and never write a retry loop.
 */
public final class DriveAccess {

    /** A credential for Drive calls, to be asked for again after {@code renewAfter}. */
    public record Bearer(String accessToken, Instant renewAfter) {
        @Override
        public String toString() {
            return "Bearer[<redacted>, renewAfter=" + renewAfter + "]";
        }
    }

    /** Where a session gets its credential from. */
    public interface TokenSource {

        /** Whose requests these are (a connection id): pace and logs are per key. */
        String key();

        /** A usable credential, refreshed first if it is about to expire. */
        Bearer current();

        /** Drive rejected {@code rejected} (401): a fresh one, refreshed unless someone already did. */
        Bearer afterRejection(Bearer rejected);
    }

    /** The token lifecycle, as sessions see it: a source per stored connection. */
    public interface ConnectionTokens {
        TokenSource forConnection(String connectionId);
    }

    private final DriveApi api;
    private final ConnectionTokens tokens;
    private final Backoff backoff;
    private final Pace.Settings pace;
    private final Clock clock;
    private final ConcurrentMap<String, Pace> paces = new ConcurrentHashMap<>();

    public DriveAccess(DriveApi api, ConnectionTokens tokens, Backoff backoff, Pace.Settings pace, Clock clock) {
        this.api = api;
        this.tokens = tokens;
        this.backoff = backoff;
        this.pace = pace;
        this.clock = clock;
    }

    /**
     * Forgets every connection's pace (after a SnapStart restore: a pace holds System.nanoTime readings,
     * which mean nothing on another machine); each is built again on its next use.
     */
    public void forgetPaces() {
        paces.clear();
    }

    public DriveSession open(DriveConnection connection) {
        return open(connection.id());
    }

    public DriveSession open(String connectionId) {
        return open(tokens.forConnection(connectionId));
    }

    /** A session on any credential source, such as a grant that is not stored yet (the connect flow). */
    public DriveSession open(TokenSource source) {
        return new DriveSession(api, source, backoff, paces.computeIfAbsent(source.key(), k -> Pace.realTime(pace)),
                clock, null);
    }
}
