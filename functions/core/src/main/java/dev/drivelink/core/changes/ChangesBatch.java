package dev.drivelink.core.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One batch from the FIFO changes queue. Messages are taken per connection, in order: a connection's
 * requests in the batch make one run (a burst costs one read of the feed). When a connection's run
 * fails, all of its messages are reported back (FIFO semantics: nothing of a group is done out of
 * order) and come back after a short, growing delay instead of the queue's visibility timeout.
 * Unusable messages go to the dead-letter queue with their reason.
 */
public final class ChangesBatch {

    private static final Logger LOG = Logger.getLogger(ChangesBatch.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LAST_RETRY = Duration.ofMinutes(15);

    public record Message(String id, String body, String receiptHandle, int receiveCount) {
    }

    private record Parsed(Message message, ChangesRequest request) {
    }

    private final ChangeFeed feed;
    private final ChangesQueue queue;
    private final Clock clock;
    private final Duration coalesceWindow;

    public ChangesBatch(ChangeFeed feed, ChangesQueue queue, Clock clock, Duration coalesceWindow) {
        this.feed = feed;
        this.queue = queue;
        this.clock = clock;
        this.coalesceWindow = coalesceWindow;
    }

    /** @return ids of the messages to deliver again */
    public List<String> process(List<Message> messages, Instant deadline) {
        Map<String, List<Parsed>> byConnection = new LinkedHashMap<>();
        for (Message message : messages) {
            try {
                ChangesRequest request = ChangesMessages.parse(message.body());
                byConnection.computeIfAbsent(request.connectionId(), k -> new ArrayList<>()).add(new Parsed(message, request));
            } catch (ChangesMessages.InvalidChangesMessage e) {
                LOG.warnf("sync message %s is unusable: %s", message.id(), e.getMessage());
                queue.deadLetter(message.body(), "invalid sync message: " + e.getMessage(), message.id(), null);
            }
        }
        List<String> retry = new ArrayList<>();
        byConnection.forEach((connectionId, group) -> retry.addAll(processGroup(connectionId, group, deadline)));
        return retry;
    }

    /** A connection's requests in this batch make one run (a burst costs one read of the feed). */
    private List<String> processGroup(String connectionId, List<Parsed> group, Instant deadline) {
        boolean ok;
        try {
            ok = runChanges(connectionId, group, deadline);
        } catch (RuntimeException e) {
            LOG.errorf(e, "connection %s: sync messages failed unexpectedly; they will be delivered again", connectionId);
            ok = false;
        }
        if (ok) {
            return List.of();
        }
        List<String> failed = new ArrayList<>();
        for (Parsed p : group) {
            failed.add(p.message().id());
            retryLater(p.message());
        }
        return failed;
    }

    private boolean runChanges(String connectionId, List<Parsed> requests, Instant deadline) {
        waitForWindows(requests, deadline);
        String reason = requests.stream().map(p -> p.request().reason()).filter(r -> r != null)
                .reduce((a, b) -> b).orElse(ChangesRequest.NOTIFICATION);
        ChangeFeed.Result result = feed.run(connectionId, reason, deadline.minusSeconds(5));
        switch (result.outcome()) {
            case DONE, REVOKED -> {
                return true;
            }
            case MORE -> {
                queue.send(ChangesRequest.changes(connectionId, ChangesRequest.CONTINUATION, null),
                        connectionId + "-c-" + requests.get(requests.size() - 1).message().id());
                return true;
            }
            case DEAD_LETTER -> {
                LOG.warnf("connection %s: changes run cannot succeed: %s", connectionId, result.reason());
                for (Parsed p : requests) {
                    queue.deadLetter(p.message().body(), result.reason(), p.message().id(), connectionId);
                }
                return true;
            }
            default -> {
                LOG.warnf("connection %s: changes run failed, will retry: %s", connectionId, result.reason());
                return false;
            }
        }
    }

    /**
     * A notification's request runs only after its window closed: every notification its deduplication
     * id swallowed arrived before that, so their changes are in the feed this run reads.
     */
    private void waitForWindows(List<Parsed> requests, Instant deadline) {
        Instant notBefore = requests.stream().map(p -> p.request().notBefore()).filter(t -> t != null)
                .max(Instant::compareTo).orElse(null);
        if (notBefore == null) {
            return;
        }
        Instant latest = clock.instant().plus(coalesceWindow).plusMillis(250);
        Instant until = notBefore.plusMillis(50);
        if (until.isAfter(latest)) {
            until = latest;
        }
        if (until.isAfter(deadline)) {
            until = deadline;
        }
        long millis = until.toEpochMilli() - clock.instant().toEpochMilli();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void retryLater(Message message) {
        if (message.receiptHandle() == null) {
            return;
        }
        long factor = 1L << Math.min(Math.max(message.receiveCount() - 1, 0), 10);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        if (delay.compareTo(LAST_RETRY) > 0) {
            delay = LAST_RETRY;
        }
        try {
            queue.retryLater(message.receiptHandle(), delay);
        } catch (RuntimeException e) {
            LOG.warnf("sync message %s: could not shorten its retry delay (%s)", message.id(), e.toString());
        }
    }
}
