package dev.drivelink.core.changes;

import java.time.Instant;

/**
 * A {@code changes.watch} channel of one connection. The token Google echoes in every notification is
 * kept only as its SHA-256 ({@code tokenHash}); {@code lastMessageNumber} is the highest
 * X-Goog-Message-Number accepted, so a replayed notification queues nothing.
 */
public record WatchChannel(String channelId, String connectionId, String userId, String resourceId, String tokenHash,
                           Instant expiration, String startPageToken, ChannelState state, long lastMessageNumber,
                           Instant createdAt, Instant stoppedAt) {

    /** Not stopped and not expired at {@code now}. */
    public boolean liveAt(Instant now) {
        return state != ChannelState.STOPPED && expiration.isAfter(now);
    }

    /** Google answered the watch: its resource id and the expiration it granted. */
    public WatchChannel opened(String resource, Instant grantedExpiration) {
        return new WatchChannel(channelId, connectionId, userId, resource, tokenHash, grantedExpiration, startPageToken,
                ChannelState.ACTIVE, lastMessageNumber, createdAt, null);
    }

    public WatchChannel stopped(Instant at) {
        return new WatchChannel(channelId, connectionId, userId, resourceId, tokenHash, expiration, startPageToken,
                ChannelState.STOPPED, lastMessageNumber, createdAt, at);
    }
}
