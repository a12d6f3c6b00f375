package dev.drivelink.core.drive;

import java.time.Instant;

/** Push notifications: {@code changes.watch} opens a channel, {@code channels.stop} closes it. */
public interface DriveChannels {

    /** What to watch: the changes after {@code pageToken}, delivered to {@code address} with {@code token}. */
    record WatchRequest(String channelId, String address, String token, String pageToken, Instant expiration) {
        @Override
        public String toString() {
            return "WatchRequest[channelId=" + channelId + ", address=" + address + ", token=<redacted>, pageToken="
                    + pageToken + ", expiration=" + expiration + "]";
        }
    }

    /** The channel as Drive opened it: its resource id and the expiration Drive granted. */
    record Channel(String channelId, String resourceId, Instant expiration) {
    }

    Channel watchChanges(WatchRequest request);

    /** Stops a channel; one Drive no longer knows counts as stopped. */
    void stop(String channelId, String resourceId);
}
