package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;

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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One planning run. Three stages: match (which app object and which Drive file belong to which
 * logical file: by base path, Drive file id, app move pairing, re-binding), decide (the table per
 * logical file, restricted by mode, filters and policy), emit (moves first, guard last).
 * See SYNC.md for every rule; comments here only say why.
 */
final class PlanRun {
    /** Newest first, then by id: which of several Drive files at one path keeps it. */
    private static final Comparator<DriveEntry> NEWEST_FIRST = Comparator.comparing(DriveEntry::modified).reversed()
            .thenComparing(DriveEntry::id);

    private final PlanInput in;
    private final SyncSettings settings;
    private final Directions dir;
    /** Drive paths mirror app paths (every mode but selective_sync, whose picked files live anywhere). */
    private final boolean pathsMatter;
    /** Resolution of one manual conflict: the policy the user chose, and the entry it applies to. */
    private final ConflictPolicy forcedPolicy;
    private final BaseEntry focus;

    private final TreeMap<String, BaseEntry> baseByPath = new TreeMap<>();
    private final TreeMap<String, AppObject> appByPath = new TreeMap<>();
    private final Map<String, DriveEntry> driveById = new LinkedHashMap<>();
    private final Map<String, List<DriveEntry>> liveDriveByPath = new HashMap<>();

    private final Set<String> claimedApp = new HashSet<>();
    private final Set<String> claimedDrive = new HashSet<>();
    private final Set<String> reservedPaths = new HashSet<>();
    private final Set<String> reservedIds = new HashSet<>();
    private final Set<String> parkedDrivePaths = new HashSet<>();
    private final Set<String> takenNames = new HashSet<>();
    private final Map<String, Boolean> filterVerdicts = new HashMap<>();
    private final List<Unit> units = new ArrayList<>();

    private final List<PlanAction> moves = new ArrayList<>();
    private final List<PlanAction> rest = new ArrayList<>();
    private int groups;
    private int pendingIds;

    PlanRun(PlanInput input, ConflictPolicy forcedPolicy, BaseEntry focus) {
        this.in = input;
        this.settings = input.settings();
        this.dir = Directions.of(settings);
        this.pathsMatter = settings.mode() != SyncMode.SELECTIVE_SYNC;
        this.forcedPolicy = forcedPolicy;
        this.focus = focus;
        index();
    }

    // ------------------------------------------------------------------ matching

    private void index() {
        for (BaseEntry b : in.base()) {
            if (baseByPath.put(b.path(), b) != null) {
                throw new IllegalArgumentException("two base entries for " + b.path());
            }
            takenNames.add(b.path());
            if (b.conflict() != null) {
                if (b.conflict().app() != null) {
                    takenNames.add(b.conflict().app().path());
                }
                if (b.conflict().drive() != null && b.conflict().drive().path() != null) {
                    takenNames.add(b.conflict().drive().path());
                }
            }
        }
        for (AppObject a : in.app()) {
            if (appByPath.put(a.path(), a) != null) {
                throw new IllegalArgumentException("two app objects at " + a.path());
            }
            takenNames.add(a.path());
        }
        for (DriveEntry d : in.drive()) {
            if (driveById.put(d.id(), d) != null) {
                throw new IllegalArgumentException("two Drive files with id " + d.id());
            }
            if (d.path() != null) {
                takenNames.add(d.path());
            }
            if (d.live()) {
                liveDriveByPath.computeIfAbsent(d.path(), p -> new ArrayList<>()).add(d);
            }
        }
    }

    Plan plan() {
        hideFiltered();
        reserveParked();
        claimBases();
        if (pathsMatter) {
            pairMovesToDriveTarget();
        }
        pairAppMoves();
        if (pathsMatter) {
            checkDriveMoves();
            rebind();
        }
        // mapped files first: which paths they keep decides where a new Drive file may stay
        List<Unit> mapped = new ArrayList<>(units);
        mapped.sort(Comparator.comparing(Unit::key));
        Set<String> held = new HashSet<>(reservedPaths);
        held.addAll(parkedDrivePaths);
        for (Unit u : mapped) {
            u.outcome = decide(u);
            held.addAll(pathsHeld(u));
        }
        int before = units.size();
        newUnits(held);
        List<Unit> fresh = new ArrayList<>(units.subList(before, units.size()));
        fresh.sort(Comparator.comparing(Unit::key));
        for (Unit u : fresh) {
            u.outcome = decide(u);
        }
        // mapped files' groups first: a path one of them leaves may be taken by a new file
        for (Unit u : Stream.concat(mapped.stream(), fresh.stream()).toList()) {
            if (u.outcome != null) {
                emit(u, u.outcome);
            }
        }
        return finish();
    }

    /** The paths a mapped file still occupies after its decision. */
    private static List<String> pathsHeld(Unit u) {
        Outcome o = u.outcome;
        if (o != null && o.conflict != null) {
            return List.of(o.conflict.path());
        }
        if (o != null && o.after != null) {
            return o.after.stream().map(BaseEntry::path).toList();
        }
        List<String> here = new ArrayList<>(2);
        if (u.app != null) {
            here.add(u.app.path());
        }
        if (u.drive != null) {
            here.add(u.drive.path());
        }
        if (here.isEmpty() && u.leaveAlone) {
            here.add(u.base.path());
        }
        return here;
    }

    /**
     * A path the file type filters refuse does not exist for the planner: its objects, Drive files and
     * base entry are neither copied nor deleted, and count as taken names only. The same holds for Drive
     * files outside the monitored folders in active_monitoring.
     */
    private void hideFiltered() {
        for (AppObject a : appByPath.values()) {
            if (filtered(a.path())) {
                claimedApp.add(a.path());
            }
        }
        boolean monitoring = settings.mode() == SyncMode.ACTIVE_MONITORING;
        for (DriveEntry d : driveById.values()) {
            // in active_monitoring the Drive side is the monitored folders: a file outside is as gone
            if (d.live() && (filtered(d.path()) || (monitoring && !settings.monitors(d.path())))) {
                claimedDrive.add(d.id());
            }
        }
    }

    private boolean filtered(String path) {
        return filterVerdicts.computeIfAbsent(path, p -> {
            List<String> mimes = new ArrayList<>();
            AppObject a = appByPath.get(p);
            if (a != null) {
                mimes.add(a.mimeType());
            }
            for (DriveEntry d : liveDriveByPath.getOrDefault(p, List.of())) {
                mimes.add(d.mimeType());
            }
            return !settings.fileTypeFilters().syncs(p, mimes);
        });
    }

    /** A parked conflict keeps its paths and its Drive file out of the run. */
    private void reserveParked() {
        for (BaseEntry b : baseByPath.values()) {
            if (!b.inConflict() || isFocus(b)) {
                continue;
            }
            reservedPaths.add(b.path());
            if (b.drive() != null) {
                reservedIds.add(b.drive().fileId());
            }
            ConflictRecord c = b.conflict();
            if (c.app() != null) {
                reservedPaths.add(c.app().path());
            }
            if (c.drive() != null) {
                reservedIds.add(c.drive().id());
                if (c.drive().path() != null && pathsMatter) {
                    reservedPaths.add(c.drive().path());
                }
            }
        }
        if (pathsMatter) {
            // wherever its Drive file is now, no new file may take that name meanwhile
            for (String id : reservedIds) {
                DriveEntry d = driveById.get(id);
                if (d != null && d.live()) {
                    parkedDrivePaths.add(d.path());
                }
            }
        }
        for (AppObject a : appByPath.values()) {
            if (reservedPaths.contains(a.path())
                    || (parkedDrivePaths.contains(a.path()) && !baseByPath.containsKey(a.path()))) {
                claimedApp.add(a.path());
            }
        }
        for (DriveEntry d : driveById.values()) {
            if (reservedIds.contains(d.id()) || (pathsMatter && d.live() && reservedPaths.contains(d.path()))) {
                claimedDrive.add(d.id());
            }
        }
    }

    private boolean isFocus(BaseEntry b) {
        return focus != null && focus.path().equals(b.path());
    }

    private void claimBases() {
        // Several entries may name one Drive file (left over from a one-way mode): the one at the
        // file's own path owns it, else the first by path.
        Map<String, String> owner = new HashMap<>();
        for (BaseEntry b : baseByPath.values()) {
            if (b.drive() == null || (b.inConflict() && !isFocus(b)) || filtered(b.path())) {
                continue;
            }
            DriveEntry f = driveById.get(b.drive().fileId());
            if (f == null || !f.live() || claimedDrive.contains(f.id())) {
                continue;
            }
            String current = owner.get(f.id());
            if (current == null || (!current.equals(f.path()) && b.path().equals(f.path()))) {
                owner.put(f.id(), b.path());
            }
        }
        for (BaseEntry b : baseByPath.values()) {
            if ((b.inConflict() && !isFocus(b)) || filtered(b.path())) {
                continue;
            }
            if (b.app() == null || b.drive() == null) {
                continue; // a conflict between two created files, being resolved: they are new files
            }
            BaseEntry decisionBase = isFocus(b) ? b.withConflict(null) : b;
            Unit u = new Unit(b, decisionBase);
            u.leaveAlone = reservedPaths.contains(b.path());
            AppObject a = appByPath.get(b.path());
            if (a != null && claimedApp.add(a.path())) {
                u.app = a;
            }
            DriveEntry f = driveById.get(b.drive().fileId());
            if (f != null && b.path().equals(owner.get(f.id())) && claimedDrive.add(f.id())) {
                u.drive = f;
                if (!f.syncable()) {
                    u.leaveAlone = true;
                }
            }
            units.add(u);
        }
    }

    /** App and Drive moved a file to the same new path: one move, done on both sides already. */
    private void pairMovesToDriveTarget() {
        for (Unit u : mappedUnits()) {
            if (u.app != null || u.drive == null || u.drive.path().equals(u.base.path())) {
                continue;
            }
            AppObject a = appByPath.get(u.drive.path());
            if (a != null && !claimedApp.contains(a.path()) && !baseByPath.containsKey(a.path())
                    && a.md5().equals(u.base.app().md5()) && onlyDriveFileAt(a.path(), u.drive)) {
                claimedApp.add(a.path());
                u.app = a;
            }
        }
    }

    /**
     * A Drive move becomes a move only into a free path; otherwise (and when the app deleted the file)
     * the file is let go: its old path sees a Drive delete, and it comes back as a new file where it is.
     */
    private void checkDriveMoves() {
        for (Unit u : mappedUnits()) {
            if (u.drive == null || u.drive.path().equals(u.base.path())) {
                continue;
            }
            String target = u.drive.path();
            boolean keep;
            if (u.app == null) {
                keep = false;
            } else if (u.app.path().equals(target)) {
                keep = true;
            } else {
                keep = !reservedPaths.contains(target) && !baseByPath.containsKey(target)
                        && !appByPath.containsKey(target) && onlyDriveFileAt(target, u.drive);
            }
            if (!keep) {
                claimedDrive.remove(u.drive.id());
                u.drive = null;
                if (u.app != null && !u.app.path().equals(u.base.path())) {
                    // the app's move was paired with a Drive file that is let go: both are new files
                    claimedApp.remove(u.app.path());
                    u.app = null;
                }
            }
        }
    }

    /** An app object gone from its path and one new object of equal content: a move (not in active_monitoring). */
    private void pairAppMoves() {
        if (settings.mode() == SyncMode.ACTIVE_MONITORING) {
            return;
        }
        Map<String, TreeSet<String>> candidatesByMd5 = new HashMap<>();
        for (AppObject a : appByPath.values()) {
            if (!claimedApp.contains(a.path()) && !baseByPath.containsKey(a.path())
                    && !reservedPaths.contains(a.path())) {
                candidatesByMd5.computeIfAbsent(a.md5(), k -> new TreeSet<>()).add(a.path());
            }
        }
        for (Unit u : mappedUnits()) {
            if (u.app != null || u.drive == null) {
                continue;
            }
            TreeSet<String> candidates = candidatesByMd5.get(u.base.app().md5());
            if (candidates == null) {
                continue;
            }
            for (String path : candidates) {
                if (!pathsMatter || onlyDriveFileAt(path, u.drive) || !liveDriveByPath.containsKey(path)) {
                    candidates.remove(path);
                    claimedApp.add(path);
                    u.app = appByPath.get(path);
                    break;
                }
            }
        }
    }

    /**
     * The mapped Drive file is gone but another file sits at the same path while the app still has it:
     * that file replaced it (an edit). With the app's side gone too, the entry is dropped and the file is new.
     */
    private void rebind() {
        for (Unit u : mappedUnits()) {
            if (u.drive != null || u.app == null || !u.app.path().equals(u.base.path())) {
                continue;
            }
            liveDriveByPath.getOrDefault(u.base.path(), List.of()).stream()
                    .filter(d -> !claimedDrive.contains(d.id()) && d.syncable())
                    .filter(d -> focus == null || !isFocus(u.base) || focusIds().contains(d.id()))
                    .min(NEWEST_FIRST)
                    .ifPresent(d -> {
                        claimedDrive.add(d.id());
                        u.drive = d;
                    });
        }
    }

    private void newUnits(Set<String> held) {
        TreeMap<String, List<DriveEntry>> drive = new TreeMap<>();
        for (DriveEntry d : driveById.values()) {
            if (d.live() && !claimedDrive.contains(d.id())) {
                drive.computeIfAbsent(d.path(), p -> new ArrayList<>()).add(d);
            }
        }
        TreeSet<String> paths = new TreeSet<>(drive.keySet());
        appByPath.keySet().stream().filter(p -> !claimedApp.contains(p)).forEach(paths::add);
        for (String path : paths) {
            AppObject a = claimedApp.contains(path) ? null : appByPath.get(path);
            List<DriveEntry> files = new ArrayList<>(drive.getOrDefault(path, List.of()));
            files.sort(NEWEST_FIRST);
            boolean nativeDoc = files.stream().anyMatch(d -> !d.syncable());
            for (DriveEntry d : files) {
                if (!d.syncable()) {
                    units.add(Unit.alone(d));
                }
            }
            files.removeIf(d -> !d.syncable());
            DriveEntry partner = null;
            if (!held.contains(path) && !files.isEmpty()) {
                // the file a conflict being resolved names; else one with the app's content; else the newest
                String named = focus != null && focus.conflict().drive() != null && path.equals(focus.path())
                        ? focus.conflict().drive().id() : null;
                partner = files.stream().filter(d -> d.id().equals(named)).findFirst()
                        .or(() -> files.stream().filter(d -> a != null && d.md5().equals(a.md5())).findFirst())
                        .orElse(files.get(0));
            }
            if (a != null || partner != null) {
                Unit u = new Unit(null, null);
                u.app = a;
                u.drive = partner;
                u.leaveAlone = nativeDoc; // a Google document holds this name on Drive
                units.add(u);
            }
            for (DriveEntry d : files) {
                if (d != partner) {
                    Unit extra = new Unit(null, null);
                    extra.drive = d;
                    extra.extra = true;
                    units.add(extra);
                }
            }
        }
    }

    private List<Unit> mappedUnits() {
        return units.stream().filter(u -> u.base != null && !u.leaveAlone).toList();
    }

    private boolean onlyDriveFileAt(String path, DriveEntry file) {
        List<DriveEntry> there = liveDriveByPath.getOrDefault(path, List.of());
        return there.size() == 1 && there.get(0).id().equals(file.id());
    }

    // ------------------------------------------------------------------ deciding

    private Outcome decide(Unit u) {
        // a resolution is the user's explicit choice for that file: the mode's directions still apply,
        // its choice of files does not
        if (u.leaveAlone || !inFocus(u) || (focus == null && !covered(u)) || !dir.any()) {
            return null;
        }
        Outcome o = new Outcome(groups++);
        if (u.base == null) {
            decideNew(u, o);
        } else if (u.app == null && u.drive == null) {
            o.after = List.of();
        } else if (u.app == null) {
            appGone(u, o);
        } else if (u.drive == null) {
            driveGone(u, o);
        } else {
            both(u, o);
        }
        // a name a parked conflict's file or a Google document holds on Drive is not taken twice: wait
        // (in a resolution: any other file; the next run sorts the names out)
        for (PlanAction effect : o.effects) {
            if (effect instanceof UploadNew upload && heldByForeignFile(upload.path(), u)) {
                return null;
            }
        }
        return o;
    }

    private boolean heldByForeignFile(String path, Unit u) {
        return pathsMatter && liveDriveByPath.getOrDefault(path, List.of()).stream()
                .anyMatch(d -> reservedIds.contains(d.id()) || !d.syncable()
                        || (focus != null && (u.drive == null || !u.drive.id().equals(d.id()))));
    }

    /** The Drive files a conflict being resolved names. */
    private Set<String> focusIds() {
        Set<String> ids = new HashSet<>();
        if (focus.drive() != null) {
            ids.add(focus.drive().fileId());
        }
        if (focus.conflict().drive() != null) {
            ids.add(focus.conflict().drive().id());
        }
        return ids;
    }

    private boolean inFocus(Unit u) {
        if (focus == null) {
            return true;
        }
        ConflictRecord c = focus.conflict();
        Set<String> paths = new HashSet<>();
        paths.add(focus.path());
        if (c.app() != null) {
            paths.add(c.app().path());
        }
        Set<String> ids = focusIds();
        if (u.original != null) {
            return u.original.path().equals(focus.path());
        }
        // a new file is the conflict's only at the conflict's own paths: its Drive file, moved elsewhere
        // meanwhile, never drags an unrelated app file into the resolution
        // and with another Drive file than the conflict's (one the user never saw in it), it is left to
        // the next run, where a difference is a new conflict
        if (u.app != null) {
            return paths.contains(u.app.path()) && (u.drive == null || ids.contains(u.drive.id()));
        }
        return ids.contains(u.drive.id());
    }

    private boolean covered(Unit u) {
        if (!dir.any()) {
            return false;
        }
        return switch (settings.mode()) {
            case BIDIRECTIONAL, BACKUP_ONLY -> true;
            case SELECTIVE_SYNC -> u.base != null && u.base.imported();
            case ACTIVE_MONITORING -> u.drive != null ? settings.monitors(u.drive.path())
                    : u.base != null && settings.monitors(u.base.path());
        };
    }

    private void decideNew(Unit u, Outcome o) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        if (d == null) {
            if (dir.upload()) {
                String id = pendingId();
                o.effects.add(new UploadNew(o.group, id, a.path(), a.path(), a.versionId(), a.md5(), a.size()));
                o.after = List.of(BaseEntry.synced(a.path(), AppSide.of(a), DriveSide.written(id, a.md5(), a.size()),
                        false));
            }
            return;
        }
        if (a == null) {
            String target = d.path();
            if (u.extra) {
                if (!dir.moveDrive()) {
                    return;
                }
                target = allocate(d.path(), Side.DRIVE);
                o.driveTo(d, target);
            }
            if (dir.download()) {
                o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), target, null));
                o.after = List.of(BaseEntry.synced(target, AppSide.written(d.md5(), d.size()),
                        u.extra ? DriveSide.written(d.id(), d.md5(), d.size()) : DriveSide.of(d), false));
            }
            return;
        }
        both(u, o);
    }

    /** The app deleted the file (Drive still has it). */
    private void appGone(Unit u, Outcome o) {
        BaseEntry b = u.base;
        DriveEntry d = u.drive;
        // content the app never had (agreed to differ) is no copy of what the app deleted; drivelink's own
        // upload is no edit only where the delete propagates: a mode that never trashes Drive files must
        // still reconcile Drive's content, which the base does not record (a crashed run's upload)
        boolean echo = dir.trashDrive() && driveEcho(b, d);
        boolean edited = (!d.md5().equals(b.drive().md5()) && !echo) || !b.drive().md5().equals(b.app().md5());
        if (!edited) {
            if (dir.trashDrive()) {
                o.effects.add(new TrashOnDrive(o.group, d.id(), d.path(), d.md5()));
                o.after = List.of();
            }
        } else if (dir.download()) {
            // edit beats delete: restore on the app side
            o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), b.path(), null));
            o.after = List.of(BaseEntry.synced(b.path(), AppSide.written(d.md5(), d.size()), DriveSide.of(d),
                    b.imported()));
        }
    }

    /** Drive deleted the file (the app still has it). */
    private void driveGone(Unit u, Outcome o) {
        BaseEntry b = u.base;
        AppObject a = u.app;
        // likewise drivelink's own write on the app side is no edit only where the delete propagates
        boolean echo = dir.deleteApp() && a.writtenByDrivelink();
        boolean edited = (!a.md5().equals(b.app().md5()) && !echo) || !b.app().md5().equals(b.drive().md5());
        // a mode that keeps the app file, whose Drive file was let go (moved onto a taken path, where it may
        // become another path's file): this path must give the Drive file up (one mapping per Drive file)
        boolean letGo = !dir.deleteApp() && livesElsewhere(b);
        if (!edited && !letGo) {
            if (dir.deleteApp()) {
                o.effects.add(new DeleteOnApp(o.group, a.path(), a.versionId(), a.md5()));
                o.after = List.of();
            }
        } else if (letGo && !dir.upload()) {
            // nothing goes to Drive in this mode: the app file stays, unmapped
            o.after = List.of();
        } else if (dir.upload()) {
            // edit beats delete: upload again, as a new Drive file
            String id = pendingId();
            o.effects.add(new UploadNew(o.group, id, newDrivePathFor(u), a.path(), a.versionId(), a.md5(), a.size()));
            o.after = List.of(BaseEntry.synced(a.path(), AppSide.of(a), DriveSide.written(id, a.md5(), a.size()),
                    b.imported()));
        }
    }

    /**
     * The base's Drive file is live at another path this run takes in (a move that was let go; moved out
     * of every monitored folder, it is nobody's new file and the base may keep it).
     */
    private boolean livesElsewhere(BaseEntry b) {
        DriveEntry now = driveById.get(b.drive().fileId());
        return now != null && now.live() && now.path() != null && !now.path().equals(b.path())
                && (settings.mode() != SyncMode.ACTIVE_MONITORING || settings.monitors(now.path()));
    }

    /** Where edit-beats-delete re-creates the Drive file: its old place, unless another file took that name. */
    private String newDrivePathFor(Unit u) {
        if (pathsMatter) {
            return u.app.path();
        }
        DriveEntry old = driveById.get(u.base.drive().fileId());
        // the old place if the old file is in the trash there; a file that lives on elsewhere (filtered,
        // out of reach) keeps its place, and the new one takes the app's path
        boolean oldPlaceAllowed = old != null && old.trashed() && old.path() != null && !filtered(old.path())
                && settings.fileTypeFilters().syncs(old.path(), Arrays.asList(old.mimeType(), u.app.mimeType()));
        String wanted = oldPlaceAllowed ? old.path() : u.app.path();
        return liveDriveByPath.containsKey(wanted) ? allocate(wanted, Side.APP) : wanted;
    }

    /** Both sides have the file (mapped, or created at the same path). */
    private void both(Unit u, Outcome o) {
        BaseEntry b = u.base;
        AppObject a = u.app;
        DriveEntry d = u.drive;
        boolean appMoved = b != null && !a.path().equals(b.path());
        boolean driveMoved = b != null && pathsMatter && !d.path().equals(b.path());
        boolean appChanged = b == null || !a.md5().equals(b.app().md5());
        boolean driveChanged = b == null || !d.md5().equals(b.drive().md5());
        Content content = content(a, d, appChanged, driveChanged, b != null && a.writtenByDrivelink(),
                driveEcho(b, d));
        ConflictPolicy policy = forcedPolicy != null ? forcedPolicy : settings.conflictResolution();
        if (content == Content.NONE && !a.md5().equals(d.md5()) && dir.download() && dir.upload()) {
            content = Content.CONFLICT; // a one-way mode let the sides differ; both ways they must agree
        }

        if (content == Content.CONFLICT && policy == ConflictPolicy.MANUAL) {
            park(u, o, b == null ? ConflictKind.CREATED : ConflictKind.CONTENT);
            return;
        }
        String target;
        if (appMoved && driveMoved && !a.path().equals(d.path())) {
            switch (policy) {
                case MANUAL -> {
                    park(u, o, ConflictKind.MOVED);
                    return;
                }
                case KEEP_BOTH -> {
                    keepBothPaths(u, o);
                    return;
                }
                case APP_WINS -> target = a.path();
                default -> target = d.path();
            }
        } else {
            target = appMoved ? a.path() : driveMoved ? d.path() : a.path();
        }
        String appAt = !a.path().equals(target) && dir.moveApp() ? target : a.path();
        String driveAt = pathsMatter && !d.path().equals(target) && dir.moveDrive() ? target : d.path();

        switch (content) {
            case NONE -> o.after = List.of(entry(u, appAt, appSide(u, appAt, false), driveSide(u, driveAt, false)));
            case EQUAL -> o.after = List.of(entry(u, appAt, appSide(u, appAt, true), driveSide(u, driveAt, true)));
            case TO_DRIVE -> toDrive(u, o, appAt, driveAt);
            case TO_APP -> toApp(u, o, appAt, driveAt);
            case CONFLICT -> {
                switch (oneWay(policy)) {
                    case OVERWRITE_DRIVE -> toDrive(u, o, appAt, driveAt);
                    case OVERWRITE_APP -> toApp(u, o, appAt, driveAt);
                    case ABSORB -> o.after = List.of(entry(u, appAt, appSide(u, appAt, true),
                            driveSide(u, driveAt, true)));
                    case KEEP_BOTH -> {
                        keepBoth(u, o, appAt, driveAt);
                        return;
                    }
                    case KEEP_BOTH_APP_SOURCE -> {
                        keepBothToDrive(u, o, appAt);
                        return;
                    }
                    case KEEP_BOTH_DRIVE_SOURCE -> {
                        keepBothToApp(u, o);
                        return;
                    }
                }
            }
        }
        o.appTo(a, appAt);
        o.driveTo(d, driveAt);
    }

    private void toDrive(Unit u, Outcome o, String appAt, String driveAt) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        if (dir.upload()) {
            o.effects.add(new UploadRevision(o.group, d.id(), d.md5(), a.path(), a.versionId(), a.md5(), a.size()));
            o.after = List.of(entry(u, appAt, appSide(u, appAt, true), DriveSide.written(d.id(), a.md5(), a.size())));
        } else {
            o.after = List.of(entry(u, appAt, appSide(u, appAt, false), driveSide(u, driveAt, false)));
        }
    }

    private void toApp(Unit u, Outcome o, String appAt, String driveAt) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        if (dir.download()) {
            o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), appAt, a.md5()));
            o.after = List.of(entry(u, appAt, AppSide.written(d.md5(), d.size()), driveSide(u, driveAt, true)));
        } else {
            o.after = List.of(entry(u, appAt, appSide(u, appAt, false), driveSide(u, driveAt, false)));
        }
    }

    /** keep_both, both ways: the newer content keeps the name, the other becomes a copy on both sides. */
    private void keepBoth(Unit u, Outcome o, String appAt, String driveAt) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        boolean imported = u.base != null && u.base.imported();
        String newId = pendingId();
        if (!a.modified().isBefore(d.modified())) {
            String appCopy = allocate(appAt, Side.DRIVE);
            String driveCopy = pathsMatter ? appCopy : allocate(d.path(), Side.DRIVE);
            String newDrivePath = pathsMatter ? appAt : d.path();
            o.appTo(a, appAt);
            o.driveTo(d, driveCopy);
            o.effects.add(new UploadNew(o.group, newId, newDrivePath, a.path(), a.versionId(), a.md5(), a.size()));
            o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), appCopy, null));
            o.after = List.of(
                    BaseEntry.synced(appAt, appSide(u, appAt, true), DriveSide.written(newId, a.md5(), a.size()),
                            imported),
                    BaseEntry.synced(appCopy, AppSide.written(d.md5(), d.size()),
                            DriveSide.written(d.id(), d.md5(), d.size()), imported));
        } else {
            String appCopy = allocate(appAt, Side.APP);
            String driveCopy = pathsMatter ? appCopy : allocate(d.path(), Side.APP);
            o.appTo(a, appCopy);
            o.driveTo(d, driveAt);
            o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), appAt, null));
            o.effects.add(new UploadNew(o.group, newId, driveCopy, a.path(), a.versionId(), a.md5(), a.size()));
            o.after = List.of(
                    BaseEntry.synced(appAt, AppSide.written(d.md5(), d.size()), driveSide(u, driveAt, true), imported),
                    BaseEntry.synced(appCopy, AppSide.written(a.md5(), a.size()),
                            DriveSide.written(newId, a.md5(), a.size()), imported));
        }
    }

    /** keep_both in backup_only: Drive gets the app's content under the name; Drive's own content stays, renamed. */
    private void keepBothToDrive(Unit u, Outcome o, String appAt) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        if (d.path().equals(appAt)) {
            o.driveTo(d, allocate(appAt, Side.DRIVE));
        }
        String newId = pendingId();
        o.effects.add(new UploadNew(o.group, newId, appAt, a.path(), a.versionId(), a.md5(), a.size()));
        o.after = List.of(BaseEntry.synced(appAt, appSide(u, appAt, true), DriveSide.written(newId, a.md5(), a.size()),
                u.base != null && u.base.imported()));
    }

    /** keep_both in active_monitoring: the app gets Drive's content under the name; its own content stays, renamed. */
    private void keepBothToApp(Unit u, Outcome o) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        String target = d.path();
        o.appTo(a, allocate(target, Side.APP)); // even from elsewhere: the app follows Drive's layout here
        o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), target, null));
        o.after = List.of(BaseEntry.synced(target, AppSide.written(d.md5(), d.size()), DriveSide.of(d),
                u.base != null && u.base.imported()));
    }

    /** Moved on both sides to different places, keep_both: the file stays at both new paths, on both sides. */
    private void keepBothPaths(Unit u, Outcome o) {
        AppObject a = u.app;
        DriveEntry d = u.drive;
        if (!dir.upload()) {
            throw new IllegalStateException("app moves are paired only where uploads are allowed");
        }
        String newId = pendingId();
        o.effects.add(new UploadNew(o.group, newId, a.path(), a.path(), a.versionId(), a.md5(), a.size()));
        List<BaseEntry> after = new ArrayList<>();
        after.add(BaseEntry.synced(a.path(), AppSide.of(a), DriveSide.written(newId, a.md5(), a.size()),
                u.base.imported()));
        if (dir.download()) {
            o.effects.add(new Download(o.group, d.id(), d.md5(), d.size(), d.path(), null));
            after.add(BaseEntry.synced(d.path(), AppSide.written(d.md5(), d.size()), DriveSide.of(d),
                    u.base.imported()));
        }
        o.after = after;
    }

    private void park(Unit u, Outcome o, ConflictKind kind) {
        ConflictRecord record = new ConflictRecord(kind, in.now(), u.app, u.drive);
        BaseEntry b = u.base;
        if (b == null) {
            o.conflict = new BaseEntry(u.app.path(), null, null, false, record);
        } else {
            // the entry names the Drive file it now stands for (a re-bound file replaced the old one)
            o.conflict = new BaseEntry(b.path(), b.app(), b.drive().withFileId(u.drive.id()), b.imported(), record);
        }
    }

    private Resolution oneWay(ConflictPolicy policy) {
        return switch (settings.mode()) {
            case BIDIRECTIONAL, SELECTIVE_SYNC -> switch (policy) {
                case APP_WINS -> Resolution.OVERWRITE_DRIVE;
                case DRIVE_WINS -> Resolution.OVERWRITE_APP;
                default -> Resolution.KEEP_BOTH;
            };
            case BACKUP_ONLY -> switch (policy) {
                case APP_WINS -> Resolution.OVERWRITE_DRIVE;
                case DRIVE_WINS -> Resolution.ABSORB;
                default -> Resolution.KEEP_BOTH_APP_SOURCE;
            };
            case ACTIVE_MONITORING -> switch (policy) {
                case DRIVE_WINS -> Resolution.OVERWRITE_APP;
                case APP_WINS -> Resolution.ABSORB;
                default -> Resolution.KEEP_BOTH_DRIVE_SOURCE;
            };
        };
    }

    private static Content content(AppObject a, DriveEntry d, boolean appChanged, boolean driveChanged,
                                   boolean appEcho, boolean driveEcho) {
        if (!appChanged && !driveChanged) {
            return Content.NONE;
        }
        if (a.md5().equals(d.md5())) {
            return Content.EQUAL;
        }
        if (!driveChanged) {
            return Content.TO_DRIVE;
        }
        if (!appChanged) {
            return Content.TO_APP;
        }
        // Both differ from the base. A side whose content drivelink wrote itself made no change of its own
        // since the base; without a base there is no "since", and both files are the users'.
        boolean appUser = !appEcho;
        boolean driveUser = !driveEcho;
        if (appUser && driveUser) {
            return Content.CONFLICT;
        }
        if (appUser != driveUser) {
            return appUser ? Content.TO_DRIVE : Content.TO_APP;
        }
        return a.modified().isBefore(d.modified()) ? Content.TO_APP : Content.TO_DRIVE;
    }

    /**
     * Drive's content is drivelink's own upload to the mapped file. A file that replaced the mapped one
     * (re-bound) carries its own history: its echo says nothing about this base.
     */
    private static boolean driveEcho(BaseEntry b, DriveEntry d) {
        return b != null && d.echo() && d.id().equals(b.drive().fileId());
    }

    private BaseEntry entry(Unit u, String path, AppSide app, DriveSide drive) {
        return BaseEntry.synced(path, app, drive, u.base != null && u.base.imported());
    }

    /** The app side of the new base: the current object if its content is agreed, else the old agreed state. */
    private AppSide appSide(Unit u, String appAt, boolean absorb) {
        AppObject a = u.app;
        boolean movedByUs = !appAt.equals(a.path());
        BaseEntry b = u.base;
        if (b == null || absorb) {
            return movedByUs ? AppSide.written(a.md5(), a.size()) : AppSide.of(a);
        }
        if (movedByUs) {
            return new AppSide(null, null, b.app().md5(), b.app().size(), null);
        }
        return a.path().equals(b.path()) ? b.app() : AppSide.of(a);
    }

    private DriveSide driveSide(Unit u, String driveAt, boolean absorb) {
        DriveEntry d = u.drive;
        boolean movedByUs = !driveAt.equals(d.path());
        BaseEntry b = u.base;
        if (b == null || absorb) {
            return movedByUs ? DriveSide.written(d.id(), d.md5(), d.size()) : DriveSide.of(d);
        }
        if (movedByUs) {
            return new DriveSide(d.id(), b.drive().md5(), b.drive().size(), null, null);
        }
        return d.id().equals(b.drive().fileId()) ? b.drive() : b.drive().withFileId(d.id());
    }

    private String allocate(String path, Side from) {
        for (int attempt = 1; ; attempt++) {
            String candidate = ConflictNames.copyOf(path, in.now(), from, attempt);
            if (takenNames.add(candidate)) {
                return candidate;
            }
        }
    }

    private String pendingId() {
        return Plan.PENDING_ID_PREFIX + (++pendingIds);
    }

    // ------------------------------------------------------------------ emitting

    private void emit(Unit u, Outcome o) {
        moves.addAll(o.moves);
        rest.addAll(o.effects);
        if (o.conflict != null) {
            rest.add(new RecordConflict(o.group, o.conflict));
            return;
        }
        List<BaseEntry> after = o.after;
        if (after == null && u.original != null && !u.original.equals(u.base)) {
            after = List.of(u.base); // a resolution the mode cannot carry out still clears the conflict
        }
        if (after == null) {
            return;
        }
        // drop first: a crash in between leaves no mapping (read as new files: safe), never a stale one
        // that would make a new file at the old path look synced
        if (u.original != null && after.stream().noneMatch(e -> e.path().equals(u.original.path()))) {
            rest.add(new DropBase(o.group, u.original.path()));
        }
        for (BaseEntry e : after) {
            if (u.original == null || !e.equals(u.original)) {
                rest.add(new SetBase(o.group, e));
            }
        }
    }

    private Plan finish() {
        giveUpTakenFiles();
        if (focus != null) {
            // a resolution always clears the parked state, even where nothing may be done (a filtered
            // path, a mode that cannot carry it out): the file then follows the table like any other
            boolean replaced = rest.stream().anyMatch(a -> (a instanceof DropBase d && d.path().equals(focus.path()))
                    || (a.putsEntry() != null && a.putsEntry().path().equals(focus.path())));
            if (!replaced) {
                rest.add(focus.app() == null || focus.drive() == null ? new DropBase(groups++, focus.path())
                        : new SetBase(groups++, focus.withConflict(null)));
            }
        }
        List<PlanAction> all = Stream.concat(moves.stream(), StoreOrder.releasesFirst(rest, baseByPath).stream()).toList();
        int appDeletes = (int) all.stream().filter(a -> a instanceof DeleteOnApp).count();
        int driveDeletes = (int) all.stream().filter(a -> a instanceof TrashOnDrive).count();
        int mapped = in.base().size();
        if (!in.deletesConfirmed() && settings.deleteGuard().trips(appDeletes + driveDeletes, mapped)) {
            return Plan.paused(appDeletes, driveDeletes, mapped);
        }
        return new Plan(PlanStatus.OK, all, appDeletes, driveDeletes, mapped);
    }

    /**
     * One mapping per Drive file: a base entry the run leaves as it is (a filtered path, a file the mode
     * or a wait leaves alone) gives its Drive file up when another path takes it (the user moved it
     * there). Only the record goes; the sides are not touched.
     */
    private void giveUpTakenFiles() {
        Set<String> written = new HashSet<>();
        Map<String, String> takenAt = new HashMap<>();
        for (PlanAction a : rest) {
            BaseEntry next = a.putsEntry();
            if (a instanceof DropBase drop) {
                written.add(drop.path());
            } else if (next != null) {
                written.add(next.path());
                if (next.drive() != null) {
                    takenAt.put(next.drive().fileId(), next.path());
                }
            }
        }
        for (BaseEntry b : baseByPath.values()) {
            if (b.drive() != null && !written.contains(b.path())) {
                String at = takenAt.get(b.drive().fileId());
                if (at != null && !at.equals(b.path())) {
                    rest.add(new DropBase(groups++, b.path()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ imports

    ImportPlan imports(List<ImportRequest> requests) {
        Map<String, String> rejected = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(appByPath.keySet());
        taken.addAll(baseByPath.keySet());
        for (ImportRequest request : requests) {
            DriveEntry d = driveById.get(request.fileId());
            if (settings.mode() == SyncMode.BACKUP_ONLY) {
                rejected.put(request.fileId(), "backup_only never writes to the app");
                continue;
            }
            if (d == null || !d.live()) {
                rejected.put(request.fileId(), "not found or trashed");
                continue;
            }
            if (!d.syncable()) {
                rejected.put(request.fileId(), "Google-native document without binary content");
                continue;
            }
            BaseEntry mapped = baseByPath.values().stream()
                    .filter(b -> b.drive() != null && b.drive().fileId().equals(d.id())).findFirst().orElse(null);
            if (mapped != null) {
                if (!mapped.imported() && !mapped.inConflict()) {
                    rest.add(new SetBase(groups++, BaseEntry.synced(mapped.path(), mapped.app(), mapped.drive(), true)));
                }
                continue;
            }
            String target = request.targetPath() != null ? request.targetPath()
                    : "from-drive/" + d.path().substring(d.path().lastIndexOf('/') + 1);
            if (!settings.fileTypeFilters().syncs(target, Arrays.asList(d.mimeType()))) {
                rejected.put(request.fileId(), "excluded by the file type filters");
                continue;
            }
            if (taken.contains(target) || reservedPaths.contains(target)) {
                for (int attempt = 1; ; attempt++) {
                    String candidate = ConflictNames.copyOf(target, in.now(), Side.DRIVE, attempt);
                    if (!taken.contains(candidate)) {
                        target = candidate;
                        break;
                    }
                }
            }
            taken.add(target);
            int group = groups++;
            rest.add(new Download(group, d.id(), d.md5(), d.size(), target, null));
            rest.add(new SetBase(group, BaseEntry.synced(target, AppSide.written(d.md5(), d.size()), DriveSide.of(d),
                    true)));
        }
        return new ImportPlan(new Plan(PlanStatus.OK, rest, 0, 0, in.base().size()), rejected);
    }

    // ------------------------------------------------------------------ types

    private enum Content { NONE, EQUAL, TO_DRIVE, TO_APP, CONFLICT }

    private enum Resolution {
        OVERWRITE_DRIVE, OVERWRITE_APP, ABSORB, KEEP_BOTH, KEEP_BOTH_APP_SOURCE, KEEP_BOTH_DRIVE_SOURCE
    }

    /** What a mode lets the run do. */
    private record Directions(boolean upload, boolean download, boolean trashDrive, boolean deleteApp,
                              boolean moveDrive, boolean moveApp) {
        static Directions of(SyncSettings s) {
            return switch (s.mode()) {
                case BIDIRECTIONAL, SELECTIVE_SYNC -> new Directions(true, true, true, true, true, true);
                case BACKUP_ONLY -> new Directions(s.autoBackup(), false, s.autoBackup() && s.deleteBackups(), false,
                        s.autoBackup(), false);
                case ACTIVE_MONITORING -> new Directions(false, true, false, false, false, true);
            };
        }

        boolean any() {
            return upload || download || trashDrive || deleteApp || moveDrive || moveApp;
        }
    }

    /** One logical file: a base entry and/or the app object and Drive file matched to it. */
    private static final class Unit {
        final BaseEntry original;
        final BaseEntry base;
        AppObject app;
        DriveEntry drive;
        boolean leaveAlone;
        boolean extra;
        Outcome outcome;

        Unit(BaseEntry original, BaseEntry base) {
            this.original = original;
            this.base = base;
        }

        static Unit alone(DriveEntry d) {
            Unit u = new Unit(null, null);
            u.drive = d;
            u.leaveAlone = true;
            return u;
        }

        String key() {
            String path = base != null ? base.path() : app != null ? app.path() : drive.path();
            return path + "\u0000" + (drive == null ? "" : drive.id());
        }
    }

    /** What one unit's decision produced. */
    private static final class Outcome {
        final int group;
        final List<PlanAction> moves = new ArrayList<>(1);
        final List<PlanAction> effects = new ArrayList<>(2);
        /** The unit's base entries afterwards; null = unchanged. */
        List<BaseEntry> after;
        BaseEntry conflict;

        Outcome(int group) {
            this.group = group;
        }

        void appTo(AppObject a, String path) {
            if (!a.path().equals(path)) {
                moves.add(new MoveOnApp(group, a.path(), a.versionId(), a.md5(), path));
            }
        }

        void driveTo(DriveEntry d, String path) {
            if (!d.path().equals(path)) {
                moves.add(new MoveOnDrive(group, d.id(), d.path(), path));
            }
        }
    }
}
