package dev.drivelink.core.sync.engine;

import dev.drivelink.core.sync.conflict.Keep;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.Conflicts;
import dev.drivelink.core.sync.engine.SyncRunResult.Outcome;
import dev.drivelink.core.sync.engine.SyncRunResult.ProjectOutcome;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.FileMappingRepository;
import dev.drivelink.core.sync.mapping.MappingPaths;
import dev.drivelink.core.sync.mapping.MappingStatus;
import dev.drivelink.core.sync.plan.AppObject;
import dev.drivelink.core.sync.plan.BaseEntry;
import dev.drivelink.core.sync.plan.DriveEntry;
import dev.drivelink.core.sync.plan.ImportPlan;
import dev.drivelink.core.sync.plan.ImportRequest;
import dev.drivelink.core.sync.plan.Plan;
import dev.drivelink.core.sync.plan.PlanAction;
import dev.drivelink.core.sync.plan.PlanInput;
import dev.drivelink.core.sync.plan.PlanStatus;
import dev.drivelink.core.sync.plan.SyncPlanner;
import dev.drivelink.core.sync.plan.SyncSettings;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.project.ProjectMembership;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncState;
import dev.drivelink.core.sync.run.SyncStatus;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.core.sync.run.SyncStatuses;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.upload.ResumableTransfer;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Executes one {@link SyncRequest} (the SQS sync worker's one call): per project of the request
 * ({@code projectId}, or every project of the user that syncs with the connection when null), read both
 * sides, plan ({@link SyncPlanner}), apply the plan idempotently ({@link PlanApplier}), and record
 * mappings, conflicts, activity, events and the sync status. SYNC.md, "The engine", says how.
 *
 * <p>Failures: a {@code DomainException} means the request cannot be served (unknown connection, a
 * project the user may not sync): dead-letter it with the reason. Any other exception is passing
 * (Drive or AWS unavailable): let the message be retried; a retried run converges.
 */
public final class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    /** Called before each side action; tests throw from it to cut a run short (a crash). */
    @FunctionalInterface
    public interface BeforeAction {
        void before(PlanAction action);

        BeforeAction NONE = action -> { };
    }

    /**
     * What the engine needs beyond its collaborators.
     *
     * @param safetyMargin with a deadline, no side action starts when less than this is left
     */
    public record Settings(long smallFileLimit, java.time.Duration safetyMargin) {
    }

    private final ConnectionRepository connections;
    private final DriveAccess driveAccess;
    private final ProjectAccess access;
    private final SettingsService settings;
    private final FileMappingRepository mappings;
    private final Conflicts conflicts;
    private final SyncStatuses statuses;
    private final ActivityLog activity;
    private final EventPublisher events;
    private final AppFiles appFiles;
    private final ResumableTransfer transfer;
    private final PendingImports pendingImports;
    private final Clock clock;
    private final Settings config;
    private final BeforeAction beforeAction;

    public SyncEngine(ConnectionRepository connections, DriveAccess driveAccess, ProjectAccess access,
                      SettingsService settings, FileMappingRepository mappings, Conflicts conflicts,
                      SyncStatuses statuses, ActivityLog activity, EventPublisher events, AppFiles appFiles,
                      ResumableTransfer transfer, PendingImports pendingImports, Clock clock, Settings config,
                      BeforeAction beforeAction) {
        this.connections = connections;
        this.driveAccess = driveAccess;
        this.access = access;
        this.settings = settings;
        this.mappings = mappings;
        this.conflicts = conflicts;
        this.statuses = statuses;
        this.activity = activity;
        this.events = events;
        this.appFiles = appFiles;
        this.transfer = transfer;
        this.pendingImports = pendingImports;
        this.clock = clock;
        this.config = config;
        this.beforeAction = beforeAction == null ? BeforeAction.NONE : beforeAction;
    }

    /** The same engine calling {@code hook} before each side action (tests). */
    public SyncEngine withBeforeAction(BeforeAction hook) {
        return new SyncEngine(connections, driveAccess, access, settings, mappings, conflicts, statuses, activity,
                events, appFiles, transfer, pendingImports, clock, config, hook);
    }

    /** {@link #run(SyncRequest, Instant)} without a deadline. */
    public SyncRunResult run(SyncRequest request) {
        return run(request, null);
    }

    /**
     * Runs the request; with a {@code deadline} (a Lambda's remaining time) no side action starts, and no
     * Drive retry waits, past it (less the safety margin): the projects left over end {@code FAILED} with
     * "time ran out", so the message is delivered again and the next run goes on from what is done.
     */
    public SyncRunResult run(SyncRequest request, Instant deadline) {
        DriveConnection connection = connections.find(request.connectionId())
                .filter(c -> c.userId().equals(request.userId()))
                .orElseThrow(() -> DomainException.notFound("connection", request.connectionId()));
        List<String> projects;
        if (request.projectId() != null) {
            access.requireMember(request.userId(), request.projectId());
            projects = List.of(request.projectId());
        } else {
            projects = access.projectsOf(request.userId()).stream().map(ProjectMembership::projectId).toList();
        }
        List<ProjectOutcome> outcomes = new ArrayList<>();
        for (String projectId : projects) {
            EffectiveSettings effective = settings.effectiveSettings(request.userId(), projectId);
            if (!connection.id().equals(effective.connectionId())) {
                if (request.projectId() != null) {
                    outcomes.add(skipped(projectId, "the project syncs with another connection"));
                }
                continue;
            }
            if (outOfTime(deadline)) {
                outcomes.add(new ProjectOutcome(projectId, Outcome.FAILED, 0, 0, 0, TIME_RAN_OUT));
                continue;
            }
            outcomes.add(runProject(request, connection, effective, deadline));
        }
        return new SyncRunResult(request.requestId(), outcomes);
    }

    private static ProjectOutcome skipped(String projectId, String why) {
        return new ProjectOutcome(projectId, Outcome.SKIPPED, 0, 0, 0, why);
    }

    static final String TIME_RAN_OUT = "time ran out before every action was applied; the next delivery goes on";

    boolean outOfTime(Instant deadline) {
        return deadline != null && clock.instant().plus(config.safetyMargin()).isAfter(deadline);
    }

    private ProjectOutcome runProject(SyncRequest request, DriveConnection connection, EffectiveSettings effective,
                                      Instant deadline) {
        String user = request.userId();
        String projectId = effective.projectId();
        if (!effective.active()) {
            return skipped(projectId, "sync is disabled for the project");
        }
        if (connection.status() == ConnectionStatus.REVOKED) {
            return skipped(projectId, "the connection is revoked");
        }
        SyncStatus status = statuses.started(user, connection.id(), projectId);
        if (status.state() == SyncState.PAUSED) {
            return skipped(projectId, "paused by the mass-delete guard until the user resumes");
        }
        boolean confirmed = status.approval() != null;
        try {
            DriveSession drive = deadline == null ? driveAccess.open(connection)
                    : driveAccess.open(connection).until(deadline);
            ProjectRun run = new ProjectRun(user, connection, effective, drive, deadline);
            int[] totals = new int[3];
            // the user's answers to manual conflicts first: each is one resolution plan
            for (Conflict c : conflicts.awaitingApply(connection.id(), projectId)) {
                World w = run.read();
                Optional<BaseEntry> parked = w.input.base().stream()
                        .filter(b -> b.path().equals(c.path()) && b.inConflict()).findFirst();
                if (parked.isPresent()) {
                    Plan plan = SyncPlanner.resolveConflict(w.input, c.path(), c.keep());
                    add(totals, run.apply(w, plan, false));
                }
                if (!run.failedAny) {
                    conflicts.applied(c);
                }
            }
            List<PendingImports.PendingImport> imports = pendingImports.list(connection.id(), projectId);
            if (!imports.isEmpty()) {
                add(totals, run.importFiles(imports));
            }
            World w = run.read();
            Plan plan = SyncPlanner.plan(w.withConfirmed(confirmed));
            if (plan.status() == PlanStatus.PAUSED) {
                statuses.paused(user, connection.id(), projectId, plan.deletes(), plan.mappedFiles(),
                        new PendingCounts(0, 0, plan.deletes(), 0));
                return new ProjectOutcome(projectId, Outcome.PAUSED, 0, 0, 0, "the run would delete " + plan.deletes()
                        + " of " + plan.mappedFiles() + " files");
            }
            add(totals, run.apply(w, plan, false));
            PendingCounts pending = run.pending();
            if (run.failedAny) {
                statuses.failed(user, connection.id(), projectId, run.firstError);
                return new ProjectOutcome(projectId, Outcome.FAILED, totals[0], totals[1], totals[2], run.firstError);
            }
            statuses.succeeded(user, connection.id(), projectId, pending);
            return new ProjectOutcome(projectId, Outcome.SYNCED, totals[0], totals[1], totals[2], null);
        } catch (RuntimeException e) {
            try {
                statuses.failed(user, connection.id(), projectId, String.valueOf(e.getMessage()));
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private static void add(int[] totals, int[] more) {
        for (int i = 0; i < totals.length; i++) {
            totals[i] += more[i];
        }
    }

    /** Both sides and the base of one project, as read at the start of a plan. */
    record World(PlanInput input, Map<String, FileMapping> stored, DriveTree drive,
                 Map<String, AppFiles.AppFile> app) {
        PlanInput withConfirmed(boolean confirmed) {
            return new PlanInput(input.base(), input.app(), input.drive(), input.settings(), input.now(), confirmed);
        }
    }

    /** One project's run: reading and applying. */
    final class ProjectRun {
        final String user;
        final DriveConnection connection;
        final EffectiveSettings effective;
        final DriveSession drive;
        final Instant deadline;
        final String projectId;
        boolean failedAny;
        String firstError;
        final int[] failedByKind = new int[4];

        ProjectRun(String user, DriveConnection connection, EffectiveSettings effective, DriveSession drive,
                   Instant deadline) {
            this.deadline = deadline;
            this.user = user;
            this.connection = connection;
            this.effective = effective;
            this.drive = drive;
            this.projectId = effective.projectId();
        }

        World read() {
            return read(List.of());
        }

        /** Both sides; {@code picked}: Drive files to look up by id as well (imports). */
        World read(List<String> picked) {
            Map<String, FileMapping> stored = new LinkedHashMap<>();
            for (FileMapping m : mappings.list(connection.id(), projectId)) {
                stored.put(m.path(), m);
            }
            String projectFolder = projectFolder();
            Map<String, String> monitored = new LinkedHashMap<>();
            for (FolderRef f : effective.monitoredFolders()) {
                monitored.put(f.name() == null || f.name().isBlank() ? f.id() : f.name(), f.id());
            }
            List<String> ids = new ArrayList<>(stored.values().stream().map(FileMapping::driveFileId).toList());
            ids.addAll(picked);
            DriveTree tree = DriveTree.read(drive, projectFolder, monitored, ids, this::folderCreated);
            boolean anywhere = effective.syncMode() == SyncMode.SELECTIVE_SYNC;
            Map<String, String> mappedPathById = new HashMap<>();
            stored.values().forEach(m -> {
                if (m.driveFileId() != null) {
                    mappedPathById.put(m.driveFileId(), m.path());
                }
            });
            List<DriveEntry> driveEntries = new ArrayList<>();
            for (DriveTree.Entry e : tree.files()) {
                DriveFile f = e.file();
                String path = e.path();
                if (path == null && anywhere && !f.trashed()) {
                    // selective_sync maps picked files wherever they are in the user's Drive (Drive paths
                    // are not compared): such a file stands at its mapped path, a picked one at its name
                    path = mappedPathById.getOrDefault(f.id(), picked.contains(f.id()) ? f.name() : null);
                }
                driveEntries.add(new DriveEntry(f.id(), path, f.md5Checksum(), f.size() == null ? 0 : f.size(),
                        f.version() == null ? 0 : f.version(), f.modifiedTime() == null ? clock.instant()
                        : f.modifiedTime(), f.mimeType(), f.trashed(), null));
            }
            Map<String, AppFiles.AppFile> app = new LinkedHashMap<>();
            List<AppObject> appObjects = new ArrayList<>();
            for (AppFiles.AppFile a : appFiles.list(projectId)) {
                if (!MappingPaths.isValid(a.path())) {
                    LOG.warnf("project %s: app object \"%s\" has no valid project path (empty or . or .. segment, "
                            + "too long); left alone", projectId, a.path());
                    continue;
                }
                String md5 = appMd5(a, stored.get(a.path()));
                app.put(a.path(), a);
                // writtenByDrivelink stays false: S3 metadata cannot be bound to the version drivelink
                // wrote (a user's restore by copy carries it), so the planner sees the user's change
                appObjects.add(new AppObject(a.path(), a.versionId(), a.etag(), md5, a.size(), a.modified(),
                        a.contentType(), false));
            }
            List<BaseEntry> base = new ArrayList<>();
            for (FileMapping m : stored.values()) {
                Optional<Conflict> c = m.conflictId() == null ? Optional.empty()
                        : conflicts.find(connection.id(), projectId, m.conflictId());
                PlannerInputs.base(m, c).ifPresent(base::add);
            }
            // a monitored folder inside the project folder stands at its path there, others at their name
            List<String> monitoredPaths = new ArrayList<>();
            monitored.forEach((name, id) -> {
                String at = tree.folderPath(id);
                if (at != null) {
                    monitoredPaths.add(at);
                }
            });
            SyncSettings s = PlannerInputs.settings(effective, monitoredPaths);
            return new World(new PlanInput(base, appObjects, driveEntries, s, clock.instant(), false), stored, tree,
                    app);
        }

        /** The app object's MD5: its ETag or drivelink's metadata, the mapping's cached one, or computed once. */
        String appMd5(AppFiles.AppFile a, FileMapping mapped) {
            if (a.md5() != null) {
                return a.md5();
            }
            if (mapped != null && a.etag() != null && a.etag().equals(mapped.appETag()) && mapped.appMd5() != null) {
                return mapped.appMd5();
            }
            try (InputStream in = appFiles.get(projectId, a.path(), a.versionId())) {
                MessageDigest md = MessageDigest.getInstance("MD5");
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + a.path() + " to compute its MD5: " + e, e);
            }
        }

        /** The project folder: the project's backupFolder, else {@code <root>/<projectId>}, created on first use. */
        private String projectFolder() {
            if (effective.backupFolder() != null) {
                return effective.backupFolder().id();
            }
            if (connection.rootFolder() == null) {
                throw DomainException.conflict("no-root-folder", "connection " + connection.id()
                        + " has no root folder to put project " + projectId + " in");
            }
            String root = connection.rootFolder().id();
            return drive.files().findChildFolder(root, projectId).map(DriveFile::id).orElseGet(() -> {
                String id = drive.files().createFolder(projectId, root).id();
                folderCreated(projectId);
                return id;
            });
        }

        void folderCreated(String path) {
            activity.record(ActivityRecord.builder(user, ActivityAction.CREATE_FOLDER, ActivityOutcome.SUCCESS,
                    clock.instant()).project(projectId).connection(connection.id()).path(path).build());
        }

        /** Applies the user's picked files (planImport); the records go once applied or refused. */
        int[] importFiles(List<PendingImports.PendingImport> imports) {
            World w = read(imports.stream().map(PendingImports.PendingImport::fileId).toList());
            List<ImportRequest> requests = new ArrayList<>();
            for (PendingImports.PendingImport p : imports) {
                DriveTree.Entry found = w.drive().file(p.fileId());
                String target = p.targetFolder() == null || found == null ? null
                        : p.targetFolder() + "/" + found.file().name();
                requests.add(new ImportRequest(p.fileId(), target));
            }
            ImportPlan plan = SyncPlanner.planImport(w.input(), requests);
            plan.rejected().forEach((fileId, why) -> activity.record(ActivityRecord.builder(user, ActivityAction.IMPORT,
                    ActivityOutcome.SKIPPED, clock.instant()).project(projectId).connection(connection.id())
                    .driveFileId(fileId).error(why).build()));
            boolean failedBefore = failedAny;
            int[] totals = apply(w, plan.plan(), true);
            if (failedAny == failedBefore) {
                imports.forEach(pendingImports::remove);
            }
            return totals;
        }

        int[] apply(World w, Plan plan, boolean importing) {
            if (!plan.pendingDriveIds().isEmpty()) {
                plan = plan.withDriveIds(drive.files().generateIds(plan.pendingDriveIds().size()));
            }
            PlanApplier applier = new PlanApplier(this, w, importing);
            int[] totals = applier.apply(plan);
            if (applier.firstError != null) {
                failedAny = true;
                firstError = firstError == null ? applier.firstError : firstError;
            }
            for (int i = 0; i < failedByKind.length; i++) {
                failedByKind[i] += applier.failedByKind[i];
            }
            return totals;
        }

        PendingCounts pending() {
            int parked = (int) mappings.list(connection.id(), projectId).stream()
                    .filter(m -> m.status() == MappingStatus.CONFLICT).count();
            return new PendingCounts(failedByKind[0], failedByKind[1], failedByKind[2], parked);
        }

        // what the applier uses
        AppFiles appFiles() {
            return appFiles;
        }

        FileMappingRepository mappings() {
            return mappings;
        }

        Conflicts conflicts() {
            return conflicts;
        }

        ActivityLog activity() {
            return activity;
        }

        EventPublisher events() {
            return events;
        }

        Clock clock() {
            return clock;
        }

        long smallFileLimit() {
            return config.smallFileLimit();
        }

        /** Larger files go through the upload jobs' resumable transfer. */
        ResumableTransfer transfer() {
            return transfer;
        }

        /** The transfer stops between chunks at the run's deadline (none: a day, far beyond any run). */
        Instant transferDeadline() {
            return deadline != null ? deadline : clock.instant().plus(java.time.Duration.ofDays(1));
        }

        boolean outOfTime() {
            return SyncEngine.this.outOfTime(deadline);
        }

        BeforeAction beforeAction() {
            return beforeAction;
        }

        Logger log() {
            return LOG;
        }
    }

    static Map<String, Object> detail(String projectId, String path, String driveFileId) {
        Map<String, Object> d = new HashMap<>();
        d.put("projectId", projectId);
        d.put("path", path);
        if (driveFileId != null) {
            d.put("driveFileId", driveFileId);
        }
        return d;
    }
}
