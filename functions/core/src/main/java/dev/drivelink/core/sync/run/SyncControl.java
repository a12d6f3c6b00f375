package dev.drivelink.core.sync.run;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * What a user sees and does around the sync engine: the sync status of a project, resuming a project
 * the mass-delete guard paused, and asking for syncs (the sync queue).
 */
public final class SyncControl {

    private static final Logger LOG = Logger.getLogger(SyncControl.class);

    private final SettingsService settings;
    private final SyncStatuses statuses;
    private final SyncQueue queue;
    private final ActivityLog activity;
    private final Clock clock;

    public SyncControl(SettingsService settings, SyncStatuses statuses, SyncQueue queue, ActivityLog activity,
                       Clock clock) {
        this.settings = settings;
        this.statuses = statuses;
        this.queue = queue;
        this.activity = activity;
        this.clock = clock;
    }

    /** The status of the user's sync of the project on its effective connection (404 for non-members). */
    public SyncStatusView status(String userId, String projectId) {
        EffectiveSettings e = settings.effectiveSettings(userId, projectId);
        return SyncStatusView.of(projectId, e.connectionId() == null ? null
                : statuses.current(userId, e.connectionId(), projectId));
    }

    /**
     * The user confirms the deletes of the run the guard stopped: the project goes back to IDLE with an
     * approval the worker uses once, and a sync is enqueued. 400 {@code confirmation-required} without
     * {@code confirm: true}; 409 {@code not-paused}; 409 {@code no-connection}.
     */
    public SyncStatusView resume(String userId, String projectId, boolean confirm) {
        EffectiveSettings e = settings.effectiveSettings(userId, projectId);
        if (!confirm) {
            throw DomainException.invalid("confirmation-required", "resuming applies the paused run's deletes: send "
                    + "{\"confirm\":true} to go ahead");
        }
        if (e.connectionId() == null) {
            throw DomainException.conflict("no-connection", "project " + projectId + " has no Drive connection");
        }
        SyncStatus before = statuses.current(userId, e.connectionId(), projectId);
        SyncStatus resumed = statuses.resumed(userId, e.connectionId(), projectId);
        try {
            request(userId, e.connectionId(), projectId, SyncReason.RESUME, null);
        } catch (RuntimeException failure) {
            statuses.restore(before);
            throw failure;
        }
        activity.record(ActivityRecord.builder(userId, ActivityAction.SYNC_RESUMED, ActivityOutcome.SUCCESS,
                        clock.instant()).project(projectId).connection(e.connectionId())
                .detail("approvedDeletes", resumed.approval().deletes()).build());
        LOG.infof("project %s on connection %s resumed by its user", projectId, e.connectionId());
        return SyncStatusView.of(projectId, resumed);
    }

    /**
     * Puts a sync request on the sync queue.
     *
     * @throws DomainException UNAVAILABLE {@code sync-queue-unavailable} when the queue cannot be reached
     */
    public SyncRequest request(String userId, String connectionId, String projectId, SyncReason reason,
                               String conflictId) {
        SyncRequest request = SyncRequest.of(connectionId, userId, projectId, reason, conflictId, clock.instant());
        try {
            queue.enqueue(request);
        } catch (RuntimeException e) {
            LOG.errorf("connection %s: a sync request (%s) could not be enqueued: %s", connectionId, reason.wire(),
                    e.toString());
            throw DomainException.unavailable("sync-queue-unavailable", "the sync could not be scheduled; try again");
        }
        return request;
    }

    /** After a project's settings changed: a sync, when the project can sync (best effort). */
    public void settingsChanged(EffectiveSettings e) {
        if (e.active()) {
            request(e.userId(), e.connectionId(), e.projectId(), SyncReason.SETTINGS_CHANGED, null);
        }
    }
}
