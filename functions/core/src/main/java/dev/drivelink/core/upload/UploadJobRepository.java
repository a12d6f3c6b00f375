package dev.drivelink.core.upload;

import java.time.Instant;
import java.util.Optional;

/** Port: upload jobs. */
public interface UploadJobRepository {

    Optional<UploadJob> find(String id);

    /** Stores a new job; false if one with this id exists already. */
    boolean createIfAbsent(UploadJob job);

    /** Writes the job if the stored one is still at {@code expectedVersion}. @throws StaleJobException otherwise */
    void save(UploadJob job, long expectedVersion);

    /** Takes the job's work lease (one worker at a time) if free or expired. */
    boolean tryLease(String id, long expectedVersion, Instant now, Instant until);

    final class StaleJobException extends RuntimeException {
        public StaleJobException(String id) {
            super("upload " + id + " was changed by someone else");
        }
    }
}
