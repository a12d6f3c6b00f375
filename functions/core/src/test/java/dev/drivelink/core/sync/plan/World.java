package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.FileTypeFilters;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tiny model of both sides and the mapping, for the randomized tests: a versioned app store (every
 * version and delete marker kept, so overwritten content stays recoverable), a Drive with file ids,
 * trash, revisions and duplicate names, and the base records. {@link #apply} interprets a plan the
 * way the sync worker must: every action checks its precondition, recognizes work already done, and a
 * group's base actions apply only when all its side actions succeeded.
 *
 * <p>Content is modelled by its MD5: a short string ("p3", "n17"); the size is its length.
 */
final class World {
    static final Instant EPOCH = Instant.parse("2026-03-01T09:00:00Z");

    /**
     * One S3 version. {@code drivelinkKey}: drivelink's metadata, naming the key it wrote; S3 copies
     * (a user's {@code aws s3 mv}) carry it along, so metadata alone proves nothing: a user who moves the
     * object away and back has it at that very key again. {@code byDrivelink}: drivelink itself wrote this
     * very version (the worker's record of the version ids its writes returned), the exact echo flag the
     * planner's contract asks for ({@link AppObject#writtenByDrivelink}).
     */
    record AppVersion(String versionId, String content, String drivelinkKey, boolean byDrivelink, long at) {
        boolean deleteMarker() {
            return content == null;
        }

        boolean echoAt(String path) {
            return byDrivelink && path.equals(drivelinkKey);
        }
    }

    record DriveNode(String id, String path, String content, boolean trashed, List<String> revisions,
                     String drivelinkMd5, long version, long modified) {
        DriveNode with(String newPath, String newContent, boolean newTrashed, String newDrivelinkMd5, long at) {
            List<String> revs = revisions;
            long mod = modified;
            if (!Objects.equals(newContent, content)) {
                revs = new ArrayList<>(revisions);
                revs.add(newContent);
                revs = List.copyOf(revs);
                mod = at;
            }
            return new DriveNode(id, newPath, newContent, newTrashed, revs, newDrivelinkMd5, version + 1, mod);
        }

        boolean live() {
            return !trashed;
        }
    }

    private final TreeMap<String, List<AppVersion>> app = new TreeMap<>();
    private final TreeMap<String, DriveNode> drive = new TreeMap<>();
    private final TreeMap<String, BaseEntry> base = new TreeMap<>();
    long clock;
    int userDriveIds;
    int generatedDriveIds;
    int freshContents;

    World copy() {
        World w = new World();
        w.app.putAll(app);
        w.drive.putAll(drive);
        w.base.putAll(base);
        w.clock = clock;
        w.userDriveIds = userDriveIds;
        w.generatedDriveIds = generatedDriveIds;
        w.freshContents = freshContents;
        return w;
    }

    boolean sameAs(World o) {
        return app.equals(o.app) && drive.equals(o.drive) && base.equals(o.base);
    }

    Instant now() {
        return EPOCH.plusSeconds(clock * 60);
    }

    static String mime(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        if (ext == null) {
            return "application/octet-stream";
        }
        return switch (ext) {
            case "txt" -> "text/plain";
            case "wav" -> "audio/wav";
            default -> "application/x-" + ext;
        };
    }

    // ------------------------------------------------------------------ reading

    AppVersion current(String path) {
        List<AppVersion> versions = app.get(path);
        if (versions == null) {
            return null;
        }
        AppVersion last = versions.get(versions.size() - 1);
        return last.deleteMarker() ? null : last;
    }

    TreeMap<String, String> appTree() {
        TreeMap<String, String> tree = new TreeMap<>();
        for (String path : app.keySet()) {
            AppVersion v = current(path);
            if (v != null) {
                tree.put(path, v.content());
            }
        }
        return tree;
    }

    List<String> livePaths() {
        return new ArrayList<>(appTree().keySet());
    }

    DriveNode driveFile(String id) {
        return drive.get(id);
    }

    List<DriveNode> driveFiles() {
        return new ArrayList<>(drive.values());
    }

    List<DriveNode> liveDriveFiles() {
        return drive.values().stream().filter(DriveNode::live).toList();
    }

    Map<String, BaseEntry> base() {
        return base;
    }

    boolean liveAnywhere(String content) {
        return appTree().containsValue(content) || liveDriveFiles().stream().anyMatch(d -> d.content().equals(content));
    }

    boolean recoverable(String content) {
        for (List<AppVersion> versions : app.values()) {
            for (AppVersion v : versions) {
                if (content.equals(v.content())) {
                    return true;
                }
            }
        }
        return drive.values().stream().anyMatch(d -> d.revisions().contains(content));
    }

    PlanInput input(SyncSettings settings, boolean confirmed) {
        List<AppObject> objects = new ArrayList<>();
        for (String path : app.keySet()) {
            AppVersion v = current(path);
            if (v != null) {
                objects.add(new AppObject(path, v.versionId(), "etag-" + v.versionId(), v.content(),
                        v.content().length(), at(v.at()), mime(path), v.echoAt(path)));
            }
        }
        List<DriveEntry> files = new ArrayList<>();
        for (DriveNode d : drive.values()) {
            files.add(new DriveEntry(d.id(), d.path(), d.content(), d.content().length(), d.version(),
                    at(d.modified()), mime(d.path()), d.trashed(), d.drivelinkMd5()));
        }
        return new PlanInput(new ArrayList<>(base.values()), objects, files, settings, now(), confirmed);
    }

    static Instant at(long minute) {
        return EPOCH.plusSeconds(minute * 60);
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("  app:   ").append(appTree()).append('\n');
        sb.append("  drive: ");
        for (DriveNode d : drive.values()) {
            sb.append(d.id()).append('=').append(d.path()).append(':').append(d.content())
                    .append(d.trashed() ? "(trashed)" : "").append(d.content().equals(d.drivelinkMd5()) ? "(echo)" : "")
                    .append("  ");
        }
        sb.append('\n').append("  base:  ");
        for (BaseEntry b : base.values()) {
            sb.append(b.path()).append("->").append(b.drive() == null ? "-" : b.drive().fileId())
                    .append('[').append(b.app() == null ? "-" : b.app().md5()).append('|')
                    .append(b.drive() == null ? "-" : b.drive().md5()).append(']')
                    .append(b.imported() ? "(imported)" : "")
                    .append(b.inConflict() ? "(CONFLICT " + b.conflict().kind() + ")" : "").append("  ");
        }
        return sb.append('\n').toString();
    }

    // ------------------------------------------------------------------ users

    String freshContent() {
        return "n" + (++freshContents);
    }

    /** A user's write (a put, or a copy carrying {@code drivelinkKey} metadata along): never an echo. */
    void appWrite(String path, String content, String drivelinkKey) {
        write(path, content, drivelinkKey, false);
    }

    /** A user's S3 copy (as in {@code aws s3 mv}): the metadata goes along, the new version is the user's. */
    void appCopy(String from, String to) {
        AppVersion source = current(from);
        appWrite(to, source.content(), source.drivelinkKey());
    }

    /** drivelink's own write of {@code path}: its metadata names the key, and the worker records the version. */
    void drivelinkWrite(String path, String content) {
        write(path, content, path, true);
    }

    private void write(String path, String content, String drivelinkKey, boolean byDrivelink) {
        List<AppVersion> versions = new ArrayList<>(app.getOrDefault(path, List.of()));
        versions.add(new AppVersion(path + "#" + versions.size(), content, drivelinkKey, byDrivelink, clock));
        app.put(path, List.copyOf(versions));
    }

    void appDelete(String path) {
        if (current(path) != null) {
            appWrite(path, null, null);
        }
    }

    String driveCreate(String path, String content) {
        String id = "u" + (++userDriveIds);
        drive.put(id, new DriveNode(id, path, content, false, List.of(content), null, 1, clock));
        return id;
    }

    /** A user's edit: the worker's claim that the content is its own write no longer holds (see DriveEntry). */
    void driveEdit(String id, String content) {
        DriveNode d = drive.get(id);
        drive.put(id, d.with(d.path(), content, d.trashed(), null, clock));
    }

    void driveTrash(String id, boolean trashed) {
        DriveNode d = drive.get(id);
        drive.put(id, d.with(d.path(), d.content(), trashed, d.drivelinkMd5(), clock));
    }

    void driveMove(String id, String path) {
        DriveNode d = drive.get(id);
        drive.put(id, d.with(path, d.content(), d.trashed(), d.drivelinkMd5(), clock));
    }

    // ------------------------------------------------------------------ drivelink

    /**
     * What applying a plan did. {@code refused}: the mapping writes the store refuses because another
     * path maps their Drive file already (DynamoFileMappingRepository's {@code DFILE#} pointer: every
     * mapping with a Drive file id holds one, whatever its status or the filters).
     */
    record Applied(List<PlanAction> skipped, List<PlanAction> refused) {
    }

    /** Applies the first {@code limit} actions of {@code plan} (all when limit &lt; 0). */
    Applied apply(Plan plan, int limit) {
        List<PlanAction> skipped = new ArrayList<>();
        List<PlanAction> refused = new ArrayList<>();
        Set<Integer> failedGroups = new HashSet<>();
        List<PlanAction> actions = plan.actions();
        int n = limit < 0 ? actions.size() : Math.min(limit, actions.size());
        for (int i = 0; i < n; i++) {
            PlanAction action = actions.get(i);
            if (!action.touchesSide()) {
                if (!failedGroups.contains(action.group())) {
                    if (mappedElsewhere(action)) {
                        refused.add(action);
                    }
                    applyBase(action);
                }
                continue;
            }
            if (!applySide(action)) {
                skipped.add(action);
                failedGroups.add(action.group());
            }
        }
        return new Applied(skipped, refused);
    }

    private boolean applySide(PlanAction action) {
        if (action instanceof UploadNew u) {
            if (u.fileId().startsWith(Plan.PENDING_ID_PREFIX)) {
                throw new IllegalStateException("plan applied without generated ids: " + u);
            }
            if (drive.containsKey(u.fileId())) {
                return true;
            }
            String content = appVersion(u.sourcePath(), u.sourceVersionId());
            if (!u.md5().equals(content)) {
                return false;
            }
            drive.put(u.fileId(), new DriveNode(u.fileId(), u.path(), content, false, List.of(content), content, 1,
                    clock));
            return true;
        }
        if (action instanceof UploadRevision u) {
            DriveNode d = drive.get(u.fileId());
            if (d == null || d.trashed()) {
                return false;
            }
            if (d.content().equals(u.md5())) {
                return true;
            }
            String content = appVersion(u.sourcePath(), u.sourceVersionId());
            if (!d.content().equals(u.expectedMd5()) || !u.md5().equals(content)) {
                return false;
            }
            drive.put(d.id(), d.with(d.path(), content, false, content, clock));
            return true;
        }
        if (action instanceof Download dl) {
            AppVersion cur = current(dl.path());
            if (cur != null && cur.content().equals(dl.md5())) {
                return true;
            }
            boolean expected = dl.replacesMd5() == null ? cur == null
                    : cur != null && cur.content().equals(dl.replacesMd5());
            DriveNode d = drive.get(dl.fileId());
            if (!expected || d == null || d.trashed() || !d.content().equals(dl.md5())) {
                return false;
            }
            drivelinkWrite(dl.path(), d.content());
            return true;
        }
        if (action instanceof TrashOnDrive t) {
            DriveNode d = drive.get(t.fileId());
            if (d == null || d.trashed()) {
                return true;
            }
            if (!d.content().equals(t.expectedMd5())) {
                return false;
            }
            driveTrash(d.id(), true);
            return true;
        }
        if (action instanceof DeleteOnApp del) {
            AppVersion cur = current(del.path());
            if (cur == null) {
                return true;
            }
            if (!cur.content().equals(del.expectedMd5())) {
                return false;
            }
            appWrite(del.path(), null, null);
            return true;
        }
        if (action instanceof MoveOnDrive m) {
            DriveNode d = drive.get(m.fileId());
            if (d == null || d.trashed()) {
                return false;
            }
            if (d.path().equals(m.toPath())) {
                return true;
            }
            if (!d.path().equals(m.fromPath())) {
                return false;
            }
            drive.put(d.id(), d.with(m.toPath(), d.content(), false, d.drivelinkMd5(), clock));
            return true;
        }
        if (action instanceof MoveOnApp m) {
            AppVersion from = current(m.fromPath());
            if (from == null || !from.versionId().equals(m.fromVersionId())) {
                return true; // moved already (later actions of the group check themselves), or gone
            }
            AppVersion to = current(m.toPath());
            if (to == null) {
                // drivelink's own copy keeps the object an echo where it was one
                if (from.echoAt(m.fromPath())) {
                    drivelinkWrite(m.toPath(), from.content());
                } else {
                    appWrite(m.toPath(), from.content(), from.drivelinkKey());
                }
            } else if (!to.content().equals(m.md5())) {
                return false;
            }
            appWrite(m.fromPath(), null, null);
            return true;
        }
        throw new IllegalArgumentException("unknown action " + action);
    }

    /** The store would refuse this mapping write: its Drive file is mapped at another path. */
    private boolean mappedElsewhere(PlanAction action) {
        BaseEntry e = action.putsEntry();
        if (e == null || e.drive() == null) {
            return false;
        }
        String id = e.drive().fileId();
        return base.values().stream().anyMatch(b -> !b.path().equals(e.path()) && b.drive() != null
                && b.drive().fileId().equals(id));
    }

    private void applyBase(PlanAction action) {
        if (action instanceof SetBase set) {
            base.put(set.entry().path(), fill(set.entry()));
        } else if (action instanceof RecordConflict rc) {
            base.put(rc.entry().path(), rc.entry());
        } else if (action instanceof DropBase drop) {
            base.remove(drop.path());
        }
    }

    /** The worker fills a SetBase's result fields from what its writes produced (here: the current state). */
    private BaseEntry fill(BaseEntry e) {
        AppSide a = e.app();
        if (a.needsResult()) {
            AppVersion cur = current(e.path());
            if (cur != null) {
                a = new AppSide(cur.versionId(), "etag-" + cur.versionId(), a.md5(), a.size(), at(cur.at()));
            }
        }
        DriveSide d = e.drive();
        if (d.fileId().startsWith(Plan.PENDING_ID_PREFIX)) {
            throw new IllegalStateException("base with a placeholder id: " + e);
        }
        if (d.needsResult()) {
            DriveNode node = drive.get(d.fileId());
            if (node != null) {
                d = new DriveSide(d.fileId(), d.md5(), d.size(), node.version(), at(node.modified()));
            }
        }
        return new BaseEntry(e.path(), a, d, e.imported(), e.conflict());
    }

    private String appVersion(String path, String versionId) {
        AppVersion v = appVersionRecord(path, versionId);
        return v == null ? null : v.content();
    }

    private AppVersion appVersionRecord(String path, String versionId) {
        for (AppVersion v : app.getOrDefault(path, List.of())) {
            if (v.versionId().equals(versionId)) {
                return v;
            }
        }
        return null;
    }

    /** Generated Drive ids for a plan (files.generateIds). */
    Plan withIds(Plan plan) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < plan.pendingDriveIds().size(); i++) {
            ids.add("g" + (++generatedDriveIds));
        }
        return plan.withDriveIds(ids);
    }
}
