package dev.drivelink.core.sync.engine;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveFiles;
import dev.drivelink.core.drive.DriveUploads.NewFile;
import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.engine.AppFiles.AppFile;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.MappingStatus;
import dev.drivelink.core.sync.plan.AppSide;
import dev.drivelink.core.sync.plan.BaseEntry;
import dev.drivelink.core.sync.plan.DriveSide;
import dev.drivelink.core.sync.plan.Plan;
import dev.drivelink.core.sync.plan.PlanAction;
import dev.drivelink.core.sync.plan.PlanAction.DeleteOnApp;
import dev.drivelink.core.sync.plan.PlanAction.Download;
import dev.drivelink.core.sync.plan.PlanAction.DropBase;
import dev.drivelink.core.sync.plan.PlanAction.MoveOnApp;
import dev.drivelink.core.sync.plan.PlanAction.MoveOnDrive;
import dev.drivelink.core.sync.plan.PlanAction.RecordConflict;
import dev.drivelink.core.sync.plan.PlanAction.SetBase;
import dev.drivelink.core.sync.plan.PlanAction.TrashOnDrive;
import dev.drivelink.core.sync.plan.PlanAction.UploadNew;
import dev.drivelink.core.sync.plan.PlanAction.UploadRevision;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one plan to the real sides: every side action checks its precondition first and recognizes
 * work already done (a retried plan changes nothing twice); a group's mapping actions apply only when
 * each of its side actions was done or found done.
 */
final class PlanApplier {

    enum Result { DONE, ALREADY, SKIPPED, FAILED }

    private final SyncEngine.ProjectRun run;
    private final SyncEngine.World world;
    private final ActionLog log;
    private final Set<Integer> brokenGroups = new HashSet<>();
    private final Map<String, AppFile> appWrites = new HashMap<>();
    private final Map<String, FileMapping> stored;
    String firstError;
    /** uploads, downloads, deletes, other (moves) that failed */
    final int[] failedByKind = new int[4];

    PlanApplier(SyncEngine.ProjectRun run, SyncEngine.World world, boolean importing) {
        this.run = run;
        this.world = world;
        this.log = new ActionLog(run, importing);
        this.stored = new HashMap<>(world.stored());
    }

    /** @return {done, unchanged, failed} side actions */
    int[] apply(Plan plan) {
        int[] totals = new int[3];
        for (PlanAction action : plan.actions()) {
            if (!action.touchesSide()) {
                if (!brokenGroups.contains(action.group())) {
                    try {
                        base(action);
                    } catch (RuntimeException e) {
                        // the side is written, its record is not: the next run reads both sides again
                        // (equal content becomes the new base, nothing is copied twice)
                        brokenGroups.add(action.group());
                        firstError = firstError == null ? e.toString() : firstError;
                        failedByKind[3]++;
                        totals[2]++;
                        run.log().warnf("project %s: %s failed: %s", run.projectId, action, e);
                    }
                }
                continue;
            }
            if (run.outOfTime()) {
                // what is done is recorded; the rest (and its mappings) waits for the next delivery
                firstError = firstError == null ? SyncEngine.TIME_RAN_OUT : firstError;
                break;
            }
            run.beforeAction().before(action);
            Instant start = run.clock().instant();
            Result result;
            String error = null;
            try {
                result = side(action);
            } catch (AppFiles.PreconditionFailed | AppFiles.ContentMismatch e) {
                result = Result.SKIPPED;
                error = e.getMessage();
            } catch (DriveException e) {
                if (e.kind() == DriveException.Kind.UNAUTHORIZED || e.kind() == DriveException.Kind.INVALID_GRANT) {
                    throw e;
                }
                result = Result.FAILED;
                error = e.getMessage();
            } catch (RuntimeException e) {
                result = Result.FAILED;
                error = e.toString();
            }
            if (result == Result.SKIPPED || result == Result.FAILED) {
                brokenGroups.add(action.group());
            }
            if (result == Result.FAILED) {
                failedByKind[kind(action)]++;
                firstError = firstError == null ? error : firstError;
                run.log().warnf("project %s: %s failed: %s", run.projectId, action, error);
            }
            totals[result == Result.DONE ? 0 : result == Result.FAILED ? 2 : 1]++;
            log.record(action, result, error, Duration.between(start, run.clock().instant()));
        }
        return totals;
    }

    private static int kind(PlanAction a) {
        if (a instanceof UploadNew || a instanceof UploadRevision) {
            return 0;
        }
        if (a instanceof Download) {
            return 1;
        }
        return a.isDelete() ? 2 : 3;
    }

    // ------------------------------------------------------------------ side actions

    private Result side(PlanAction action) {
        if (action instanceof UploadNew u) {
            return uploadNew(u);
        } else if (action instanceof UploadRevision u) {
            return uploadRevision(u);
        } else if (action instanceof Download d) {
            return download(d);
        } else if (action instanceof TrashOnDrive t) {
            return trash(t);
        } else if (action instanceof DeleteOnApp d) {
            return deleteOnApp(d);
        } else if (action instanceof MoveOnDrive m) {
            return moveOnDrive(m);
        } else if (action instanceof MoveOnApp m) {
            return moveOnApp(m);
        }
        throw new IllegalStateException("not a side action: " + action);
    }

    private Result uploadNew(UploadNew u) {
        if (world.drive().file(u.fileId()) != null) {
            return Result.ALREADY;
        }
        String parent = world.drive().folder(DriveTree.parentOf(u.path()));
        NewFile file = new NewFile(u.fileId(), DriveTree.nameOf(u.path()), contentType(u.sourcePath()), parent);
        DriveFile created;
        try {
            if (u.size() > run.smallFileLimit()) {
                created = sendResumable(u.sourcePath(), u.sourceVersionId(), u.size(),
                        (drive, total) -> drive.uploads().startResumable(file, total));
            } else {
                byte[] content = read(u.sourcePath(), u.sourceVersionId(), u.size());
                if (content == null || !u.md5().equals(md5(content))) {
                    return Result.SKIPPED;
                }
                created = run.drive.uploads().multipart(file, content, content.length);
            }
        } catch (AppFiles.PreconditionFailed e) {
            return Result.SKIPPED; // the source version is gone
        } catch (DriveException e) {
            // the generated id is taken: a retried create whose first attempt did arrive
            if (e.status() == 409) {
                created = run.drive.files().get(u.fileId());
            } else {
                throw e;
            }
        }
        verify(created, u.md5(), u.size());
        world.drive().written(created, u.path());
        return Result.DONE;
    }

    private Result uploadRevision(UploadRevision u) {
        DriveTree.Entry current = world.drive().file(u.fileId());
        if (current == null || current.trashed()) {
            return Result.SKIPPED;
        }
        if (u.md5().equals(current.file().md5Checksum())) {
            return Result.ALREADY;
        }
        if (!u.expectedMd5().equals(current.file().md5Checksum())) {
            return Result.SKIPPED;
        }
        String mimeType = contentType(u.sourcePath());
        // Drive's files.update has no If-Match: an edit in Drive between the listing and this request is
        // kept as the previous revision (Drive keeps revisions), never lost
        DriveFile updated;
        if (u.size() > run.smallFileLimit()) {
            try {
                updated = sendResumable(u.sourcePath(), u.sourceVersionId(), u.size(),
                        (drive, total) -> drive.uploads().startResumableUpdate(u.fileId(), mimeType, total));
            } catch (AppFiles.PreconditionFailed e) {
                return Result.SKIPPED;
            }
        } else {
            byte[] content = read(u.sourcePath(), u.sourceVersionId(), u.size());
            if (content == null || !u.md5().equals(md5(content))) {
                return Result.SKIPPED;
            }
            updated = run.drive.uploads().updateContent(u.fileId(), mimeType, content, content.length);
        }
        verify(updated, u.md5(), u.size());
        world.drive().written(updated, current.path());
        return Result.DONE;
    }

    /**
     * A file over the small-file limit: streamed from its exact S3 version through the resumable transfer
     * the upload jobs use (memory: about two chunks, whatever the size).
     */
    private DriveFile sendResumable(String path, String versionId, long size,
                                    java.util.function.BiFunction<dev.drivelink.core.drive.DriveSession, Long, String> start) {
        DriveFile sent = run.transfer().send(new AppVersionUpload(run.appFiles(), run.projectId, path, versionId, start),
                size, run.drive, run.transferDeadline());
        if (sent == null) {
            throw new IllegalStateException("time ran out while uploading " + path);
        }
        return sent;
    }

    private Result download(Download d) {
        Optional<AppFile> current = run.appFiles().head(run.projectId, d.path());
        String currentMd5 = current.map(this::md5Of).orElse(null);
        if (d.md5().equals(currentMd5)) {
            appWrites.put(d.path(), current.get());
            return Result.ALREADY;
        }
        if (d.replacesMd5() == null ? current.isPresent() : !d.replacesMd5().equals(currentMd5)) {
            return Result.SKIPPED;
        }
        DriveTree.Entry source = world.drive().file(d.fileId());
        String mime = source == null ? null : source.file().mimeType();
        try (InputStream content = new RangedDownload(run.drive, d.fileId(), d.size())) {
            AppFile written = run.appFiles().put(run.projectId, d.path(), content, d.size(), mime, d.md5(),
                    current.map(AppFile::etag).orElse(null));
            appWrites.put(d.path(), written);
            return Result.DONE;
        } catch (IOException e) {
            throw new IllegalStateException("download of " + d.fileId() + " failed: " + e.getMessage(), e);
        }
    }

    private Result trash(TrashOnDrive t) {
        DriveTree.Entry current = world.drive().file(t.fileId());
        if (current == null || current.trashed()) {
            return Result.ALREADY;
        }
        if (!t.expectedMd5().equals(current.file().md5Checksum())) {
            return Result.SKIPPED;
        }
        DriveFile trashed = run.drive.files().trash(t.fileId());
        world.drive().written(trashed, current.path());
        return Result.DONE;
    }

    private Result deleteOnApp(DeleteOnApp d) {
        Optional<AppFile> current = run.appFiles().head(run.projectId, d.path());
        if (current.isEmpty()) {
            return Result.ALREADY;
        }
        if (!d.expectedMd5().equals(md5Of(current.get()))) {
            return Result.SKIPPED;
        }
        run.appFiles().delete(run.projectId, d.path(), current.get().versionId());
        return Result.DONE;
    }

    private Result moveOnDrive(MoveOnDrive m) {
        DriveTree.Entry current = world.drive().file(m.fileId());
        if (current != null && !current.trashed() && m.toPath().equals(current.path())) {
            return Result.ALREADY;
        }
        if (current == null || current.trashed() || !m.fromPath().equals(current.path())) {
            return Result.SKIPPED;
        }
        String from = world.drive().folder(DriveTree.parentOf(m.fromPath()));
        String to = world.drive().folder(DriveTree.parentOf(m.toPath()));
        String newName = DriveTree.nameOf(m.toPath());
        DriveFile moved = run.drive.files().update(m.fileId(), new DriveFiles.Changes(
                newName.equals(current.file().name()) ? null : newName,
                from.equals(to) ? List.of() : List.of(to), from.equals(to) ? List.of() : List.of(from)));
        world.drive().written(moved, m.toPath());
        return Result.DONE;
    }

    private Result moveOnApp(MoveOnApp m) {
        Optional<AppFile> from = run.appFiles().head(run.projectId, m.fromPath());
        if (from.isEmpty() || !from.get().versionId().equals(m.fromVersionId())) {
            return Result.ALREADY;
        }
        Optional<AppFile> to = run.appFiles().head(run.projectId, m.toPath());
        if (to.isPresent() && !m.md5().equals(md5Of(to.get()))) {
            return Result.SKIPPED;
        }
        AppFile copied = to.isPresent() ? to.get()
                : run.appFiles().copy(run.projectId, m.fromPath(), m.fromVersionId(), m.toPath(), m.md5());
        appWrites.put(m.toPath(), copied);
        run.appFiles().delete(run.projectId, m.fromPath(), m.fromVersionId());
        return Result.DONE;
    }

    // ------------------------------------------------------------------ mapping actions

    private void base(PlanAction action) {
        if (action instanceof DropBase d) {
            FileMapping previous = stored.remove(d.path());
            if (previous != null) {
                run.mappings().delete(previous);
            }
        } else if (action instanceof SetBase set) {
            save(set.entry(), MappingStatus.SYNCED, null);
        } else if (action instanceof RecordConflict r) {
            BaseEntry e = r.entry();
            var record = e.conflict();
            String driveId = record.drive() == null ? null : record.drive().id();
            Conflict c = run.conflicts().record(run.user, run.connection.id(), run.projectId, e.path(), driveId,
                    new ConflictSide(record.app().path(), record.app().size(), record.app().md5(),
                            record.app().modified(), "the app"),
                    new ConflictSide(record.drive().path(), record.drive().size(), record.drive().md5(),
                            record.drive().modified(), "Drive"));
            save(e, MappingStatus.CONFLICT, c.id());
            run.events().publish("Drive Sync Conflict", "project:" + run.projectId,
                    ActionLog.with(SyncEngine.detail(run.projectId, e.path(), driveId), "conflictId", c.id()));
        } else {
            throw new IllegalStateException("not a mapping action: " + action);
        }
    }

    private void save(BaseEntry e, MappingStatus status, String conflictId) {
        FileMapping.Builder b = FileMapping.builder(run.connection.id(), run.projectId, e.path()).status(status)
                .imported(e.imported()).conflictId(conflictId).updatedAt(run.clock().instant());
        if (e.app() != null) {
            AppSide a = e.app();
            if (a.needsResult()) {
                AppFile written = appWrites.containsKey(e.path()) ? appWrites.get(e.path())
                        : run.appFiles().head(run.projectId, e.path()).orElse(null);
                a = written == null ? a : new AppSide(written.versionId(), written.etag(), a.md5(), a.size(),
                        written.modified());
            }
            b.app(a.versionId(), a.etag(), a.md5(), a.size(), a.modified());
        }
        if (e.drive() != null) {
            DriveSide d = e.drive();
            if (d.needsResult()) {
                DriveTree.Entry now = world.drive().file(d.fileId());
                DriveFile f = now != null ? now.file() : run.drive.files().get(d.fileId());
                d = new DriveSide(d.fileId(), d.md5(), d.size(), f.version(), f.modifiedTime());
            }
            b.drive(d.fileId(), d.md5(), d.version(), null, d.size(), d.modified());
        }
        FileMapping previous = stored.get(e.path());
        FileMapping saved = run.mappings().save(previous, b.build());
        stored.put(e.path(), saved);
    }

    // ------------------------------------------------------------------ helpers

    /** The app object version's bytes (small files only: at most the small-file limit in memory); null when gone. */
    private byte[] read(String path, String versionId, long size) {
        try (InputStream in = run.appFiles().get(run.projectId, path, versionId)) {
            return in.readNBytes((int) size + 1);
        } catch (AppFiles.PreconditionFailed e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("reading " + path + ": " + e.getMessage(), e);
        }
    }

    private String md5Of(AppFile f) {
        return run.appMd5(f, stored.get(f.path()));
    }

    private static String md5(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void verify(DriveFile f, String md5, long size) {
        if (f.size() != null && f.size() != size || f.md5Checksum() != null && !f.md5Checksum().equals(md5)) {
            throw new IllegalStateException("Drive holds " + f.size() + " bytes with MD5 " + f.md5Checksum()
                    + ", expected " + size + " bytes with MD5 " + md5);
        }
    }

    private static String contentType(String path) {
        String guessed = java.net.URLConnection.guessContentTypeFromName(DriveTree.nameOf(path));
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
