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
 *
 * <p>Once an instance has queued the window's request for a connection, the rest of that window's
 * notifications for the same channel can add no work: they are checked against what the store
 * accepted in this window (the token's hash in constant time, the resource, the expiration, and a
 * message number above the last one this instance took) and answered without any AWS call. The stored
 * {@code lastMessageNumber} then holds the first number of each window rather than the last; a number
 * replayed in a later window can at most wake one more changes run, which lists nothing new.
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

    /** A channel the store accepted in a window whose request this instance sent. */
    private record Verified(String tokenHash, String resourceId, String connectionId, Instant expiration,
                            long bucket, long lastNumber) {
    }

    /** Per channel, what the store accepted last in the current window (bounded). */
    private final Map<String, Verified> verified = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
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
        Instant now = clock.instant();
        long bucket = now.toEpochMilli() / window.toMillis();
        Outcome coalesced = withinSentWindow(n, number, bucket, now);
        if (coalesced != null) {
            return coalesced;
        }
        String presentedHash = ChannelSecrets.hash(n.token() == null ? "" : n.token());
        Optional<WatchChannel> accepted = channels.acceptNotification(n.channelId(), presentedHash, n.resourceId(), number, now);
        if (accepted.isEmpty() || !ChannelSecrets.matches(n.token(), accepted.get().tokenHash())) {
            return ignored(n, "unknown channel, wrong token or resource, not active, expired, or a replayed number");
        }
        WatchChannel channel = accepted.get();
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
        verified.put(channel.channelId(), new Verified(channel.tokenHash(), channel.resourceId(), channel.connectionId(),
                channel.expiration(), bucket, number));
        return Outcome.QUEUED;
    }

    /**
     * The outcome for a notification of a channel the store accepted in this window, whose request this
     * instance already sent; null when the store must be asked (first of the window, another token or
     * resource, expired).
     */
    private Outcome withinSentWindow(Notification n, long number, long bucket, Instant now) {
        Verified known = verified.get(n.channelId());
        if (known == null || known.bucket() != bucket
                || !Long.valueOf(bucket).equals(sentInWindow.get(known.connectionId()))
                || !known.expiration().isAfter(now) || !known.resourceId().equals(n.resourceId())
                || !ChannelSecrets.matches(n.token(), known.tokenHash())) {
            return null;
        }
        boolean fresh;
        synchronized (verified) {
            Verified current = verified.get(n.channelId());
            fresh = current != null && current.bucket() == bucket && number > current.lastNumber();
            if (fresh) {
                verified.put(n.channelId(), new Verified(current.tokenHash(), current.resourceId(),
                        current.connectionId(), current.expiration(), bucket, number));
            }
        }
        return fresh ? Outcome.QUEUED : ignored(n, "a replayed number");
    }

    private static Outcome ignored(Notification n, String why) {
        String channel = n.channelId() == null ? "-" : n.channelId().length() > MAX_CHANNEL_ID
                ? n.channelId().substring(0, MAX_CHANNEL_ID) + "..." : n.channelId();
        LOG.infof("notification for channel %s ignored: %s", channel, why);
        return Outcome.IGNORED;
    }
}
