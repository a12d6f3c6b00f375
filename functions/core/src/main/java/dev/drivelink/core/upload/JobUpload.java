package dev.drivelink.core.upload;

import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.DriveUploads.NewFile;
import java.io.InputStream;
import java.time.Instant;

/**
 * An upload job's resumable transfer: a new Drive file from the job's source, its progress kept in the
 * job record (each save at the version the previous one wrote), so another invocation resumes it.
 */
final class JobUpload implements ResumableTransfer.Upload {

    private final UploadJobs jobs;
    private final NewFile file;
    private final SourceReader sources;
    private final Instant deadline;
    private UploadJob latest;

    JobUpload(UploadJobs jobs, UploadJob job, NewFile file, SourceReader sources, Instant deadline) {
        this.jobs = jobs;
        this.latest = job;
        this.file = file;
        this.sources = sources;
        this.deadline = deadline;
    }

    @Override
    public String describe() {
        return latest.request().source().describe();
    }

    @Override
    public InputStream open(long offset) {
        return sources.open(latest.request().source(), offset, deadline);
    }

    @Override
    public String startSession(DriveSession drive, Long total) {
        return drive.uploads().startResumable(file, total);
    }

    @Override
    public ResumableTransfer.Checkpoint lastCheckpoint() {
        return latest.sessionUri() == null ? null : new ResumableTransfer.Checkpoint(latest.sessionUri(),
                latest.bytesDone(), latest.totalBytes(), latest.md5State());
    }

    @Override
    public void save(ResumableTransfer.Checkpoint c) {
        latest = jobs.save(latest.withProgress(c.session(), c.offset(), c.total(), c.md5State()), latest.version());
    }
}
