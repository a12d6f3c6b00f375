package dev.drivelink.emulator;

import java.time.Instant;
import java.util.List;

/**
 * One push notification the emulator sent (or tried to send) to a watch channel's address.
 *
 * @param channelId     the channel id given to changes.watch
 * @param resourceState {@code sync} or {@code change}
 * @param messageNumber X-Goog-Message-Number
 * @param address       where it was POSTed
 * @param attempts      every delivery attempt with its answer
 * @param delivered     whether an attempt got a 2xx answer
 * @param dropped       whether it was dropped because notifications were switched off (no more attempts)
 */
public record NotificationRecord(String channelId, String resourceState, long messageNumber, String address,
                                 List<Attempt> attempts, boolean delivered, boolean dropped) {

    /**
     * @param at     when (wall clock)
     * @param status HTTP status of the answer, or 0 when the connection failed
     * @param error  the failure, if any
     */
    public record Attempt(Instant at, int status, String error) {
    }
}
