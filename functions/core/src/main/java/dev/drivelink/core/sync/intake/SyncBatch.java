package dev.drivelink.core.sync.intake;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One batch of the FIFO sync queue (message group = connection), in order:
 *
 * <ul>
 *   <li>an unusable message (not a version-1 sync request) goes to the dead-letter queue with its reason;</li>
 *   <li>a request the engine cannot serve (a {@link DomainException} other than UNAVAILABLE: unknown or
 *       revoked connection, a project the user may not sync) goes there with the engine's reason;</li>
 *   <li>a request that failed for a passing reason is delivered again, and on the queue's last delivery
 *       ({@code maxReceiveCount}) dead-lettered with the last reason, so nothing fails silently;</li>
 *   <li>bursts coalesce: a request whose (connection, project) a run earlier in this batch already
 *       covered is acknowledged without a second run (that run started after the request was sent, so
 *       it saw the change), unless it carries an intent of its own (a resolved conflict, a resume, an
 *       import);</li>
 *   <li>as SQS wants for FIFO queues, the first request that must be retried stops the batch: it and
 *       every message after it are reported as failures, so a connection's requests keep their order;
 *       so does an invocation about to time out.</li>
 * </ul>
 */
public final class SyncBatch {

    private static final Logger LOG = Logger.getLogger(SyncBatch.class);
    /** Below this much time left a request is not started: it comes back on the next delivery. */
    static final Duration MIN_TIME_TO_START = Duration.ofSeconds(30);
    private static final Set<SyncReason> COALESCING = EnumSet.of(SyncReason.APP_CHANGES, SyncReason.DRIVE_CHANGES,
            SyncReason.SCHEDULE, SyncReason.SETTINGS_CHANGED, SyncReason.MANUAL);

    /** What one batch did. */
    public record Result(List<String> retry, int ran, int coalesced, int deadLettered) {
    }

    private final SyncRunner runner;
    private final DeadLetters deadLetters;
    private final int maxReceiveCount;
    private final Clock clock;

    public SyncBatch(SyncRunner runner, DeadLetters deadLetters, int maxReceiveCount, Clock clock) {
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.maxReceiveCount = maxReceiveCount;
        this.clock = clock;
    }

    public Result process(List<QueueMessage> messages, Instant deadline) {
        List<SyncRequest> ranThisBatch = new ArrayList<>();
        int ran = 0;
        int coalesced = 0;
        int deadLettered = 0;
        for (int i = 0; i < messages.size(); i++) {
            QueueMessage message = messages.get(i);
            if (!clock.instant().plus(MIN_TIME_TO_START).isBefore(deadline)) {
                LOG.infof("sync message %s and %d after it not started: the invocation is about to end",
                        message.id(), messages.size() - i - 1);
                return new Result(idsFrom(messages, i), ran, coalesced, deadLettered);
            }
            Outcome outcome = handle(message, ranThisBatch, deadline);
            switch (outcome) {
                case RAN -> ran++;
                case COALESCED -> coalesced++;
                case DEAD_LETTERED -> deadLettered++;
                case RETRY -> {
                    return new Result(idsFrom(messages, i), ran, coalesced, deadLettered);
                }
            }
        }
        return new Result(List.of(), ran, coalesced, deadLettered);
    }

    private enum Outcome { RAN, COALESCED, DEAD_LETTERED, RETRY }

    private Outcome handle(QueueMessage message, List<SyncRequest> ranThisBatch, Instant deadline) {
        SyncRequest request;
        try {
            request = SyncRequests.parse(message.body());
        } catch (SyncRequests.InvalidSyncRequest e) {
            LOG.warnf("sync message %s is unusable: %s", message.id(), e.getMessage());
            return deadLetter(message, "invalid sync request: " + e.getMessage());
        }
        if (ranThisBatch.stream().anyMatch(earlier -> covers(earlier, request))) {
            LOG.infof("connection %s: sync request %s (%s) coalesced with a run of this batch", request.connectionId(),
                    request.requestId(), request.reason().wire());
            return Outcome.COALESCED;
        }
        String reason;
        try {
            if (runner.run(request, deadline)) {
                LOG.infof("connection %s: sync request %s (%s, project %s) done", request.connectionId(),
                        request.requestId(), request.reason().wire(), request.projectId());
                ranThisBatch.add(request);
                return Outcome.RAN;
            }
            reason = "some actions failed";
        } catch (DomainException e) {
            if (e.kind() != ErrorKind.UNAVAILABLE) {
                LOG.warnf("connection %s: sync request %s cannot be served: %s (%s)", request.connectionId(),
                        request.requestId(), e.getMessage(), e.code());
                return deadLetter(message, e.code() + ": " + e.getMessage());
            }
            reason = e.code() + ": " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            LOG.errorf(e, "connection %s: sync request %s (delivery %d of %d) failed", request.connectionId(),
                    request.requestId(), message.receiveCount(), maxReceiveCount);
            reason = "unexpected failure: " + e;
        }
        if (message.receiveCount() < maxReceiveCount) {
            LOG.infof("connection %s: sync request %s will be delivered again (%s)", request.connectionId(),
                    request.requestId(), reason);
            return Outcome.RETRY;
        }
        return deadLetter(message, "gave up after " + message.receiveCount() + " deliveries; last: " + reason);
    }

    /** Whether a run of {@code earlier} (done after {@code later} was sent) makes {@code later} redundant. */
    static boolean covers(SyncRequest earlier, SyncRequest later) {
        return COALESCING.contains(earlier.reason()) && COALESCING.contains(later.reason())
                && earlier.connectionId().equals(later.connectionId())
                && earlier.userId().equals(later.userId())
                && (earlier.projectId() == null || Objects.equals(earlier.projectId(), later.projectId()));
    }

    private Outcome deadLetter(QueueMessage message, String reason) {
        try {
            deadLetters.deadLetter(message.body(), reason, message.id(), message.group());
            return Outcome.DEAD_LETTERED;
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync message %s could not be dead-lettered (%s); it will be delivered again", message.id(),
                    reason);
            return Outcome.RETRY;
        }
    }

    private static List<String> idsFrom(List<QueueMessage> messages, int from) {
        return messages.subList(from, messages.size()).stream().map(QueueMessage::id).toList();
    }
}
