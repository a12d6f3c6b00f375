package dev.drivelink.core.sync.project;

import java.util.List;
import java.util.Optional;

/** Port: project memberships. Written only through the host app's admin route. */
public interface MembershipRepository {

    Optional<ProjectMembership> find(String projectId, String userId);

    /** Stores the membership unless it exists; true when it was new. */
    boolean grantIfAbsent(ProjectMembership membership);

    /** Removes it; true when it existed. */
    boolean revoke(String projectId, String userId);

    /** The user's projects, ordered by project id. */
    List<ProjectMembership> projectsOf(String userId);

    /** The project's members (who may sync it), ordered by user id. */
    List<ProjectMembership> membersOf(String projectId);
}
