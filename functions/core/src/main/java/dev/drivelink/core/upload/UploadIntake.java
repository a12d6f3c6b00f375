package dev.drivelink.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.problem.Problem;
import java.util.UUID;

/** The HTTP side of uploads: a signed-in user enqueues an upload into their own connection and follows it. */
public final class UploadIntake {

    private final ConnectionQueries connections;
    private final UploadService uploads;
    private final UploadJobRepository jobs;
    private final UploadQueue queue;

    public UploadIntake(ConnectionQueries connections, UploadService uploads, UploadJobRepository jobs, UploadQueue queue) {
        this.connections = connections;
        this.uploads = uploads;
        this.jobs = jobs;
        this.queue = queue;
    }

    public UploadView submit(String userId, JsonNode body) {
        UploadRequest request;
        try {
            request = UploadMessages.fromJson(body, false);
        } catch (UploadMessages.InvalidUploadRequest e) {
            throw Problem.badRequest("invalid-upload-request", e.getMessage());
        }
        if (request.uploadId() != null) {
            throw Problem.badRequest("invalid-upload-request", "\"uploadId\" is chosen by drivelink, not by the caller");
        }
        DriveConnection connection = connections.owned(userId, request.connectionId());
        if (connection.status() == ConnectionStatus.REVOKED) {
            throw Problem.conflict("connection-revoked", "connection " + connection.id()
                    + " is revoked; the user must connect Google Drive again");
        }
        String id = request.idempotencyKey() != null ? UploadService.jobId(request, null)
                : "up_" + UUID.randomUUID().toString().replace("-", "");
        boolean created = uploads.createJob(id, userId, request);
        if (created) {
            queue.enqueue(request.withUploadId(id));
        }
        return view(userId, id);
    }

    public UploadView view(String userId, String uploadId) {
        if (uploadId == null || !uploadId.matches("up_[0-9a-f]{32}")) {
            throw Problem.notFound("upload", String.valueOf(uploadId));
        }
        return jobs.find(uploadId).filter(job -> job.userId().equals(userId))
                .orElseThrow(() -> Problem.notFound("upload", uploadId))
                .view();
    }
}
