package dev.drivelink.core.changes;

import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The polling backstop (Google promises no delivery of push notifications): every connection whose
 * cursor is due (its last run is older than its frequency allows; a Query on the due index) gets a
 * sync request. One failing connection never stops the sweep.
 */
public final class ChangesBackstop {

    private static final Logger LOG = Logger.getLogger(ChangesBackstop.class);

    public record Result(int due, int enqueued, int failed) {
    }

    private final CursorStore cursors;
    private final ChangesQueue queue;

    public ChangesBackstop(CursorStore cursors, ChangesQueue queue) {
        this.cursors = cursors;
        this.queue = queue;
    }

    /** @param now the time of the schedule's firing */
    public Result run(Instant now) {
        int due = 0;
        int enqueued = 0;
        int failed = 0;
        long minute = now.getEpochSecond() / 60;
        for (String connectionId : cursors.dueBefore(now)) {
            due++;
            try {
                queue.send(ChangesRequest.changes(connectionId, ChangesRequest.BACKSTOP, null), connectionId + "-b-" + minute);
                enqueued++;
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("connection %s: backstop could not queue a sync: %s", connectionId, e.toString());
            }
        }
        Result result = new Result(due, enqueued, failed);
        LOG.infof("changes backstop: %s", result);
        return result;
    }
}
