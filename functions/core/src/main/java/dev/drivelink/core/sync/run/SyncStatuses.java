package dev.drivelink.core.sync.run;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.run.SyncStatus.DeleteApproval;
import dev.drivelink.core.sync.run.SyncStatus.MassDeletePause;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The sync state of each project on each connection, as the sync worker moves it: {@link #started},
 * then {@link #succeeded}, {@link #paused} (the mass-delete guard; publishes {@code Drive Sync Paused})
 * or {@link #failed}. Every change is a versioned write, retried on a concurrent one.
 */
public final class SyncStatuses {

    private static final Logger LOG = Logger.getLogger(SyncStatuses.class);
    private static final int MAX_ATTEMPTS = 5;
    public static final String SYNC_PAUSED_EVENT = "Drive Sync Paused";

    private final SyncStatusRepository repo;
    private final EventPublisher events;
    private final ActivityLog activity;
    private final Clock clock;

    public SyncStatuses(SyncStatusRepository repo, EventPublisher events, ActivityLog activity, Clock clock) {
        this.repo = repo;
        this.events = events;
        this.activity = activity;
        this.clock = clock;
    }

    /** The status as stored, or IDLE with nothing recorded. */
    public SyncStatus current(String userId, String connectionId, String projectId) {
        return repo.find(connectionId, projectId).orElse(SyncStatus.idle(connectionId, projectId, userId));
    }

    /**
     * A run begins: SYNCING, {@code lastRunAt} now. A PAUSED project stays PAUSED (the answer says so):
     * the worker must then run nothing unless the status carries an {@link DeleteApproval}.
     */
    public SyncStatus started(String userId, String connectionId, String projectId) {
        return update(userId, connectionId, projectId, s -> s.state() == SyncState.PAUSED ? null
                : s.with(SyncState.SYNCING, s.lastSuccessAt(), now(), s.pending(), null, s.approval(), s.lastError(), now()));
    }

    /** The run applied its plan: IDLE, {@code lastSuccessAt} now, what is left; a used approval is cleared. */
    public SyncStatus succeeded(String userId, String connectionId, String projectId, PendingCounts pending) {
        return update(userId, connectionId, projectId, s -> s.with(SyncState.IDLE, now(), s.lastRunAt(), pending, null,
                null, null, now()));
    }

    /**
     * The mass-delete guard stopped the run (it would delete {@code deletes} of {@code mappedFiles}):
     * PAUSED until the user resumes; publishes {@value #SYNC_PAUSED_EVENT} and an activity record.
     */
    public SyncStatus paused(String userId, String connectionId, String projectId, int deletes, int mappedFiles,
                             PendingCounts pending) {
        Instant at = now();
        SyncStatus saved = update(userId, connectionId, projectId, s -> s.with(SyncState.PAUSED, s.lastSuccessAt(),
                s.lastRunAt(), pending, new MassDeletePause(deletes, mappedFiles, at), null, null, at));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("projectId", projectId);
        detail.put("connectionId", connectionId);
        detail.put("userId", userId);
        detail.put("deletes", deletes);
        detail.put("mappedFiles", mappedFiles);
        detail.put("at", at.toString());
        events.publish(SYNC_PAUSED_EVENT, "project:" + projectId, detail);
        activity.record(ActivityRecord.builder(userId, ActivityAction.SYNC_PAUSED, ActivityOutcome.SKIPPED, at)
                .project(projectId).connection(connectionId).detail("deletes", deletes)
                .detail("mappedFiles", mappedFiles).build());
        LOG.warnf("project %s on connection %s paused: the run would delete %d of %d files", projectId, connectionId,
                deletes, mappedFiles);
        return saved;
    }

    /** The run failed: ERROR with the reason; the next run tries again (an approval stays). */
    public SyncStatus failed(String userId, String connectionId, String projectId, String error) {
        return update(userId, connectionId, projectId, s -> s.with(s.state() == SyncState.PAUSED ? SyncState.PAUSED
                : SyncState.ERROR, s.lastSuccessAt(), s.lastRunAt(), s.pending(), s.pause(), s.approval(), error, now()));
    }

    /** The user confirmed the paused run: IDLE with an approval of its deletes. */
    SyncStatus resumed(String userId, String connectionId, String projectId) {
        return update(userId, connectionId, projectId, s -> {
            if (s.state() != SyncState.PAUSED || s.pause() == null) {
                throw DomainException.conflict("not-paused", "the sync of project " + projectId + " is not paused");
            }
            return s.with(SyncState.IDLE, s.lastSuccessAt(), s.lastRunAt(), s.pending(), null,
                    new DeleteApproval(s.pause().deletes(), now()), null, now());
        });
    }

    /** Puts a status back as it was (undoing a change whose follow-up failed). */
    void restore(SyncStatus previous) {
        update(previous.userId(), previous.connectionId(), previous.projectId(), s -> s.with(previous.state(),
                previous.lastSuccessAt(), previous.lastRunAt(), previous.pending(), previous.pause(), previous.approval(),
                previous.lastError(), now()));
    }

    /** Applies {@code change} to the current status (null from it: leave as is), retrying on concurrent writes. */
    private SyncStatus update(String userId, String connectionId, String projectId, UnaryOperator<SyncStatus> change) {
        for (int attempt = 1; ; attempt++) {
            SyncStatus current = current(userId, connectionId, projectId);
            SyncStatus next = change.apply(current);
            if (next == null) {
                return current;
            }
            try {
                repo.save(next, current.version());
                return next;
            } catch (SyncStatusRepository.ConcurrentUpdateException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw DomainException.conflict("concurrent-update", "the sync status of project " + projectId
                            + " is changing; try again");
                }
            }
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
