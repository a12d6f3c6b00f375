package dev.drivelink.core.sync.settings;

import java.time.Instant;

/** A connection's global settings as stored; {@code version} 0 means "never saved". */
public record GlobalSettings(String connectionId, String userId, SyncPreferences values, Instant updatedAt,
                             long version) {

    public static GlobalSettings none(String connectionId, String userId) {
        return new GlobalSettings(connectionId, userId, SyncPreferences.NONE, null, 0);
    }

    public GlobalSettings next(SyncPreferences newValues, Instant now) {
        return new GlobalSettings(connectionId, userId, newValues, now, version + 1);
    }
}
