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
        String id = UploadJobs.jobId(request, null);
        boolean created = jobs.create(id, userId, SourcePolicy.Origin.API, request);
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
