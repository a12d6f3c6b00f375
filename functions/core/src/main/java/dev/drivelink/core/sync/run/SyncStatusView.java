package dev.drivelink.core.sync.run;

import java.time.Instant;

/**
 * {@code GET /drive/projects/{projectId}/sync}: the sync state of the user's sync of the project on
 * its connection. {@code paused} is set while the mass-delete guard holds the project.
 */
public record SyncStatusView(String projectId, String connectionId, String state, Instant lastSuccessAt,
                             Instant lastRunAt, SyncStatus.PendingCounts pending, SyncStatus.MassDeletePause paused,
                             String lastError, Instant updatedAt) {

    static SyncStatusView of(String projectId, SyncStatus s) {
        if (s == null) {
            return new SyncStatusView(projectId, null, SyncState.IDLE.wire(), null, null,
                    SyncStatus.PendingCounts.NONE, null, null, null);
        }
        return new SyncStatusView(projectId, s.connectionId(), s.state().wire(), s.lastSuccessAt(), s.lastRunAt(),
                s.pending(), s.pause(), s.lastError(), s.updatedAt());
    }
}
