package dev.drivelink.core.upload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One SQS batch of upload requests. Each message on its own: done, failed for good (recorded on
 * the job) and unusable messages are acknowledged — the unusable ones after being put on the
 * dead-letter queue with their reason; passing failures are reported back so SQS delivers them
 * again (and, after maxReceiveCount, moves them to the dead-letter queue itself).
 */
public final class UploadBatch {

    private static final Logger LOG = Logger.getLogger(UploadBatch.class);

    public record Message(String id, String body, int receiveCount) {
    }

    private final UploadService uploads;
    private final UploadQueue queue;

    public UploadBatch(UploadService uploads, UploadQueue queue) {
        this.uploads = uploads;
        this.queue = queue;
    }

    /** @return ids of the messages to deliver again */
    public List<String> process(List<Message> messages, Instant deadline) {
        List<String> retry = new ArrayList<>();
        for (Message message : messages) {
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
            queue.deadLetter(message.body(), "invalid upload request: " + e.getMessage(), message.id());
            return true;
        }
        try {
            UploadService.Result result = uploads.process(request, message.id(), deadline);
            switch (result.outcome()) {
                case DEAD_LETTER -> {
                    queue.deadLetter(message.body(), result.reason(), message.id());
                    return true;
                }
                case CONTINUE -> {
                    queue.enqueue(request.withUploadId(result.uploadId()));
                    return true;
                }
                case RETRY -> {
                    return false;
                }
                default -> {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "upload message %s failed unexpectedly; it will be delivered again", message.id());
            return false;
        }
    }
}
