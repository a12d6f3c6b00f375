package dev.drivelink.core.sync.engine;

import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.plan.PlanAction;
import dev.drivelink.core.sync.plan.PlanAction.DeleteOnApp;
import dev.drivelink.core.sync.plan.PlanAction.Download;
import dev.drivelink.core.sync.plan.PlanAction.MoveOnApp;
import dev.drivelink.core.sync.plan.PlanAction.MoveOnDrive;
import dev.drivelink.core.sync.plan.PlanAction.TrashOnDrive;
import dev.drivelink.core.sync.plan.PlanAction.UploadNew;
import dev.drivelink.core.sync.plan.PlanAction.UploadRevision;
import java.time.Duration;
import java.util.Map;

/** What a run's side actions leave behind: the activity log (the audit) and the host app's events. */
final class ActionLog {

    private final SyncEngine.ProjectRun run;
    private final boolean importing;

    ActionLog(SyncEngine.ProjectRun run, boolean importing) {
        this.run = run;
        this.importing = importing;
    }

    /** One activity record per side action, and the host app's event for what was done. */
    void record(PlanAction action, PlanApplier.Result result, String error, Duration took) {
        ActivityAction kind;
        String path;
        String fileId;
        if (action instanceof UploadNew u) {
            kind = ActivityAction.UPLOAD;
            path = u.path();
            fileId = u.fileId();
        } else if (action instanceof UploadRevision u) {
            kind = ActivityAction.UPLOAD;
            path = u.sourcePath();
            fileId = u.fileId();
        } else if (action instanceof Download d) {
            kind = importing ? ActivityAction.IMPORT : ActivityAction.DOWNLOAD;
            path = d.path();
            fileId = d.fileId();
        } else if (action instanceof TrashOnDrive t) {
            kind = ActivityAction.DELETE;
            path = t.path();
            fileId = t.fileId();
        } else if (action instanceof DeleteOnApp d) {
            kind = ActivityAction.DELETE;
            path = d.path();
            fileId = null;
        } else if (action instanceof MoveOnDrive m) {
            kind = ActivityAction.MOVE;
            path = m.toPath();
            fileId = m.fileId();
        } else {
            MoveOnApp m = (MoveOnApp) action;
            kind = ActivityAction.MOVE;
            path = m.toPath();
            fileId = null;
        }
        ActivityOutcome outcome = switch (result) {
            case DONE, ALREADY -> ActivityOutcome.SUCCESS;
            case SKIPPED -> ActivityOutcome.SKIPPED;
            case FAILED -> ActivityOutcome.FAILED;
        };
        ActivityRecord.Builder b = ActivityRecord.builder(run.user, kind, outcome, run.clock().instant())
                .project(run.projectId).connection(run.connection.id()).path(path).driveFileId(fileId)
                .detail("action", action.getClass().getSimpleName()).duration(took);
        if (result == PlanApplier.Result.ALREADY) {
            b.detail("alreadyDone", true);
        }
        if (error != null) {
            b.error(error);
        }
        run.activity().record(b.build());
        if (result == PlanApplier.Result.DONE) {
            Map<String, Object> detail = with(SyncEngine.detail(run.projectId, path, fileId), "action", kind.wire());
            run.events().publish(kind == ActivityAction.IMPORT ? "Drive File Imported" : "Drive File Synced",
                    "project:" + run.projectId, detail);
        }
    }

    /** {@code m} with one more entry (for event details). */
    static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        m.put(k, v);
        return m;
    }
}
