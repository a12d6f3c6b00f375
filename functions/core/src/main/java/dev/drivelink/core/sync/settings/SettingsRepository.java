package dev.drivelink.core.sync.settings;

import java.util.List;
import java.util.Optional;

/** Port: stored settings (global per connection; per user and project). */
public interface SettingsRepository {

    Optional<GlobalSettings> findGlobal(String connectionId);

    /** Writes {@code next} if the stored version is {@code expectedVersion} (0: none stored yet). */
    void saveGlobal(GlobalSettings next, long expectedVersion);

    Optional<ProjectSettings> findProject(String userId, String projectId);

    /** Writes {@code next} if the stored version is {@code expectedVersion} (0: none stored yet). */
    void saveProject(ProjectSettings next, long expectedVersion);

    /** Every project override the user has stored. */
    List<ProjectSettings> projectsOf(String userId);

    /** Someone else wrote in between. */
    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String what) {
            super(what + " changed meanwhile");
        }
    }
}
