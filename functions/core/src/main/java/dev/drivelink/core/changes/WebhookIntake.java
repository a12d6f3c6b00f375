package dev.drivelink.core.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Google's push notifications, as the webhook receives them. Never calls Drive and never waits for a
 * sync: a notification that passes every check (known channel, its token, its resource, ACTIVE, not
 * expired, a message number higher than any before) puts one sync request on the connection's FIFO
 * group; notifications of one window share a deduplication id, so a burst makes one request. A
 * revoked connection's channels are STOPPED when it is revoked (see {@link ChangeDetectionHooks}), so
 * the channel item is all the webhook needs: one conditional UpdateItem (every check at once; nothing
 * is written unless all pass) and one SendMessage. {@code sync} and other states need no work and no
 * check. Whatever the outcome, the caller answers the same way: the sender learns nothing about which
 * check failed.
 */
public final class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);
    /** Google's limit for channel ids; ours are UUIDs. */
    private static final int MAX_CHANNEL_ID = 64;

    /** The X-Goog-* headers of one notification (any may be null). */
    public record Notification(String channelId, String token, String resourceId, String resourceState,
                               String messageNumber) {
        @Override
        public String toString() {
            return "Notification[channel=" + channelId + ", state=" + resourceState + ", number=" + messageNumber + "]";
        }
    }

    public enum Outcome {
        /** A sync request was queued (or coalesced into the window's request). */
        QUEUED,
        /** A genuine notification that needs no work ({@code sync}, unknown states). */
        ACKNOWLEDGED,
        /** It failed a check: nothing was queued. */
        IGNORED
    }

    private final ChannelStore channels;
    private final ChangesQueue queue;
    private final Clock clock;
    private final Duration window;
    /**
     * The window of the last request this instance sent per connection: SQS would drop another one with
     * the same deduplication id anyway, so the rest of a burst costs no SendMessage. Bounded.
     */
    private final Map<String, Long> sentInWindow = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > 10_000;
                }
            });

    public WebhookIntake(ChannelStore channels, ChangesQueue queue, Clock clock, Duration coalesceWindow) {
        this.channels = channels;
        this.queue = queue;
        this.clock = clock;
        this.window = coalesceWindow;
    }

    public Outcome receive(Notification n) {
        String state = n.resourceState() == null ? "" : n.resourceState().toLowerCase(Locale.ROOT);
        if (!state.equals("change") && !state.equals("changed")) {
            // "sync" (the channel's first message) and states we do not act on: nothing to check, nothing to do
            return Outcome.ACKNOWLEDGED;
        }
        if (n.channelId() == null || n.channelId().isBlank() || n.channelId().length() > MAX_CHANNEL_ID) {
            return ignored(n, "no channel id, or not one of ours");
        }
        long number;
        try {
            number = Long.parseLong(n.messageNumber() == null ? "" : n.messageNumber().trim());
        } catch (NumberFormatException e) {
            return ignored(n, "no message number");
        }
        // every check in one conditional write (nothing is written unless all pass), then the token
        // compared again here, in constant time
        String presentedHash = ChannelSecrets.hash(n.token() == null ? "" : n.token());
        Instant now = clock.instant();
        Optional<WatchChannel> accepted = channels.acceptNotification(n.channelId(), presentedHash, n.resourceId(), number, now);
        if (accepted.isEmpty() || !ChannelSecrets.matches(n.token(), accepted.get().tokenHash())) {
            return ignored(n, "unknown channel, wrong token or resource, not active, expired, or a replayed number");
        }
        WatchChannel channel = accepted.get();
        long bucket = now.toEpochMilli() / window.toMillis();
        if (!Long.valueOf(bucket).equals(sentInWindow.get(channel.connectionId()))) {
            try {
                queue.send(ChangesRequest.changes(channel.connectionId(), ChangesRequest.NOTIFICATION,
                        Instant.ofEpochMilli((bucket + 1) * window.toMillis())), channel.connectionId() + "-n-" + bucket);
            } catch (RuntimeException e) {
                // Google delivers it again after our 5xx: it must not look like a replay then
                channels.withdrawMessage(channel.channelId(), number, channel.lastMessageNumber());
                throw e;
            }
            sentInWindow.put(channel.connectionId(), bucket);
        }
        return Outcome.QUEUED;
    }

    private static Outcome ignored(Notification n, String why) {
        String channel = n.channelId() == null ? "-" : n.channelId().length() > MAX_CHANNEL_ID
                ? n.channelId().substring(0, MAX_CHANNEL_ID) + "..." : n.channelId();
        LOG.infof("notification for channel %s ignored: %s", channel, why);
        return Outcome.IGNORED;
    }
}
