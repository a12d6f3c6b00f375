package dev.drivelink.core.changes;

import dev.drivelink.core.connect.ConnectionHooks;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.sync.settings.SyncFrequency;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Change detection's part in connecting and revoking. On connect (and reconnect): the connection's
 * cursor starts at Drive's current position unless it has one (a reconnect keeps it: nothing between
 * is lost), the backstop takes it up again, and a new watch channel replaces any earlier one. On
 * revoke: every channel is stopped while the tokens still work; when Google revoked the grant, the
 * channels are marked stopped ({@link #revoked}). Failures are logged, never thrown:
 * the user's connect or revoke goes through, and the backstop (or the next run) mends the rest.
 */
public final class ChangeDetectionHooks implements ConnectionHooks {

    private static final Logger LOG = Logger.getLogger(ChangeDetectionHooks.class);

    private final ChangeFeed feed;
    private final WatchChannels channels;
    private final CursorStore cursors;
    private final DriveAccess drive;
    private final ConnectionRepository connections;
    private final Clock clock;

    public ChangeDetectionHooks(ChangeFeed feed, WatchChannels channels, CursorStore cursors, DriveAccess drive,
                                ConnectionRepository connections, Clock clock) {
        this.feed = feed;
        this.channels = channels;
        this.cursors = cursors;
        this.drive = drive;
        this.connections = connections;
        this.clock = clock;
    }

    @Override
    public void connected(DriveConnection connection, DriveSession session) {
        try {
            if (cursors.find(connection.id()).isEmpty()) {
                feed.start(connection.id(), session.changes().startPageToken());
            } else {
                feed.resume(connection.id());
            }
            boolean watches = cursors.find(connection.id()).map(c -> c.frequency().watches()).orElse(true);
            if (watches && channels.enabled()) {
                channels.replace(connection.id(), connection.userId(), session, clock.instant());
            } else if (!channels.enabled()) {
                LOG.infof("connection %s: no webhook address configured; changes are polled by the backstop",
                        connection.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: change detection could not start (%s); the backstop will retry",
                    connection.id(), e.toString());
        }
    }

    /**
     * The connection was revoked without its user (Google refused the refresh token): its tokens are
     * gone, so its channels are only marked STOPPED (Google ends them); the backstop leaves it alone.
     */
    public void revoked(String connectionId) {
        try {
            connections.find(connectionId).ifPresent(feed::retire);
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: its channels could not be marked stopped (%s); the next run does it",
                    connectionId, e.toString());
        }
    }

    /**
     * The sync settings changed the connection's need for push notifications (main's sync settings call
     * this through their {@code RealtimeWatchHook}): realtime opens a channel if the connection has no
     * live one; otherwise its channels are stopped and the backstop polls hourly. Idempotent; failures
     * are logged.
     */
    public void realtimeChanged(String connectionId, boolean realtime) {
        try {
            DriveConnection connection = connections.find(connectionId).orElse(null);
            if (connection == null || connection.status() == dev.drivelink.core.connection.ConnectionStatus.REVOKED) {
                return;
            }
            feed.frequency(connectionId, realtime ? SyncFrequency.REALTIME : SyncFrequency.HOURLY);
            DriveSession session = drive.open(connection);
            if (!realtime) {
                channels.stopAll(connectionId, session);
            } else if (channels.enabled() && channels.live(connectionId, clock.instant()).isEmpty()) {
                channels.open(connectionId, connection.userId(), session, clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: push notifications could not be switched %s (%s)", connectionId,
                    realtime ? "on" : "off", e.toString());
        }
    }

    @Override
    public void revoking(DriveConnection connection) {
        try {
            int stopped = channels.stopAll(connection.id(), drive.open(connection));
            feed.retire(connection);
            LOG.infof("connection %s: %d watch channel(s) stopped before revoking", connection.id(), stopped);
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: stopping its watch channels failed (%s); notifications for them do nothing",
                    connection.id(), e.toString());
        }
    }
}
