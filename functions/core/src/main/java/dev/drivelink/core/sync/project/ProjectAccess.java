package dev.drivelink.core.sync.project;

import dev.drivelink.core.error.DomainException;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Who may sync which project. The host app's backend grants and removes memberships (admin route);
 * every project route asks {@link #requireMember} first, and a project the user is not a member of
 * answers 404 exactly like one that does not exist.
 */
public final class ProjectAccess {

    private static final Logger LOG = Logger.getLogger(ProjectAccess.class);

    /** What {@link #grant} did. */
    public record Grant(ProjectMembership membership, boolean created) {
    }

    private final MembershipRepository memberships;
    private final MembershipObserver observer;
    private final Clock clock;

    public ProjectAccess(MembershipRepository memberships, MembershipObserver observer, Clock clock) {
        this.memberships = memberships;
        this.observer = observer;
        this.clock = clock;
    }

    /** The membership; 400 for a malformed project id, 404 when the user is not a member. */
    public ProjectMembership requireMember(String userId, String projectId) {
        ProjectIds.requireProject(projectId);
        return memberships.find(projectId, userId)
                .orElseThrow(() -> DomainException.notFound("project", projectId));
    }

    public boolean isMember(String userId, String projectId) {
        return ProjectIds.isValid(projectId) && memberships.find(projectId, userId).isPresent();
    }

    /** Admin: {@code userId} may sync {@code projectId}. Idempotent. */
    public Grant grant(String projectId, String userId) {
        ProjectIds.requireProject(projectId);
        ProjectIds.requireUser(userId);
        ProjectMembership wanted = new ProjectMembership(projectId, userId, clock.instant());
        if (memberships.find(projectId, userId).isEmpty()) {
            Runnable after = observing(userId);
            if (memberships.grantIfAbsent(wanted)) {
                LOG.infof("project %s: member %s added", projectId, userId);
                runQuietly(after);
                return new Grant(wanted, true);
            }
        }
        return new Grant(memberships.find(projectId, userId).orElse(wanted), false);
    }

    /**
     * Admin: {@code userId} may no longer sync {@code projectId}. Idempotent. The user's settings,
     * file mappings and conflicts for the project stay (a later grant picks up where it stopped);
     * the sync worker skips projects whose member is gone.
     */
    public boolean remove(String projectId, String userId) {
        ProjectIds.requireProject(projectId);
        ProjectIds.requireUser(userId);
        if (memberships.find(projectId, userId).isEmpty()) {
            return false;
        }
        Runnable after = observing(userId);
        boolean existed = memberships.revoke(projectId, userId);
        if (existed) {
            LOG.infof("project %s: member %s removed", projectId, userId);
            runQuietly(after);
        }
        return existed;
    }

    private Runnable observing(String userId) {
        try {
            return observer.changing(userId);
        } catch (RuntimeException e) {
            LOG.warnf("user %s: membership observer failed: %s", userId, e.toString());
            return () -> { };
        }
    }

    private static void runQuietly(Runnable after) {
        try {
            after.run();
        } catch (RuntimeException e) {
            LOG.warnf("membership observer failed after the change: %s", e.toString());
        }
    }

    public List<ProjectMembership> projectsOf(String userId) {
        return memberships.projectsOf(userId);
    }

    /** Who may sync the project (the app-changes intake asks for their syncs). */
    public List<ProjectMembership> membersOf(String projectId) {
        return memberships.membersOf(projectId);
    }
}
