package dev.drivelink.core.sync.retention;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.sync.settings.ProjectSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import dev.drivelink.core.token.TokenLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What drivelink keeps, and for how long. Activity records and finished upload jobs expire by TTL.
 * {@link #eraseUser} removes everything of a user at once; {@link #sweepRevoked} removes the
 * settings, file mappings and conflicts of connections revoked longer ago than the grace period.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** What {@link #eraseUser} removed. */
    public record Erased(String userId, int connectionsRevoked, int itemsDeleted) {
    }

    /** What one sweep did. */
    public record Sweep(int connectionsPurged, int itemsDeleted, int failures) {
    }

    private final ConnectionRepository connections;
    private final TokenLifecycle tokens;
    private final UserDataStore store;
    private final SettingsService settings;
    private final ConnectionEvents events;
    private final Clock clock;
    private final Duration revokedGrace;

    public Retention(ConnectionRepository connections, TokenLifecycle tokens, UserDataStore store,
                     SettingsService settings, ConnectionEvents events, Clock clock, Duration revokedGrace) {
        this.connections = connections;
        this.tokens = tokens;
        this.store = store;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.revokedGrace = revokedGrace;
    }

    /**
     * Removes everything drivelink holds for the user. First every grant is revoked at Google: if
     * Google cannot be reached for one, nothing is deleted (503 {@code google-unavailable}; call again).
     * Then the connections and everything under them, then the user's own items. Idempotent.
     */
    public Erased eraseUser(String userId) {
        List<DriveConnection> mine = connections.findByUser(userId);
        int revoked = 0;
        for (DriveConnection c : mine) {
            if (c.tokens() == null) {
                continue;
            }
            Optional<String> failure = tokens.revokeAtGoogle(c);
            if (failure.isPresent()) {
                throw DomainException.unavailable("google-unavailable", "revoking drivelink's access at Google failed "
                        + "for connection " + c.id() + "; nothing was deleted, try again");
            }
            revoked++;
        }
        int items = 0;
        Instant now = clock.instant();
        for (DriveConnection c : mine) {
            items += store.deleteConnectionData(c.id(), false);
            if (c.status() != ConnectionStatus.REVOKED) {
                events.publish(new ConnectionEvent(ConnectionEvent.Type.REVOKED, c.id(), userId, c.account().email(),
                        ConnectionStatus.REVOKED.name(), "the user erased their drivelink data", now));
            }
        }
        items += store.deleteUserData(userId);
        LOG.infof("user %s erased: %d grants revoked at Google, %d items deleted", userId, revoked, items);
        return new Erased(userId, revoked, items);
    }

    /**
     * Purges connections revoked longer ago than the grace period: their settings, file mappings,
     * conflicts and sync statuses, and the project settings' reference to them (connection and
     * folders). The connection item stays (REVOKED). One connection's failure does not stop the sweep.
     */
    public Sweep sweepRevoked() {
        Instant cutoff = clock.instant().minus(revokedGrace);
        int purged = 0;
        int items = 0;
        int failures = 0;
        for (String id : store.revokedBefore(cutoff)) {
            try {
                Optional<DriveConnection> found = connections.find(id);
                if (found.isPresent() && (found.get().status() != ConnectionStatus.REVOKED
                        || found.get().updatedAt().isAfter(cutoff))) {
                    continue; // reconnected, or revoked again recently
                }
                items += store.deleteConnectionData(id, true);
                if (found.isPresent()) {
                    for (ProjectSettings p : settings.storedProjects(found.get().userId())) {
                        if (id.equals(p.connectionId())) {
                            settings.detachConnection(p);
                        }
                    }
                }
                store.markPurged(id);
                purged++;
                LOG.infof("connection %s: revoked since before %s, its sync data purged", id, cutoff);
            } catch (RuntimeException e) {
                failures++;
                LOG.errorf("connection %s: purging failed: %s", id, e.toString());
            }
        }
        return new Sweep(purged, items, failures);
    }
}
