package dev.drivelink.core.sync.intake;

import dev.drivelink.core.sync.run.SyncRequest;
import java.time.Instant;

/** What executes one sync request (the sync engine). */
@FunctionalInterface
public interface SyncRunner {

    /**
     * @param deadline when the invocation ends: no side action starts past it (what is left fails, for the
     *                 next delivery)
     * @return true when the request is done (synced, skipped or paused); false when some of it failed
     *         and the request should be delivered again
     * @throws dev.drivelink.core.error.DomainException the request cannot be served (dead-lettered),
     *         unless its kind is UNAVAILABLE (delivered again)
     */
    boolean run(SyncRequest request, Instant deadline);
}
