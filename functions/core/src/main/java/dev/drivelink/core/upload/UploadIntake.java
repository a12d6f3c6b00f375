package dev.drivelink.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.error.DomainException;

/** The HTTP side of uploads: a signed-in user enqueues an upload into their own connection and follows it. */
public final class UploadIntake {

    private final ConnectionQueries connections;
    private final UploadJobs jobs;
    private final UploadQueue queue;

    public UploadIntake(ConnectionQueries connections, UploadJobs jobs, UploadQueue queue) {
        this.connections = connections;
        this.jobs = jobs;
        this.queue = queue;
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
        if (connection.status() == ConnectionStatus.REVOKED) {
            throw DomainException.conflict("connection-revoked", "connection " + connection.id()
                    + " is revoked; the user must connect Google Drive again");
        }
        if (connection.rootFolder() != null && !connection.rootFolder().usable()) {
            throw DomainException.conflict("root-folder-unavailable",
                    connection.rootFolder().state().uploadRefusal().orElseThrow());
        }
        String id = UploadJobs.jobId(request, null);
        boolean created = jobs.create(id, userId, request);
        if (created) {
            queue.enqueue(request.withUploadId(id));
        }
        return view(userId, id);
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
