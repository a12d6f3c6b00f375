package dev.drivelink.core.sync.engine;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.FileTypeFilters;

import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.MappingStatus;
import dev.drivelink.core.sync.plan.AppObject;
import dev.drivelink.core.sync.plan.AppSide;
import dev.drivelink.core.sync.plan.BaseEntry;
import dev.drivelink.core.sync.plan.ConflictKind;
import dev.drivelink.core.sync.plan.ConflictRecord;
import dev.drivelink.core.sync.plan.DeleteGuard;
import dev.drivelink.core.sync.plan.DriveEntry;
import dev.drivelink.core.sync.plan.DriveSide;
import dev.drivelink.core.sync.plan.SyncSettings;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one translation between what the control plane stores (effective settings, file mappings,
 * conflicts) and what the planner reads ({@link SyncSettings}, {@link BaseEntry}).
 */
final class PlannerInputs {

    private PlannerInputs() {
    }

    /**
     * The planner's settings. {@code monitoredPaths} are the monitored folders' places in the project
     * namespace (see {@link DriveTree}).
     */
    static SyncSettings settings(EffectiveSettings e, List<String> monitoredPaths) {
        return new SyncSettings(e.syncMode(), e.conflictResolution(), e.autoBackup(), e.deleteBackups(),
                e.fileTypeFilters(), monitoredPaths, DeleteGuard.DEFAULT);
    }

    /** The base entry of a stored mapping; empty for a record that is no base (an unfinished pending one). */
    static Optional<BaseEntry> base(FileMapping m, Optional<Conflict> conflict) {
        AppSide app = m.appMd5() == null ? null
                : new AppSide(m.appVersionId(), m.appETag(), m.appMd5(), m.appSize() == null ? 0 : m.appSize(),
                m.appModifiedTime());
        DriveSide drive = m.driveFileId() == null ? null
                : new DriveSide(m.driveFileId(), m.driveMd5(), m.driveSize() == null ? 0 : m.driveSize(),
                m.driveVersion(), m.driveModifiedTime());
        if (m.status() == MappingStatus.CONFLICT) {
            if (conflict.isEmpty()) {
                return Optional.empty();
            }
            Conflict c = conflict.get();
            Instant now = c.detectedAt();
            AppObject a = new AppObject(c.app().name(), null, null, c.app().md5(),
                    c.app().size() == null ? 0 : c.app().size(), c.app().modifiedTime() == null ? now
                    : c.app().modifiedTime(), null, false);
            DriveEntry d = new DriveEntry(c.driveFileId(), c.drive().name(), c.drive().md5(),
                    c.drive().size() == null ? 0 : c.drive().size(), 0, c.drive().modifiedTime() == null ? now
                    : c.drive().modifiedTime(), null, false, null);
            ConflictKind kind = app == null && drive == null ? ConflictKind.CREATED
                    : a.path().equals(d.path()) ? ConflictKind.CONTENT : ConflictKind.MOVED;
            return Optional.of(new BaseEntry(m.path(), app, drive, m.imported(), new ConflictRecord(kind,
                    c.detectedAt(), a, d)));
        }
        if (app == null || drive == null) {
            return Optional.empty();
        }
        return Optional.of(BaseEntry.synced(m.path(), app, drive, m.imported()));
    }
}
