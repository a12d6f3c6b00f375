package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.conflict.Keep;

import dev.drivelink.core.sync.plan.History.AppDelete;
import dev.drivelink.core.sync.plan.History.AppMove;
import dev.drivelink.core.sync.plan.History.AppWrite;
import dev.drivelink.core.sync.plan.History.BulkAppCreate;
import dev.drivelink.core.sync.plan.History.BulkAppDelete;
import dev.drivelink.core.sync.plan.History.BulkDriveTrash;
import dev.drivelink.core.sync.plan.History.ChangeSetting;
import dev.drivelink.core.sync.plan.History.DriveCreate;
import dev.drivelink.core.sync.plan.History.DriveEdit;
import dev.drivelink.core.sync.plan.History.DriveMove;
import dev.drivelink.core.sync.plan.History.DriveTrash;
import dev.drivelink.core.sync.plan.History.DriveUntrash;
import dev.drivelink.core.sync.plan.History.Import;
import dev.drivelink.core.sync.plan.History.Op;
import dev.drivelink.core.sync.plan.History.Resolve;
import dev.drivelink.core.sync.plan.History.Sync;
import dev.drivelink.core.sync.plan.World.DriveNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.drivelink.core.sync.plan.History.PATHS;

/**
 * Runs one {@link History} against the {@link World} model and checks, after every sync run, the
 * properties of SYNC-RULES.md: (1) convergence, (2) no lost write, (3) deletes only as the table says
 * and never beyond the guard, (4) no duplicate Drive files, (5) a crashed-and-retried run equals one
 * run; plus: manual conflicts stay untouched, a quiet run never meets a failed precondition, conflict
 * copy names never nest.
 */
final class ModelRun {
    private World w = new World();
    private SyncSettings settings;
    /**
     * Users' last words since the last completed sync, by content: written on a side and not since
     * overwritten or deleted by a user (content-keyed, so moves by users or by crashed runs follow).
     */
    private final Set<String> appLast = new HashSet<>();
    private final Set<String> driveLast = new HashSet<>();
    /** Drive last words the user trashed: an untrash restores them (and only them). */
    private final Set<String> trashedLast = new HashSet<>();
    /** Contents both sides agreed on since the last completed sync (crashed runs, imports, resolutions add). */
    private final Set<String> synced = new HashSet<>();
    private int step;
    /** Whether a policy in force since the last completed sync (crashed runs too) may overwrite a side. */
    private boolean appOverwritable;
    private boolean driveOverwritable;

    private ModelRun(SyncSettings settings) {
        this.settings = settings;
    }

    static void check(History history) {
        ModelRun run = new ModelRun(history.settings());
        for (int i = 0; i < history.ops().size(); i++) {
            run.step = i;
            run.exec(history.ops().get(i));
        }
    }

    // ------------------------------------------------------------------ operations

    private static final boolean TRACE = Boolean.getBoolean("sync.trace");

    private void exec(Op op) {
        if (TRACE) {
            System.out.println("---- " + step + " " + op);
        }
        if (op instanceof AppWrite o) {
            w.clock++;
            String path = PATHS.get(o.path());
            String content = content(o.content());
            overwriteOnApp(path);
            appLast.add(content);
            w.appWrite(path, content, null);
        } else if (op instanceof AppDelete o) {
            pickPath(o.pick()).ifPresent(this::appDelete);
        } else if (op instanceof AppMove o) {
            pickPath(o.pick()).ifPresent(from -> appMove(from, PATHS.get(o.to())));
        } else if (op instanceof DriveCreate o) {
            w.clock++;
            String content = content(o.content());
            driveLast.add(content);
            w.driveCreate(PATHS.get(o.path()), content);
        } else if (op instanceof DriveEdit o) {
            pickDrive(o.pick(), true).ifPresent(d -> {
                w.clock++;
                String content = content(o.content());
                driveLast.remove(d.content());
                driveLast.add(content);
                w.driveEdit(d.id(), content);
            });
        } else if (op instanceof DriveTrash o) {
            pickDrive(o.pick(), true).ifPresent(this::driveTrash);
        } else if (op instanceof DriveUntrash o) {
            pickDrive(o.pick(), false).ifPresent(d -> {
                w.driveTrash(d.id(), false);
                if (trashedLast.remove(d.content())) {
                    driveLast.add(d.content());
                }
            });
        } else if (op instanceof DriveMove o) {
            pickDrive(o.pick(), true).ifPresent(d -> w.driveMove(d.id(), PATHS.get(o.to())));
        } else if (op instanceof BulkAppCreate o) {
            w.clock++;
            for (int i = 0; i < o.count(); i++) {
                String content = w.freshContent();
                overwriteOnApp("bulk/f" + i + ".txt");
                appLast.add(content);
                w.appWrite("bulk/f" + i + ".txt", content, null);
            }
        } else if (op instanceof BulkAppDelete) {
            w.livePaths().forEach(this::appDelete);
        } else if (op instanceof BulkDriveTrash) {
            w.liveDriveFiles().forEach(this::driveTrash);
        } else if (op instanceof Sync o) {
            w.clock += o.tick();
            sync(o);
        } else if (op instanceof Resolve o) {
            resolve(o);
        } else if (op instanceof Import o) {
            importFile(o);
        } else if (op instanceof ChangeSetting o) {
            changeSetting(o);
        } else {
            throw new IllegalArgumentException(String.valueOf(op));
        }
    }

    private String content(int index) {
        return index < History.POOL ? "p" + index : w.freshContent();
    }

    private java.util.Optional<String> pickPath(int pick) {
        List<String> paths = w.livePaths();
        return paths.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(paths.get(pick % paths.size()));
    }

    private java.util.Optional<DriveNode> pickDrive(int pick, boolean live) {
        List<DriveNode> files = w.driveFiles().stream().filter(d -> d.live() == live).toList();
        return files.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(files.get(pick % files.size()));
    }

    private void appDelete(String path) {
        overwriteOnApp(path);
        w.appDelete(path);
    }

    /** The user replaces or deletes the object at {@code path}: its content is no longer a last word. */
    private void overwriteOnApp(String path) {
        World.AppVersion old = w.current(path);
        if (old != null) {
            appLast.remove(old.content());
        }
    }

    private void appMove(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        w.clock++;
        World.AppVersion source = w.current(from);
        if (w.current(to) != null && !w.current(to).content().equals(source.content())) {
            overwriteOnApp(to);
            appLast.add(source.content()); // replacing an object is a write there
        }
        w.appCopy(from, to); // S3 copy keeps metadata
        w.appDelete(from);
    }

    private void driveTrash(DriveNode d) {
        if (driveLast.remove(d.content())) {
            trashedLast.add(d.content());
        }
        w.driveTrash(d.id(), true);
    }

    private void changeSetting(ChangeSetting o) {
        SyncSettings s = settings;
        settings = switch (o.which()) {
            case 0 -> s.withMode(SyncMode.values()[o.value()]);
            case 1 -> s.withConflictResolution(ConflictPolicy.values()[o.value()]);
            case 2 -> new SyncSettings(s.mode(), s.conflictResolution(), s.autoBackup(), s.deleteBackups(),
                    History.FILTERS.get(o.value()), s.monitoredFolders(), s.deleteGuard());
            default -> new SyncSettings(s.mode(), s.conflictResolution(), s.autoBackup(), o.value() % 2 == 1,
                    s.fileTypeFilters(), s.monitoredFolders(), s.deleteGuard());
        };
    }

    private void resolve(Resolve o) {
        List<BaseEntry> parked = w.base().values().stream().filter(BaseEntry::inConflict).toList();
        if (parked.isEmpty()) {
            return;
        }
        BaseEntry entry = parked.get(o.pick() % parked.size());
        Plan plan = w.withIds(SyncPlanner.resolveConflict(w.input(settings, false), entry.path(), o.keep()));
        World before = w.copy();
        World.Applied applied = w.apply(plan, -1);
        expect(applied.skipped().isEmpty(), () -> "resolving " + entry.path() + " skipped " + applied.skipped(), plan,
                before, w);
        checkOneMappingPerDriveFile(applied, plan, before, w);
        BaseEntry now = w.base().get(entry.path());
        expect(now == null || !now.inConflict(), () -> "conflict at " + entry.path() + " still parked after resolve",
                plan, before, w);
        noteSynced(w);
        ConflictRecord c = entry.conflict();
        // the user chose: the discarded side's content stays recoverable, no longer a pending write
        if (o.keep() == Keep.APP && c.drive() != null) {
            DriveNode d = before.driveFile(c.drive().id());
            driveLast.remove(d.content());
        }
        if (o.keep() == Keep.DRIVE) {
            for (String p : List.of(entry.path(), c.app() == null ? entry.path() : c.app().path())) {
                World.AppVersion v = before.current(p);
                if (v != null) {
                    appLast.remove(v.content());
                }
            }
        }
    }

    private void importFile(Import o) {
        if (settings.mode() != SyncMode.SELECTIVE_SYNC) {
            return;
        }
        Set<String> mapped = w.base().values().stream().filter(b -> b.drive() != null)
                .map(b -> b.drive().fileId()).collect(Collectors.toSet());
        List<DriveNode> candidates = w.liveDriveFiles().stream().filter(d -> !mapped.contains(d.id())).toList();
        if (candidates.isEmpty()) {
            return;
        }
        DriveNode picked = candidates.get(o.pick() % candidates.size());
        ImportPlan imported = SyncPlanner.planImport(w.input(settings, false),
                List.of(new ImportRequest(picked.id(), null)));
        World before = w.copy();
        World.Applied applied = w.apply(imported.plan(), -1);
        expect(applied.skipped().isEmpty(), () -> "import skipped " + applied.skipped(), imported.plan(), before, w);
        checkOneMappingPerDriveFile(applied, imported.plan(), before, w);
        noteSynced(w);
    }

    /** Files an import or a resolution synced are no longer pending writes. */
    private void noteSynced(World world) {
        for (BaseEntry b : world.base().values()) {
            if (b.app() != null) {
                synced.add(b.app().md5());
                synced.add(b.drive().md5());
            }
        }
    }

    // ------------------------------------------------------------------ a sync run and its checks

    private void sync(Sync o) {
        World s0 = w;
        Plan planned = SyncPlanner.plan(s0.input(settings, o.confirm()));
        if (planned.status() == PlanStatus.PAUSED) {
            expect(!o.confirm() && settings.deleteGuard().trips(planned.deletes(), planned.mappedFiles()),
                    () -> "paused without reason: " + planned, planned, s0, s0);
            return;
        }
        expect(o.confirm() || !settings.deleteGuard().trips(planned.deletes(), planned.mappedFiles()),
                () -> "guard did not pause " + planned.deletes() + " deletes of " + planned.mappedFiles(), planned, s0, s0);
        Plan plan = w.withIds(planned);
        if (TRACE) {
            System.out.print(s0.describe());
            plan.actions().forEach(a -> System.out.println("    " + a));
        }

        World s1 = s0.copy();
        World.Applied applied = s1.apply(plan, -1);
        expect(applied.skipped().isEmpty(), () -> "a quiet run met failed preconditions: " + applied.skipped(), plan, s0,
                s1);
        if (o.crashAt() >= 0 && !o.retry()) {
            World crashed = s0.copy();
            checkOneMappingPerDriveFile(crashed.apply(plan, o.crashAt()), plan, s0, crashed);
            w = crashed;
            noteSynced(crashed); // what the crashed run did sync is no longer pending
            appOverwritable |= appMayBeOverwritten();
            driveOverwritable |= driveMayBeOverwritten();
            return;
        }
        // (5) idempotence: twice = once; crash after k actions, then the whole plan again = once
        checkOneMappingPerDriveFile(applied, plan, s0, s1);
        World twice = s1.copy();
        checkOneMappingPerDriveFile(twice.apply(plan, -1), plan, s1, twice);
        expect(twice.sameAs(s1), () -> "applying the plan twice changed more than once", plan, s1, twice);
        if (o.crashAt() >= 0) {
            World retried = s0.copy();
            retried.apply(plan, o.crashAt());
            checkOneMappingPerDriveFile(retried.apply(plan, -1), plan, s0, retried);
            expect(retried.sameAs(s1), () -> "crash after " + o.crashAt() + " actions then retry differs from one run",
                    plan, s1, retried);
        }
        checkConvergence(plan, s0, s1);
        checkParkedUntouched(plan, s0, s1);
        checkNoLostWrite(plan, s0, s1);
        checkDeletes(plan, s0, s1, o.confirm());
        checkNoDuplicates(plan, s0, s1);

        w = s1;
        appLast.clear();
        driveLast.clear();
        trashedLast.clear();
        synced.clear();
        noteSynced(s1);
        appOverwritable = false;
        driveOverwritable = false;
    }

    /** (1) A second run plans nothing, and the sides are equal modulo mode and filters. */
    private void checkConvergence(Plan plan, World s0, World s1) {
        Plan again = SyncPlanner.plan(s1.input(settings, false));
        expect(again.status() == PlanStatus.OK && again.isEmpty(), () -> "second run not empty: " + again, plan, s0, s1);

        Parked parked = new Parked(s1);
        switch (settings.mode()) {
            case BIDIRECTIONAL -> {
                Map<String, String> app = new TreeMap<>();
                s1.appTree().forEach((p, c) -> {
                    if (allowed(p) && !parked.paths.contains(p)) {
                        app.put(p, c);
                    }
                });
                Map<String, DriveNode> drive = new TreeMap<>();
                for (DriveNode d : s1.liveDriveFiles()) {
                    if (allowed(d.path()) && !parked.paths.contains(d.path()) && !parked.ids.contains(d.id())) {
                        DriveNode twin = drive.put(d.path(), d);
                        expect(twin == null, () -> "two Drive files at " + d.path(), plan, s0, s1);
                    }
                }
                Map<String, String> driveTree = new TreeMap<>();
                drive.forEach((p, d) -> driveTree.put(p, d.content()));
                expect(app.equals(driveTree), () -> "sides differ: app " + app + " drive " + driveTree, plan, s0, s1);
                app.forEach((p, c) -> {
                    BaseEntry b = s1.base().get(p);
                    expect(b != null && !b.inConflict() && b.drive().fileId().equals(drive.get(p).id())
                            && c.equals(b.app().md5()) && c.equals(b.drive().md5()), () -> "base of " + p + " wrong: " + b,
                            plan, s0, s1);
                });
                s1.base().values().stream().filter(b -> !b.inConflict() && allowed(b.path())
                                && !parked.paths.contains(b.path()))
                        .forEach(b -> expect(app.containsKey(b.path()), () -> "stale base " + b.path(), plan, s0, s1));
            }
            case BACKUP_ONLY -> {
                if (settings.autoBackup()) {
                    s1.appTree().forEach((p, c) -> {
                        // an object drivelink wrote is Drive content already (a user's Drive edit may win)
                        if (allowed(p) && !parked.paths.contains(p) && !s1.current(p).echoAt(p)) {
                            BaseEntry b = s1.base().get(p);
                            expect(b != null && !b.inConflict() && c.equals(b.app().md5()),
                                    () -> "app file " + p + " not backed up: " + b, plan, s0, s1);
                        }
                    });
                }
            }
            case ACTIVE_MONITORING -> {
                Map<String, Long> perPath = s1.liveDriveFiles().stream()
                        .collect(Collectors.groupingBy(DriveNode::path, Collectors.counting()));
                for (DriveNode d : s1.liveDriveFiles()) {
                    if (allowed(d.path()) && settings.monitors(d.path()) && perPath.get(d.path()) == 1
                            && !parked.paths.contains(d.path()) && !parked.ids.contains(d.id())) {
                        BaseEntry b = s1.base().get(d.path());
                        expect(b != null && !b.inConflict() && b.drive().fileId().equals(d.id())
                                        && d.content().equals(b.drive().md5()),
                                () -> "monitored Drive file " + d.id() + " at " + d.path() + " not mirrored: " + b,
                                plan, s0, s1);
                    }
                }
            }
            case SELECTIVE_SYNC -> {
                for (BaseEntry b : s1.base().values()) {
                    if (b.inConflict() || !b.imported() || !allowed(b.path()) || parked.paths.contains(b.path())) {
                        continue;
                    }
                    World.AppVersion a = s1.current(b.path());
                    DriveNode d = s1.driveFile(b.drive().fileId());
                    expect(a != null && d != null && d.live() && a.content().equals(d.content())
                                    && a.content().equals(b.app().md5()) && d.content().equals(b.drive().md5()),
                            () -> "imported file " + b.path() + " not in sync", plan, s0, s1);
                }
            }
        }
        for (String p : s1.appTree().keySet()) {
            expect(p.indexOf("(conflict ") == p.lastIndexOf("(conflict "), () -> "nested conflict name " + p, plan, s0, s1);
        }
        for (DriveNode d : s1.liveDriveFiles()) {
            expect(d.path().indexOf("(conflict ") == d.path().lastIndexOf("(conflict "),
                    () -> "nested conflict name " + d.path(), plan, s0, s1);
        }
    }

    /** A parked manual conflict: neither side nor the record is touched. */
    private void checkParkedUntouched(Plan plan, World s0, World s1) {
        for (BaseEntry b : s0.base().values()) {
            if (!b.inConflict()) {
                continue;
            }
            expect(b.equals(s1.base().get(b.path())), () -> "parked entry " + b.path() + " changed", plan, s0, s1);
            Set<String> paths = new HashSet<>();
            paths.add(b.path());
            if (b.conflict().app() != null) {
                paths.add(b.conflict().app().path());
            }
            for (String p : paths) {
                expect(java.util.Objects.equals(s0.current(p), s1.current(p)), () -> "parked app path " + p + " touched",
                        plan, s0, s1);
            }
            Set<String> ids = new HashSet<>();
            if (b.drive() != null) {
                ids.add(b.drive().fileId());
            }
            if (b.conflict().drive() != null) {
                ids.add(b.conflict().drive().id());
            }
            for (String id : ids) {
                expect(java.util.Objects.equals(s0.driveFile(id), s1.driveFile(id)), () -> "parked Drive file " + id
                        + " touched", plan, s0, s1);
            }
        }
    }

    /** (2) Every user's last word is still there, as a file or copy; overwritten only as a policy says. */
    private void checkNoLostWrite(Plan plan, World s0, World s1) {
        boolean appMayBeOverwritten = appOverwritable || appMayBeOverwritten();
        boolean driveMayBeOverwritten = driveOverwritable || driveMayBeOverwritten();
        // Content already part of the last synced state is no new write: writing it again, or moving it,
        // may legitimately read as a move (the planner pairs a deleted and a created object by content).
        for (String content : appLast) {
            if (!synced.contains(content)) {
                expect(s1.liveAnywhere(content) || (appMayBeOverwritten && s1.recoverable(content)),
                        () -> "app's last word " + content + " lost", plan, s0, s1);
            }
        }
        for (String content : driveLast) {
            if (!synced.contains(content)) {
                expect(s1.liveAnywhere(content) || (driveMayBeOverwritten && s1.recoverable(content)),
                        () -> "Drive's last word " + content + " lost", plan, s0, s1);
            }
        }
    }

    private boolean bothWays() {
        return settings.mode() == SyncMode.BIDIRECTIONAL || settings.mode() == SyncMode.SELECTIVE_SYNC;
    }

    /** A policy (or the one-way mode) lets Drive's content replace the app's, keeping it as an S3 version. */
    private boolean appMayBeOverwritten() {
        return settings.mode() == SyncMode.ACTIVE_MONITORING
                || (bothWays() && settings.conflictResolution() == ConflictPolicy.DRIVE_WINS);
    }

    private boolean driveMayBeOverwritten() {
        return settings.mode() == SyncMode.BACKUP_ONLY
                || (bothWays() && settings.conflictResolution() == ConflictPolicy.APP_WINS);
    }

    /**
     * (3) A file disappears from a side (its content live nowhere) only as the table says: its base
     * exists, this side did not edit it, the other side deleted it, and the mode allows the delete.
     */
    private void checkDeletes(Plan plan, World s0, World s1, boolean confirmed) {
        SyncMode mode = settings.mode();
        boolean appDeletes = mode == SyncMode.BIDIRECTIONAL || mode == SyncMode.SELECTIVE_SYNC;
        boolean driveTrash = appDeletes
                || (mode == SyncMode.BACKUP_ONLY && settings.autoBackup() && settings.deleteBackups());
        int deletes = 0;
        Map<String, String> after = s1.appTree();
        for (Map.Entry<String, String> e : s0.appTree().entrySet()) {
            String path = e.getKey();
            if (after.containsKey(path) || s1.liveAnywhere(e.getValue()) || movedOn(s0, s1, path)
                    || pairedMoveLivesOn(s0, s1, e.getValue())) {
                continue;
            }
            deletes++;
            expect(appDeletes, () -> "app object " + path + " deleted in " + mode, plan, s0, s1);
            BaseEntry b = s0.base().get(path);
            World.AppVersion object = s0.current(path);
            DriveNode mapped = b == null || b.drive() == null ? null : s0.driveFile(b.drive().fileId());
            boolean driveDeleted = mapped == null || !mapped.live() || !mapped.path().equals(path);
            expect(b != null && !b.inConflict() && (object.content().equals(b.app().md5()) || object.echoAt(path))
                    && driveDeleted, () -> "app object " + path + " (" + e.getValue()
                    + ") deleted though it was edited or Drive still had it", plan, s0, s1);
        }
        for (DriveNode d : s0.liveDriveFiles()) {
            DriveNode now = s1.driveFile(d.id());
            if (now.live() || s1.liveAnywhere(d.content())) {
                continue;
            }
            deletes++;
            expect(driveTrash, () -> "Drive file " + d.id() + " trashed in " + mode, plan, s0, s1);
            // the mapping that owns the file: the one at its path, else the first (as the planner)
            BaseEntry b = s0.base().values().stream()
                    .filter(e -> e.drive() != null && e.drive().fileId().equals(d.id()))
                    .min(java.util.Comparator.comparing((BaseEntry e) -> !e.path().equals(d.path()))).orElse(null);
            boolean edited = b != null && ((!d.content().equals(b.drive().md5()) && !d.content().equals(d.drivelinkMd5()))
                    || (b.app() != null && !b.app().md5().equals(b.drive().md5())));
            expect(b != null && !b.inConflict() && !edited && s0.current(b.path()) == null,
                    () -> "Drive file " + d.id() + " (" + d.content() + ") trashed though it was edited or the app still had it",
                    plan, s0, s1);
        }
        int counted = deletes;
        expect(confirmed || !settings.deleteGuard().trips(counted, s0.base().size()),
                () -> counted + " deletes of " + s0.base().size() + " mapped files without confirmation", plan, s0, s1);
    }

    /** The file mapped at {@code path} lives on elsewhere: its Drive file is mapped at a path the app has. */
    private static boolean movedOn(World s0, World s1, String path) {
        BaseEntry b = s0.base().get(path);
        if (b == null || b.drive() == null) {
            return false;
        }
        String id = b.drive().fileId();
        DriveNode d = s1.driveFile(id);
        return d != null && d.live() && s1.base().values().stream().anyMatch(e -> e.drive() != null
                && e.drive().fileId().equals(id) && !e.path().equals(path) && s1.current(e.path()) != null);
    }

    /**
     * The object was (by content) a move of a mapped file whose app object left its own path, and that
     * file lives on: it was the moved file, not deleted.
     */
    private static boolean pairedMoveLivesOn(World s0, World s1, String content) {
        return s0.base().values().stream().anyMatch(b -> b.app() != null && b.app().md5().equals(content)
                && s0.current(b.path()) == null && movedOn(s0, s1, b.path()));
    }

    /** (4) drivelink never puts a second Drive file at a path. */
    private void checkNoDuplicates(Plan plan, World s0, World s1) {
        Map<String, Long> before = s0.liveDriveFiles().stream()
                .collect(Collectors.groupingBy(DriveNode::path, Collectors.counting()));
        Map<String, Long> after = s1.liveDriveFiles().stream()
                .collect(Collectors.groupingBy(DriveNode::path, Collectors.counting()));
        after.forEach((path, n) -> expect(n <= Math.max(1, before.getOrDefault(path, 0L)),
                () -> "drivelink made a duplicate at " + path, plan, s0, s1));
    }

    /**
     * (4b) One mapping per Drive file, in every mode: the store keeps a {@code DFILE#} pointer for every
     * mapping with a Drive file id (synced or conflict, filtered or not) and refuses a second path for
     * it. No base write of the plan may be refused (in plan order), and the resulting base maps each
     * Drive file at one path at most.
     */
    private void checkOneMappingPerDriveFile(World.Applied applied, Plan plan, World before, World after) {
        expect(applied.refused().isEmpty(), () -> "the store refuses " + applied.refused()
                + " (its Drive file is mapped at another path)", plan, before, after);
        Map<String, String> paths = new HashMap<>();
        for (BaseEntry b : after.base().values()) {
            if (b.drive() != null) {
                String other = paths.put(b.drive().fileId(), b.path());
                expect(other == null, () -> "Drive file " + b.drive().fileId() + " mapped at " + other + " and "
                        + b.path(), plan, before, after);
            }
        }
    }

    private boolean allowed(String path) {
        return settings.fileTypeFilters().syncs(path, List.of(World.mime(path)));
    }

    /** Paths and ids a parked conflict holds. */
    private static final class Parked {
        final Set<String> paths = new HashSet<>();
        final Set<String> ids = new HashSet<>();

        Parked(World world) {
            for (BaseEntry b : world.base().values()) {
                if (!b.inConflict()) {
                    continue;
                }
                paths.add(b.path());
                if (b.drive() != null) {
                    ids.add(b.drive().fileId());
                }
                if (b.conflict().app() != null) {
                    paths.add(b.conflict().app().path());
                }
                if (b.conflict().drive() != null) {
                    ids.add(b.conflict().drive().id());
                    if (b.conflict().drive().path() != null) {
                        paths.add(b.conflict().drive().path());
                    }
                }
            }
            for (String id : ids) {
                DriveNode d = world.driveFile(id);
                if (d != null && d.live()) {
                    paths.add(d.path()); // where the parked file is now
                }
            }
        }
    }

    private void expect(boolean ok, java.util.function.Supplier<String> what, Plan plan, World before, World after) {
        if (!ok) {
            StringBuilder sb = new StringBuilder("step ").append(step).append(": ").append(what.get()).append('\n')
                    .append("settings: ").append(settings).append('\n')
                    .append("plan:\n");
            List<PlanAction> actions = plan == null ? new ArrayList<>() : plan.actions();
            actions.forEach(a -> sb.append("    ").append(a).append('\n'));
            sb.append("before:\n").append(before.describe()).append("after:\n").append(after.describe());
            throw new AssertionError(sb.toString());
        }
    }
}
