package dev.drivelink.core.changes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: where watch channels live (see DATA.md: one GetItem per notification, a Query for renewal). */
public interface ChannelStore {

    /** Creates or replaces the channel (a PENDING or ACTIVE one is in the expiry index). */
    void save(WatchChannel channel);

    /** Strongly consistent: a channel stored a moment ago is found. */
    Optional<WatchChannel> find(String channelId);

    /** The connection's channels, any state, oldest first. */
    List<WatchChannel> ofConnection(String connectionId);

    /** Ids of PENDING or ACTIVE channels expiring before {@code before}, soonest first. */
    List<String> expiringBefore(Instant before);

    /**
     * Accepts message {@code number} of a channel in one conditional write, if the channel exists, has
     * this token hash and resource id, is ACTIVE, expires after {@code now}, and {@code number} is
     * higher than every number accepted so far. Nothing is written otherwise (a replay, a forgery, a
     * stopped or expired channel): empty. Present: the channel as it was before (its previous number).
     */
    Optional<WatchChannel> acceptNotification(String channelId, String tokenHash, String resourceId, long number,
                                              Instant now);

    /**
     * Takes back an accepted message number (its work could not be queued), so Google's retry of the same
     * notification is accepted; nothing if a higher number was accepted meanwhile.
     */
    void withdrawMessage(String channelId, long number, long previous);

    /** Marks the channel STOPPED (out of the expiry index); nothing if it does not exist. */
    void markStopped(String channelId, Instant at);
}
