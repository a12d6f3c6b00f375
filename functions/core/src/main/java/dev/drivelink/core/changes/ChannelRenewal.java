package dev.drivelink.core.changes;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveSession;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The scheduled renewal: channels expiring within {@code renewBefore} (a Query on the expiry index,
 * never a scan) are replaced, each connection on its own: the new channel is opened and stored first,
 * then the old one is stopped, so notifications keep flowing across the switch. A connection that is
 * revoked, gone, or no longer realtime gets its channels stopped instead. One failing connection
 * never stops the sweep.
 */
public final class ChannelRenewal {

    private static final Logger LOG = Logger.getLogger(ChannelRenewal.class);

    public record Result(int examined, int renewed, int stopped, int failed) {
    }

    private final ChannelStore store;
    private final WatchChannels channels;
    private final CursorStore cursors;
    private final ConnectionRepository connections;
    private final DriveAccess drive;
    private final Duration renewBefore;

    public ChannelRenewal(ChannelStore store, WatchChannels channels, CursorStore cursors,
                          ConnectionRepository connections, DriveAccess drive, Duration renewBefore) {
        this.store = store;
        this.channels = channels;
        this.cursors = cursors;
        this.connections = connections;
        this.drive = drive;
        this.renewBefore = renewBefore;
    }

    /** @param now the time of the schedule's firing: channels expiring before now + renewBefore are renewed */
    public Result run(Instant now) {
        Set<String> connectionIds = new LinkedHashSet<>();
        int examined = 0;
        for (String channelId : store.expiringBefore(now.plus(renewBefore))) {
            examined++;
            store.find(channelId).ifPresent(c -> connectionIds.add(c.connectionId()));
        }
        int renewed = 0;
        int stopped = 0;
        int failed = 0;
        for (String connectionId : connectionIds) {
            try {
                Outcome outcome = renew(connectionId, now);
                renewed += outcome.renewed;
                stopped += outcome.stopped;
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("connection %s: channel renewal failed: %s", connectionId, e.toString());
            }
        }
        Result result = new Result(examined, renewed, stopped, failed);
        LOG.infof("channel renewal: %s", result);
        return result;
    }

    private record Outcome(int renewed, int stopped) {
    }

    private Outcome renew(String connectionId, Instant now) {
        List<WatchChannel> open = store.ofConnection(connectionId).stream()
                .filter(c -> c.state() != ChannelState.STOPPED).toList();
        Instant horizon = now.plus(renewBefore);
        List<WatchChannel> expiring = open.stream().filter(c -> c.expiration().isBefore(horizon)).toList();
        if (expiring.isEmpty()) {
            return new Outcome(0, 0);
        }
        Optional<DriveConnection> connection = connections.find(connectionId);
        boolean watches = cursors.find(connectionId).map(c -> c.frequency().watches()).orElse(true);
        if (connection.isEmpty() || connection.get().status() == ConnectionStatus.REVOKED || !watches
                || !channels.enabled()) {
            DriveSession session = connection.filter(c -> c.status() != ConnectionStatus.REVOKED).map(drive::open)
                    .orElse(null);
            expiring.forEach(c -> channels.stop(c, session));
            return new Outcome(0, expiring.size());
        }
        DriveSession session = drive.open(connection.get());
        boolean coveredBeyond = open.stream().anyMatch(c -> c.state() == ChannelState.ACTIVE && !c.expiration().isBefore(horizon));
        int renewed = 0;
        if (!coveredBeyond) {
            channels.open(connectionId, connection.get().userId(), session, now);
            renewed = 1;
        }
        expiring.forEach(c -> channels.stop(c, session));
        return new Outcome(renewed, expiring.size());
    }
}
