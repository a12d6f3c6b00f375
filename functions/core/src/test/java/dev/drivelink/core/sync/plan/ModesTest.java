package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.backup;
import static dev.drivelink.core.sync.plan.Fixture.base;
import static dev.drivelink.core.sync.plan.Fixture.drive;
import static dev.drivelink.core.sync.plan.Fixture.driveEcho;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static dev.drivelink.core.sync.plan.Fixture.imported;
import static dev.drivelink.core.sync.plan.Fixture.settings;
import static dev.drivelink.core.sync.plan.Fixture.trashed;
import static org.assertj.core.api.Assertions.assertThat;

/** What each mode lets a run do (SYNC-RULES.md, "Modes"). */
class ModesTest {
    private static final SyncSettings BACKUP = backup(true, false, ConflictPolicy.MANUAL);
    private static final SyncSettings MONITOR = settings(SyncMode.ACTIVE_MONITORING, ConflictPolicy.MANUAL);
    private static final SyncSettings SELECTIVE = settings(SyncMode.SELECTIVE_SYNC, ConflictPolicy.MANUAL);

    @Test
    void backupOnlyUploadsNewAndChangedAppFiles() {
        assertThat(given(BACKUP).app(app("a.txt", "x")).steps()).containsExactly("upload new a.txt from a.txt",
                "base a.txt = new file");
        assertThat(given(BACKUP).base(base("a.txt", "f1", "x")).app(app("a.txt", "y")).drive(drive("f1", "a.txt", "x"))
                .steps()).containsExactly("upload revision of f1 from a.txt", "base a.txt = f1");
    }

    @Test
    void backupOnlyNeverTouchesTheAppForDriveChanges() {
        assertThat(given(BACKUP).drive(drive("f1", "new.txt", "x")).steps()).as("Drive create").isEmpty();
        assertThat(given(BACKUP).base(base("a.txt", "f1", "x")).app(app("a.txt", "x")).drive(drive("f1", "a.txt", "y"))
                .steps()).as("Drive edit").isEmpty();
        assertThat(given(BACKUP).base(base("a.txt", "f1", "x")).app(app("a.txt", "x"))
                .drive(trashed("f1", "a.txt", "x")).steps()).as("Drive delete").isEmpty();
        assertThat(given(BACKUP).base(base("a.txt", "f1", "x")).app(app("a.txt", "x")).drive(drive("f1", "b.txt", "x"))
                .steps()).as("Drive rename").isEmpty();
    }

    @Test
    void backupOnlyKeepsBackupsOfDeletedAppFilesUnlessDeleteBackupsIsOn() {
        Fixture.Scenario deleted = given(BACKUP).base(base("a.txt", "f1", "x")).drive(drive("f1", "a.txt", "x"));
        assertThat(deleted.steps()).isEmpty();
        assertThat(given(backup(true, true, ConflictPolicy.MANUAL)).base(base("a.txt", "f1", "x"))
                .drive(drive("f1", "a.txt", "x")).steps()).containsExactly("trash f1", "drop base a.txt");
    }

    @Test
    void backupOnlyWithoutAutoBackupPlansNothing() {
        assertThat(given(backup(false, true, ConflictPolicy.MANUAL)).app(app("a.txt", "x"))
                .base(base("b.txt", "f1", "y")).drive(drive("f1", "b.txt", "y")).steps()).isEmpty();
    }

    @Test
    void backupOnlyMovesTheBackupWhenTheAppRenames() {
        assertThat(given(BACKUP).base(base("a.txt", "f1", "x")).app(app("b.txt", "x")).drive(drive("f1", "a.txt", "x"))
                .steps()).containsExactly("move Drive f1 to b.txt", "drop base a.txt", "base b.txt = f1");
    }

    private static Fixture.Scenario backupConflict(ConflictPolicy policy) {
        return given(backup(true, false, policy)).base(base("a.txt", "f1", "x")).app(app("a.txt", "y"))
                .drive(drive("f1", "a.txt", "z"));
    }

    @Test
    void backupOnlyBacksAFileUpAnewWhenItsDriveFileWasMovedOntoAnotherMappedPath() {
        // z.txt's f1 was moved onto b.txt (whose f2 is trashed): b.txt takes f1 once z.txt gave it up,
        // and z.txt's app file is backed up anew
        Fixture.Scenario s = given(BACKUP).base(base("b.txt", "f2", "y"), base("z.txt", "f1", "x"))
                .app(app("b.txt", "y"), app("z.txt", "x"))
                .drive(trashed("f2", "b.txt", "y"), drive("f1", "b.txt", "x"));
        assertThat(s.steps()).containsExactly("upload new z.txt from z.txt", "base z.txt = new file",
                "base b.txt = f1");
        assertThat(s.storeRefuses()).isEmpty();
    }

    @Test
    void backupOnlyConflictsNeverWriteToTheApp() {
        assertThat(backupConflict(ConflictPolicy.APP_WINS).steps())
                .containsExactly("upload revision of f1 from a.txt", "base a.txt = f1");
        assertThat(backupConflict(ConflictPolicy.DRIVE_WINS).steps()).as("Drive keeps its content; both recorded")
                .containsExactly("base a.txt = f1");
        assertThat(backupConflict(ConflictPolicy.KEEP_BOTH).steps()).containsExactly(
                "move Drive f1 to a (conflict 2026-05-04 1307, from Drive).txt", "upload new a.txt from a.txt",
                "base a.txt = new file");
        assertThat(backupConflict(ConflictPolicy.MANUAL).steps()).containsExactly("conflict a.txt CONTENT");
    }

    @Test
    void deleteBackupsNeverTrashesDriveContentThatWonAConflict() {
        BaseEntry agreedToDiffer = BaseEntry.synced("a.txt", base("a.txt", "f1", "x").app(),
                base("a.txt", "f1", "z").drive(), false);
        assertThat(given(backup(true, true, ConflictPolicy.DRIVE_WINS)).base(agreedToDiffer)
                .drive(drive("f1", "a.txt", "z")).steps()).isEmpty();
    }

    @Test
    void activeMonitoringDownloadsNewAndChangedFilesInMonitoredFoldersOnly() {
        assertThat(given(MONITOR).drive(drive("f1", "m/deep/new.txt", "x"), drive("f2", "other/new.txt", "y")).steps())
                .containsExactly("download f1 to m/deep/new.txt", "base m/deep/new.txt = f1");
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "x"))
                .drive(drive("f1", "m/a.txt", "y")).steps()).containsExactly("download f1 to m/a.txt",
                "base m/a.txt = f1");
    }

    @Test
    void activeMonitoringNeverWritesToDriveAndNeverDeletesAppFiles() {
        assertThat(given(MONITOR).app(app("m/a.txt", "x")).steps()).as("app create").isEmpty();
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "y"))
                .drive(drive("f1", "m/a.txt", "x")).steps()).as("app edit").isEmpty();
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).drive(drive("f1", "m/a.txt", "x")).steps())
                .as("app delete").isEmpty();
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "x"))
                .drive(trashed("f1", "m/a.txt", "x")).steps()).as("Drive delete").isEmpty();
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "x"))
                .drive(drive("f1", "elsewhere/a.txt", "x")).steps()).as("moved out of the monitored folder").isEmpty();
    }

    @Test
    void activeMonitoringFollowsRenamesInsideMonitoredFolders() {
        assertThat(given(MONITOR).base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "x"))
                .drive(drive("f1", "m/b.txt", "x")).steps()).containsExactly("move app m/a.txt to m/b.txt",
                "drop base m/a.txt", "base m/b.txt = f1");
    }

    @Test
    void activeMonitoringGivesADriveFileUpAtAnUnmonitoredPathWhenTheUserMovedItIntoAMonitoredFolder() {
        // x.txt (mapped in an earlier mode, outside m) was moved on Drive onto m/a.txt, which the app has:
        // m/a.txt takes the file; x.txt's record goes, its app file stays
        Fixture.Scenario s = given(settings(SyncMode.ACTIVE_MONITORING, ConflictPolicy.DRIVE_WINS))
                .base(base("x.txt", "f1", "x")).app(app("x.txt", "x"), app("m/a.txt", "y"))
                .drive(drive("f1", "m/a.txt", "x"));
        assertThat(s.steps()).containsExactly("drop base x.txt", "download f1 to m/a.txt", "base m/a.txt = f1");
        assertThat(s.storeRefuses()).isEmpty();
    }

    @Test
    void activeMonitoringConflictsNeverWriteToDrive() {
        Fixture.Scenario c = given(settings(SyncMode.ACTIVE_MONITORING, ConflictPolicy.DRIVE_WINS))
                .base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "y")).drive(drive("f1", "m/a.txt", "z"));
        assertThat(c.steps()).containsExactly("download f1 to m/a.txt", "base m/a.txt = f1");
        assertThat(given(settings(SyncMode.ACTIVE_MONITORING, ConflictPolicy.APP_WINS))
                .base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "y")).drive(drive("f1", "m/a.txt", "z")).steps())
                .containsExactly("base m/a.txt = f1");
        assertThat(given(settings(SyncMode.ACTIVE_MONITORING, ConflictPolicy.KEEP_BOTH))
                .base(base("m/a.txt", "f1", "x")).app(app("m/a.txt", "y")).drive(drive("f1", "m/a.txt", "z")).steps())
                .containsExactly("move app m/a.txt to m/a (conflict 2026-05-04 1307, from app).txt",
                        "download f1 to m/a.txt", "base m/a.txt = f1");
    }

    @Test
    void selectiveSyncLeavesFilesThatWereNotImportedAlone() {
        assertThat(given(SELECTIVE).app(app("a.txt", "x")).drive(drive("f2", "b.txt", "y"))
                .base(base("c.txt", "f3", "z")).app(app("c.txt", "changed")).drive(drive("f3", "c.txt", "z")).steps())
                .isEmpty();
    }

    @Test
    void selectiveSyncSyncsImportedFilesBothWays() {
        assertThat(given(SELECTIVE).base(imported("from-drive/a.txt", "f1", "x")).app(app("from-drive/a.txt", "y"))
                .drive(drive("f1", "Picked/a.txt", "x")).steps())
                .containsExactly("upload revision of f1 from from-drive/a.txt", "base from-drive/a.txt = f1");
        assertThat(given(SELECTIVE).base(imported("from-drive/a.txt", "f1", "x")).app(app("from-drive/a.txt", "x"))
                .drive(trashed("f1", "Picked/a.txt", "x")).steps())
                .containsExactly("delete app from-drive/a.txt", "drop base from-drive/a.txt");
    }

    @Test
    void selectiveSyncLeavesTheUsersDriveLayoutAlone() {
        assertThat(given(SELECTIVE).base(imported("from-drive/a.txt", "f1", "x")).app(app("from-drive/a.txt", "x"))
                .drive(drive("f1", "Elsewhere/renamed.txt", "x")).steps()).isEmpty();
    }

    @Test
    void importDownloadsPickedFilesAndMarksThemImported() {
        PlanInput input = given(SELECTIVE).app(app("from-drive/a.txt", "other"))
                .drive(drive("f1", "Picked/a.txt", "x"), drive("f2", "Picked/b.txt", "y"),
                        new DriveEntry("d1", "Picked/doc", null, 0, 1, Fixture.T0, "application/vnd.google-apps.document",
                                false, null)).input();
        ImportPlan result = SyncPlanner.planImport(input, List.of(new ImportRequest("f1", null),
                new ImportRequest("f2", "beats/b.txt"), new ImportRequest("d1", null), new ImportRequest("nope", null)));
        assertThat(Fixture.steps(result.plan())).containsExactly(
                "download f1 to from-drive/a (conflict 2026-05-04 1307, from Drive).txt",
                "base from-drive/a (conflict 2026-05-04 1307, from Drive).txt = f1",
                "download f2 to beats/b.txt", "base beats/b.txt = f2");
        assertThat(result.plan().actions()).filteredOn(a -> a instanceof PlanAction.SetBase)
                .allMatch(a -> ((PlanAction.SetBase) a).entry().imported());
        assertThat(result.rejected()).containsOnlyKeys("d1", "nope");
    }

    @Test
    void monitoringMirrorsAnUploadACrashedRunLeftOnDrive_thoughTheAppDeletedTheFile() {
        // seed 5353 (maxOps 60): a bidirectional run uploaded the app's p0 to f1 and crashed before its
        // mapping; the app deleted the file; the mode became active_monitoring. The echo would let the
        // app's delete propagate, but this mode never trashes Drive files: Drive's content, which the
        // base does not record, is mirrored like any change of Drive's
        assertThat(given(MONITOR).base(base("m/x.txt", "f1", "p1")).drive(driveEcho("f1", "m/x.txt", "p0")).steps())
                .containsExactly("download f1 to m/x.txt", "base m/x.txt = f1");
    }
}
