package dev.drivelink.core.sync.settings;

/**
 * The hook change detection implements: a connection's need for push notifications changed.
 * {@code realtime} is true when at least one project the connection syncs (enabled, the user still a
 * member) has {@code syncFrequency = realtime}: create the connection's watch channel if it has none.
 * False: stop it (hourly and daily syncs poll). Called after the settings are saved, only when the
 * answer changed; implementations must be idempotent and may be called again for the same answer
 * (the channel renewal sweep can ask {@link SettingsService#realtimeWanted} to reconcile). A failure
 * is logged, never undoes the settings.
 */
@FunctionalInterface
public interface RealtimeWatchHook {

    void realtimeChanged(String connectionId, boolean realtime);

    RealtimeWatchHook NONE = (connectionId, realtime) -> { };
}
