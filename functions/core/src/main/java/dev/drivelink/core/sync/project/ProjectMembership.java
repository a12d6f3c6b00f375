package dev.drivelink.core.sync.project;

import java.time.Instant;

/** The host app's word that {@code userId} may sync {@code projectId}. */
public record ProjectMembership(String projectId, String userId, Instant grantedAt) {
}
