package dev.drivelink.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.error.DomainException;
import org.jboss.logging.Logger;

/** The HTTP side of uploads: a signed-in user enqueues an upload into their own connection and follows it. */
public final class UploadIntake {

    private static final Logger LOG = Logger.getLogger(UploadIntake.class);

    private final ConnectionQueries connections;
    private final UploadJobs jobs;
    private final UploadQueue queue;
    private final SourcePolicy sources;

    public UploadIntake(ConnectionQueries connections, UploadJobs jobs, UploadQueue queue, SourcePolicy sources) {
        this.connections = connections;
        this.jobs = jobs;
        this.queue = queue;
        this.sources = sources;
    }

    public UploadView submit(String userId, JsonNode body) {
        UploadRequest request;
        try {
            request = UploadMessages.fromJson(body, false);
        } catch (UploadMessages.InvalidUploadRequest e) {
            throw DomainException.invalid("invalid-upload-request", e.getMessage());
        }
        if (request.uploadId() != null) {
            throw DomainException.invalid("invalid-upload-request", "\"uploadId\" is chosen by drivelink, not by the caller");
        }
        DriveConnection connection = connections.owned(userId, request.connectionId());
        sources.requireAllowed(SourcePolicy.Origin.API, userId, request.source());
        if (connection.status() == ConnectionStatus.REVOKED) {
            throw DomainException.conflict("connection-revoked", "connection " + connection.id()
                    + " is revoked; the user must connect Google Drive again");
        }
        if (connection.rootFolder() != null && !connection.rootFolder().usable()) {
            throw DomainException.conflict("root-folder-unavailable",
                    connection.rootFolder().state().uploadRefusal().orElseThrow());
        }
        String id = UploadJobs.jobId(request, null);
        boolean created = jobs.create(id, userId, SourcePolicy.Origin.API, request);
        UploadJob job = jobs.current(id);
        if (!job.userId().equals(userId)) {
            throw DomainException.notFound("upload", id);
        }
        // a job still QUEUED when its idempotency key comes again may never have reached the queue: send it
        // (again); the worker takes one delivery per job and skips finished ones, so a duplicate costs nothing
        if (created || job.status() == UploadStatus.QUEUED) {
            try {
                queue.enqueue(request.withUploadId(id));
            } catch (UploadQueue.QueueUnavailable e) {
                LOG.errorf(e, "upload %s (connection %s) could not be queued", id, connection.id());
                if (request.idempotencyKey() == null) {
                    // nothing can bring this job back: say so on it instead of leaving it QUEUED
                    jobs.fail(id, "the upload could not be queued; send the request again");
                }
                throw DomainException.unavailable("queue-unavailable", "the upload could not be queued; send the same "
                        + "request again" + (request.idempotencyKey() == null ? "" : " (same idempotencyKey)"));
            }
        }
        return job.view();
    }

    public UploadView view(String userId, String uploadId) {
        if (!UploadJobs.looksLikeJobId(uploadId)) {
            throw DomainException.notFound("upload", String.valueOf(uploadId));
        }
        return jobs.find(uploadId).filter(job -> job.userId().equals(userId))
                .orElseThrow(() -> DomainException.notFound("upload", uploadId))
                .view();
    }
}
