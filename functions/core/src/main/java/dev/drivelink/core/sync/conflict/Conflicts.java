package dev.drivelink.core.sync.conflict;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.conflict.Conflict.ConflictView;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.run.SyncControl;
import dev.drivelink.core.sync.run.SyncReason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Manual conflicts: the worker records them ({@link #record}), the user lists and resolves them
 * (the routes), the worker applies the choice ({@link #awaitingApply}, {@link #applied}). A user sees
 * the conflicts of a project on every one of their connections.
 */
public final class Conflicts {

    private static final Logger LOG = Logger.getLogger(Conflicts.class);

    private final ProjectAccess access;
    private final ConnectionRepository connections;
    private final ConflictRepository conflicts;
    private final SyncControl sync;
    private final ActivityLog activity;
    private final Clock clock;

    public Conflicts(ProjectAccess access, ConnectionRepository connections, ConflictRepository conflicts,
                     SyncControl sync, ActivityLog activity, Clock clock) {
        this.access = access;
        this.connections = connections;
        this.conflicts = conflicts;
        this.sync = sync;
        this.activity = activity;
        this.clock = clock;
    }

    // ---- the user -----------------------------------------------------------------------------------

    /** The project's conflicts that are not resolved yet (open or awaiting the worker), oldest first. */
    public List<ConflictView> list(String userId, String projectId) {
        access.requireMember(userId, projectId);
        List<Conflict> all = new ArrayList<>();
        for (DriveConnection c : connections.findByUser(userId)) {
            all.addAll(conflicts.unresolved(c.id(), projectId));
        }
        return all.stream().filter(c -> c.userId().equals(userId))
                .sorted(Comparator.comparing(Conflict::detectedAt).thenComparing(Conflict::id))
                .map(Conflict::view).toList();
    }

    /**
     * Records the user's choice and asks for a sync of the project, which applies it. 400
     * {@code invalid-keep}; 404 for an unknown conflict (or someone else's); 409
     * {@code conflict-already-resolved} when a choice was made already.
     */
    public ConflictView resolve(String userId, String projectId, String conflictId, String keep) {
        access.requireMember(userId, projectId);
        Keep choice = Keep.fromWire(keep).orElseThrow(() -> DomainException.invalid("invalid-keep",
                "\"keep\" must be \"app\", \"drive\" or \"both\""));
        Conflict conflict = owned(userId, projectId, conflictId);
        if (conflict.state() != ConflictState.OPEN) {
            throw alreadyResolved(conflict);
        }
        Conflict chosen = conflict.chosen(choice, clock.instant());
        try {
            conflicts.save(chosen, conflict.version());
        } catch (ConflictRepository.ConcurrentUpdateException e) {
            throw alreadyResolved(conflict);
        }
        try {
            sync.request(userId, conflict.connectionId(), projectId, SyncReason.CONFLICT_RESOLVED, conflict.id());
        } catch (RuntimeException failure) {
            try {
                conflicts.save(chosen.reopened(), chosen.version());
            } catch (RuntimeException undo) {
                LOG.errorf("conflict %s: the choice is recorded but no sync was enqueued: %s", conflict.id(), undo);
            }
            throw failure;
        }
        activity.record(ActivityRecord.builder(userId, ActivityAction.CONFLICT_RESOLVED, ActivityOutcome.SUCCESS,
                        chosen.resolvedAt()).project(projectId).connection(conflict.connectionId()).path(conflict.path())
                .driveFileId(conflict.driveFileId()).detail("conflictId", conflict.id()).detail("keep", choice.wire())
                .build());
        LOG.infof("conflict %s (project %s): the user keeps %s", conflict.id(), projectId, choice.wire());
        return chosen.view();
    }

    private Conflict owned(String userId, String projectId, String conflictId) {
        if (!Conflict.looksValid(conflictId)) {
            throw DomainException.notFound("conflict", String.valueOf(conflictId));
        }
        for (DriveConnection c : connections.findByUser(userId)) {
            Optional<Conflict> found = conflicts.find(c.id(), projectId, conflictId).filter(x -> x.userId().equals(userId));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw DomainException.notFound("conflict", conflictId);
    }

    private static DomainException alreadyResolved(Conflict c) {
        return DomainException.conflict("conflict-already-resolved", "conflict " + c.id() + " was resolved already"
                + (c.keep() == null ? "" : " (keep " + c.keep().wire() + ")"));
    }

    // ---- the worker ---------------------------------------------------------------------------------

    /**
     * Records a manual conflict (and an activity record). The worker then sets the path's mapping to
     * {@code conflict} with this conflict's id and leaves the path alone until the user resolves it.
     */
    public Conflict record(String userId, String connectionId, String projectId, String path, String driveFileId,
                           ConflictSide app, ConflictSide drive) {
        Conflict conflict = Conflict.open(connectionId, projectId, userId, path, driveFileId, app, drive, clock.instant());
        conflicts.create(conflict);
        activity.record(ActivityRecord.builder(userId, ActivityAction.CONFLICT, ActivityOutcome.SUCCESS,
                        conflict.detectedAt()).project(projectId).connection(connectionId).path(path)
                .driveFileId(driveFileId).detail("conflictId", conflict.id()).build());
        return conflict;
    }

    public Optional<Conflict> find(String connectionId, String projectId, String conflictId) {
        return conflicts.find(connectionId, projectId, conflictId);
    }

    /** Conflicts of the project the user chose for, which the worker is to apply (RESOLVING). */
    public List<Conflict> awaitingApply(String connectionId, String projectId) {
        return conflicts.unresolved(connectionId, projectId).stream()
                .filter(c -> c.state() == ConflictState.RESOLVING).toList();
    }

    /** The worker applied the user's choice: RESOLVED (kept for the retention period, then expires). */
    public Conflict applied(Conflict conflict) {
        Conflict done = conflict.applied(clock.instant());
        conflicts.save(done, conflict.version());
        return done;
    }
}
