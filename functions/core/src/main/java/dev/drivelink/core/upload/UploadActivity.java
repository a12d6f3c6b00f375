package dev.drivelink.core.upload;

import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The activity record of a finished upload job (the audit of every Drive write). */
final class UploadActivity {

    private static final Logger LOG = Logger.getLogger(UploadActivity.class);

    private UploadActivity() {
    }

    /** Records a finished job; never fails the upload. */
    static void record(ActivityLog log, UploadJob job) {
        try {
            if (job.userId() != null) {
                log.record(of(job));
            }
        } catch (RuntimeException e) {
            LOG.warnf("upload %s: no activity record: %s", job.id(), e.toString());
        }
    }

    static ActivityRecord of(UploadJob job) {
        UploadRequest r = job.request();
        String path = r.folderPathIfAny().map(p -> p + "/" + r.fileName()).orElse(r.fileName());
        return ActivityRecord.builder(job.userId(), ActivityAction.UPLOAD,
                        job.status() == UploadStatus.DONE ? ActivityOutcome.SUCCESS : ActivityOutcome.FAILED, job.updatedAt())
                .connection(r.connectionId())
                .path(path)
                .driveFileId(job.status() == UploadStatus.DONE ? job.driveFileId() : null)
                .detail("uploadId", job.id())
                .detail("fileName", r.fileName())
                .detail("mimeType", r.mimeType())
                .detail("size", job.totalBytes())
                .detail("attempts", job.attempts())
                .error(job.error())
                .duration(Duration.between(job.createdAt(), job.updatedAt()))
                .build();
    }
}
