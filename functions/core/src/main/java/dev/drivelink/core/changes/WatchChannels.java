package dev.drivelink.core.changes;

import dev.drivelink.core.drive.DriveChannels;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Opening and stopping a connection's {@code changes.watch} channels. A channel is stored (PENDING,
 * with the hash of its token) before Google is asked, so the {@code sync} message that may arrive
 * before the watch answer finds it; it becomes ACTIVE with Google's resource id and granted expiration.
 */
public final class WatchChannels {

    private static final Logger LOG = Logger.getLogger(WatchChannels.class);

    private final ChannelStore channels;
    private final Optional<String> webhookUrl;
    private final Duration lifetime;
    private final Clock clock;

    public WatchChannels(ChannelStore channels, Optional<String> webhookUrl, Duration lifetime, Clock clock) {
        this.channels = channels;
        this.webhookUrl = webhookUrl.filter(url -> !url.isBlank());
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Whether channels can be opened at all (the webhook's address is configured). */
    public boolean enabled() {
        return webhookUrl.isPresent();
    }

    /**
     * Opens a channel for the connection, asking for an expiration {@code lifetime} after {@code now}
     * (Drive grants at most a week for changes).
     */
    public WatchChannel open(String connectionId, String userId, DriveSession drive, Instant now) {
        String address = webhookUrl.orElseThrow(() -> new IllegalStateException("no webhook address configured"));
        String token = ChannelSecrets.newToken();
        String startPageToken = drive.changes().startPageToken();
        WatchChannel pending = new WatchChannel(UUID.randomUUID().toString(), connectionId, userId, null,
                ChannelSecrets.hash(token), now.plus(lifetime), startPageToken, ChannelState.PENDING, 0, clock.instant(),
                null);
        channels.save(pending);
        DriveChannels.Channel opened;
        try {
            opened = drive.channels().watchChanges(new DriveChannels.WatchRequest(pending.channelId(), address, token,
                    startPageToken, pending.expiration()));
        } catch (RuntimeException e) {
            channels.markStopped(pending.channelId(), clock.instant());
            throw e;
        }
        WatchChannel active = pending.opened(opened.resourceId(),
                opened.expiration() != null ? opened.expiration() : pending.expiration());
        channels.save(active);
        LOG.infof("connection %s: watch channel %s open until %s", connectionId, active.channelId(), active.expiration());
        return active;
    }

    /**
     * Stops a channel at Google (when {@code drive} is given and Google knows it; a channel Google no
     * longer knows counts as stopped) and marks it STOPPED. A failure at Google is logged: the channel
     * expires there by itself, and it can no longer queue work here.
     */
    public void stop(WatchChannel channel, DriveSession drive) {
        if (drive != null && channel.resourceId() != null && channel.state() != ChannelState.STOPPED) {
            try {
                drive.channels().stop(channel.channelId(), channel.resourceId());
            } catch (DriveException | dev.drivelink.core.error.DomainException e) {
                LOG.warnf("connection %s: channels.stop for %s failed (%s); it expires at %s", channel.connectionId(),
                        channel.channelId(), e.getMessage(), channel.expiration());
            }
        }
        channels.markStopped(channel.channelId(), clock.instant());
        LOG.infof("connection %s: watch channel %s stopped", channel.connectionId(), channel.channelId());
    }

    /** The connection's channels that are not stopped and not expired at {@code now}, newest expiration last. */
    public List<WatchChannel> live(String connectionId, Instant now) {
        return channels.ofConnection(connectionId).stream().filter(c -> c.liveAt(now))
                .sorted(Comparator.comparing(WatchChannel::expiration)).toList();
    }

    /** Opens a new channel, then stops every other one of the connection: one live channel afterwards. */
    public WatchChannel replace(String connectionId, String userId, DriveSession drive, Instant now) {
        WatchChannel opened = open(connectionId, userId, drive, now);
        for (WatchChannel other : channels.ofConnection(connectionId)) {
            if (!other.channelId().equals(opened.channelId()) && other.state() != ChannelState.STOPPED) {
                stop(other, drive);
            }
        }
        return opened;
    }

    /** Stops every channel of the connection that is not stopped yet. */
    public int stopAll(String connectionId, DriveSession drive) {
        int stopped = 0;
        for (WatchChannel channel : channels.ofConnection(connectionId)) {
            if (channel.state() != ChannelState.STOPPED) {
                stop(channel, drive);
                stopped++;
            }
        }
        return stopped;
    }
}
