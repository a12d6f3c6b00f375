package dev.drivelink.core.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One SQS batch of upload requests. Each message on its own: done, failed for good (recorded on
 * the job) and unusable messages are acknowledged — the unusable ones after being put on the
 * dead-letter queue with their reason; passing failures are reported back so SQS delivers them
 * again. Nothing sits forever and nothing ends silently: on the queue's last delivery
 * ({@code maxReceiveCount}) a message that still fails is given up on here — its job FAILED with the
 * last reason and the failure event published, the message dead-lettered with that reason — and any
 * unexpected failure (a bug, a store that refuses a write) fails that message only, logged with its
 * upload id. A message is not started when the invocation is about to end.
 */
public final class UploadBatch {

    private static final Logger LOG = Logger.getLogger(UploadBatch.class);
    /** Below this much time left, a message is not even looked at: it comes back on the next delivery. */
    static final Duration MIN_TIME_TO_START = Duration.ofSeconds(5);

    public record Message(String id, String body, int receiveCount) {
    }

    private final UploadService uploads;
    private final UploadQueue queue;
    private final int maxReceiveCount;
    private final Clock clock;

    public UploadBatch(UploadService uploads, UploadQueue queue, int maxReceiveCount, Clock clock) {
        this.uploads = uploads;
        this.queue = queue;
        this.maxReceiveCount = maxReceiveCount;
        this.clock = clock;
    }

    /** @return ids of the messages to deliver again */
    public List<String> process(List<Message> messages, Instant deadline) {
        List<String> retry = new ArrayList<>();
        for (Message message : messages) {
            if (!clock.instant().plus(MIN_TIME_TO_START).isBefore(deadline)) {
                LOG.infof("upload message %s not started: the invocation is about to end", message.id());
                retry.add(message.id());
                continue;
            }
            if (!handle(message, deadline)) {
                retry.add(message.id());
            }
        }
        return retry;
    }

    private boolean handle(Message message, Instant deadline) {
        UploadRequest request;
        try {
            request = UploadMessages.parse(message.body());
        } catch (UploadMessages.InvalidUploadRequest e) {
            LOG.warnf("upload message %s is unusable: %s", message.id(), e.getMessage());
            return deadLetter(message, "invalid upload request: " + e.getMessage());
        }
        String jobId = UploadJobs.jobId(request, message.id());
        String reason;
        try {
            UploadService.Result result = uploads.process(request, message.id(), deadline);
            switch (result.outcome()) {
                case DEAD_LETTER -> {
                    return deadLetter(message, result.reason());
                }
                case CONTINUE -> {
                    queue.enqueue(request.withUploadId(result.uploadId()));
                    return true;
                }
                case RETRY -> reason = result.reason();
                default -> {
                    return true;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            LOG.errorf(e, "upload %s (message %s, delivery %d of %d) failed unexpectedly", jobId, message.id(),
                    message.receiveCount(), maxReceiveCount);
            reason = "unexpected failure: " + e;
        }
        if (message.receiveCount() < maxReceiveCount) {
            return false;
        }
        return giveUp(message, jobId, "gave up after " + message.receiveCount() + " deliveries; last: " + reason);
    }

    private boolean giveUp(Message message, String jobId, String reason) {
        LOG.warnf("upload %s (message %s): %s", jobId, message.id(), reason);
        try {
            uploads.giveUp(jobId, reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "upload %s: could not record the failure on the job", jobId);
        }
        return deadLetter(message, reason);
    }

    /** Puts the message on the dead-letter queue with its reason; if that fails, SQS delivers it again. */
    private boolean deadLetter(Message message, String reason) {
        try {
            queue.deadLetter(message.body(), reason, message.id());
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "upload message %s could not be dead-lettered (%s); it will be delivered again", message.id(), reason);
            return false;
        }
    }
}
