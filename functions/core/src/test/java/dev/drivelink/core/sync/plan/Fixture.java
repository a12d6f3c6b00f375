package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;
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
import java.util.List;
import java.util.Set;

/** Short builders for planner inputs, and plans rendered as readable steps. */
final class Fixture {
    static final Instant T0 = Instant.parse("2026-05-04T13:00:00Z");
    static final Instant NOW = Instant.parse("2026-05-04T13:07:00Z");

    private Fixture() {
    }

    static AppObject app(String path, String md5) {
        return app(path, md5, T0);
    }

    static AppObject app(String path, String md5, Instant modified) {
        return new AppObject(path, "v-" + md5, "e-" + md5, md5, md5.length(), modified, World.mime(path), false);
    }

    /** An object drivelink wrote itself (its metadata names this key). */
    static AppObject appEcho(String path, String md5) {
        return new AppObject(path, "v-" + md5, "e-" + md5, md5, md5.length(), T0, World.mime(path), true);
    }

    static DriveEntry drive(String id, String path, String md5) {
        return drive(id, path, md5, T0);
    }

    static DriveEntry drive(String id, String path, String md5, Instant modified) {
        return new DriveEntry(id, path, md5, md5.length(), 1, modified, World.mime(path), false, null);
    }

    /** A Drive file whose content drivelink uploaded itself. */
    static DriveEntry driveEcho(String id, String path, String md5) {
        return new DriveEntry(id, path, md5, md5.length(), 1, T0, World.mime(path), false, md5);
    }

    static DriveEntry trashed(String id, String path, String md5) {
        return new DriveEntry(id, path, md5, md5.length(), 2, T0, World.mime(path), true, null);
    }

    static BaseEntry base(String path, String fileId, String md5) {
        return BaseEntry.synced(path, new AppSide("v-" + md5, "e-" + md5, md5, md5.length(), T0),
                new DriveSide(fileId, md5, md5.length(), 1L, T0), false);
    }

    static BaseEntry imported(String path, String fileId, String md5) {
        BaseEntry b = base(path, fileId, md5);
        return BaseEntry.synced(b.path(), b.app(), b.drive(), true);
    }

    static SyncSettings settings(SyncMode mode, ConflictPolicy policy) {
        return new SyncSettings(mode, policy, true, false, FileTypeFilters.NONE, List.of("m"), DeleteGuard.DEFAULT);
    }

    static SyncSettings bidirectional(ConflictPolicy policy) {
        return settings(SyncMode.BIDIRECTIONAL, policy);
    }

    static SyncSettings withFilter(SyncSettings s, FileTypeFilters filter) {
        return new SyncSettings(s.mode(), s.conflictResolution(), s.autoBackup(), s.deleteBackups(), filter,
                s.monitoredFolders(), s.deleteGuard());
    }

    static SyncSettings backup(boolean autoBackup, boolean deleteBackups, ConflictPolicy policy) {
        return new SyncSettings(SyncMode.BACKUP_ONLY, policy, autoBackup, deleteBackups, FileTypeFilters.NONE,
                List.of(), DeleteGuard.DEFAULT);
    }

    static FileTypeFilters excludeExtensions(String... extensions) {
        return new FileTypeFilters(List.of(), List.of(extensions));
    }

    static Scenario given(SyncSettings settings) {
        return new Scenario(settings);
    }

    /** A planner input under construction. */
    static final class Scenario {
        private final SyncSettings settings;
        private final List<BaseEntry> base = new ArrayList<>();
        private final List<AppObject> app = new ArrayList<>();
        private final List<DriveEntry> drive = new ArrayList<>();
        private boolean confirmed;

        Scenario(SyncSettings settings) {
            this.settings = settings;
        }

        Scenario base(BaseEntry... entries) {
            base.addAll(List.of(entries));
            return this;
        }

        Scenario app(AppObject... objects) {
            app.addAll(List.of(objects));
            return this;
        }

        Scenario drive(DriveEntry... files) {
            drive.addAll(List.of(files));
            return this;
        }

        /** A synced file: base, app object and Drive file all with content {@code md5}. */
        Scenario synced(String path, String fileId, String md5) {
            base.add(Fixture.base(path, fileId, md5));
            app.add(Fixture.app(path, md5));
            drive.add(Fixture.drive(fileId, path, md5));
            return this;
        }

        Scenario confirmed() {
            confirmed = true;
            return this;
        }

        PlanInput input() {
            return new PlanInput(base, app, drive, settings, NOW, confirmed);
        }

        Plan plan() {
            return SyncPlanner.plan(input());
        }

        List<String> steps() {
            return Fixture.steps(plan());
        }

        /**
         * The plan's mapping writes the store refuses, applied in order to this base: each one that maps a
         * Drive file another path maps already (DynamoFileMappingRepository's {@code DFILE#} pointer).
         */
        List<String> storeRefuses() {
            return Fixture.storeRefuses(base, plan());
        }
    }

    /**
     * The mapping writes of {@code plan} the store refuses, applied in order to {@code base}: each one that
     * maps a Drive file another path maps already (DynamoFileMappingRepository's {@code DFILE#} pointer).
     */
    static List<String> storeRefuses(List<BaseEntry> base, Plan plan) {
        java.util.Map<String, BaseEntry> mapped = new java.util.TreeMap<>();
        base.forEach(b -> mapped.put(b.path(), b));
        List<String> refused = new ArrayList<>();
        for (PlanAction a : plan.actions()) {
            if (a instanceof DropBase d) {
                mapped.remove(d.path());
            }
            BaseEntry e = a.putsEntry();
            if (e == null) {
                continue;
            }
            if (e.drive() != null && mapped.values().stream().anyMatch(b -> !b.path().equals(e.path())
                    && b.drive() != null && b.drive().fileId().equals(e.drive().fileId()))) {
                refused.add(step(a));
            }
            mapped.put(e.path(), e);
        }
        return refused;
    }

    /** Each action as a short sentence, in plan order. */
    static List<String> steps(Plan plan) {
        List<String> out = new ArrayList<>();
        for (PlanAction a : plan.actions()) {
            out.add(step(a));
        }
        return out;
    }

    static String step(PlanAction a) {
        if (a instanceof UploadNew u) {
            return "upload new " + u.path() + " from " + u.sourcePath();
        } else if (a instanceof UploadRevision u) {
            return "upload revision of " + u.fileId() + " from " + u.sourcePath();
        } else if (a instanceof Download d) {
            return "download " + d.fileId() + " to " + d.path();
        } else if (a instanceof TrashOnDrive t) {
            return "trash " + t.fileId();
        } else if (a instanceof DeleteOnApp d) {
            return "delete app " + d.path();
        } else if (a instanceof MoveOnDrive m) {
            return "move Drive " + m.fileId() + " to " + m.toPath();
        } else if (a instanceof MoveOnApp m) {
            return "move app " + m.fromPath() + " to " + m.toPath();
        } else if (a instanceof SetBase s) {
            String id = s.entry().drive().fileId();
            return "base " + s.entry().path() + " = " + (id.startsWith(Plan.PENDING_ID_PREFIX) ? "new file" : id);
        } else if (a instanceof DropBase d) {
            return "drop base " + d.path();
        } else if (a instanceof RecordConflict r) {
            return "conflict " + r.entry().path() + " " + r.entry().conflict().kind();
        }
        throw new IllegalArgumentException(String.valueOf(a));
    }
}
