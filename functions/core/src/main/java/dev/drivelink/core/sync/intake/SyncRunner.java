package dev.drivelink.core.sync.intake;

import dev.drivelink.core.sync.run.SyncRequest;

/** What executes one sync request (the sync engine). */
@FunctionalInterface
public interface SyncRunner {

    /**
     * @return true when the request is done (synced, skipped or paused); false when some of it failed
     *         and the request should be delivered again
     * @throws dev.drivelink.core.error.DomainException the request cannot be served (dead-lettered),
     *         unless its kind is UNAVAILABLE (delivered again)
     */
    boolean run(SyncRequest request);
}
