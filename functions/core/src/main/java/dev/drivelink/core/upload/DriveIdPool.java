package dev.drivelink.core.upload;

import java.util.List;
import java.util.Optional;

/**
 * Port: ids from files.generateIds kept per connection, so most uploads take a ready id instead of
 * asking Drive for one (one Drive request for a small file, not two).
 */
public interface DriveIdPool {

    /** Takes one id, if any are left. Atomic across Lambdas. */
    Optional<String> take(String connectionId);

    void add(String connectionId, List<String> ids);
}
