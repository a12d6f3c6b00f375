package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;

import org.junit.jupiter.api.Test;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.base;
import static dev.drivelink.core.sync.plan.Fixture.bidirectional;
import static dev.drivelink.core.sync.plan.Fixture.drive;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static dev.drivelink.core.sync.plan.Fixture.trashed;
import static org.assertj.core.api.Assertions.assertThat;

/** Every cell of the decision table (SYNC-RULES.md), mode bidirectional. */
class DecisionTableTest {
    private static final SyncSettings BIDI = bidirectional(ConflictPolicy.MANUAL);

    @Test
    void sameAndSameDoesNothing() {
        assertThat(given(BIDI).synced("song.wav", "f1", "a").steps()).isEmpty();
    }

    @Test
    void metadataOnlyChangeOnEitherSideIsSame() {
        AppObject rewritten = new AppObject("song.wav", "v-other", "e-other", "a", 1, Fixture.NOW, "audio/wav", false);
        DriveEntry renamedTwice = new DriveEntry("f1", "song.wav", "a", 1, 9, Fixture.NOW, "audio/wav", false, null);
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).app(rewritten).drive(renamedTwice).steps()).isEmpty();
    }

    @Test
    void sameAndChangedDownloads() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "a"))
                .drive(drive("f1", "song.wav", "b")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("download f1 to song.wav", "base song.wav = f1");
        PlanAction.Download download = (PlanAction.Download) plan.actions().get(0);
        assertThat(download.md5()).isEqualTo("b");
        assertThat(download.replacesMd5()).as("only over the object the planner saw").isEqualTo("a");
        PlanAction.SetBase set = (PlanAction.SetBase) plan.actions().get(1);
        assertThat(set.entry().app().md5()).isEqualTo("b");
        assertThat(set.entry().app().versionId()).as("filled from the write").isNull();
        assertThat(set.entry().drive().md5()).isEqualTo("b");
    }

    @Test
    void sameAndDeletedDeletesOnTheAppSideVersioned() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "a"))
                .drive(trashed("f1", "song.wav", "a")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("delete app song.wav", "drop base song.wav");
        assertThat(((PlanAction.DeleteOnApp) plan.actions().get(0)).expectedMd5()).isEqualTo("a");
        assertThat(plan.appDeletes()).isEqualTo(1);
    }

    @Test
    void aDriveFileGoneFromTheListingIsDeletedToo() {
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "a")).steps())
                .containsExactly("delete app song.wav", "drop base song.wav");
    }

    @Test
    void changedAndSameUploadsARevision() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "b"))
                .drive(drive("f1", "song.wav", "a")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("upload revision of f1 from song.wav", "base song.wav = f1");
        PlanAction.UploadRevision upload = (PlanAction.UploadRevision) plan.actions().get(0);
        assertThat(upload.expectedMd5()).isEqualTo("a");
        assertThat(upload.md5()).isEqualTo("b");
        assertThat(upload.sourceVersionId()).isEqualTo("v-b");
    }

    @Test
    void changedOnBothSidesToEqualContentIsOnlyANewBase() {
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "b"))
                .drive(drive("f1", "song.wav", "b")).steps()).containsExactly("base song.wav = f1");
    }

    @Test
    void changedOnBothSidesDifferentlyIsAConflict() {
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "b"))
                .drive(drive("f1", "song.wav", "c")).steps()).containsExactly("conflict song.wav CONTENT");
    }

    @Test
    void changedAgainstDeletedEditWinsWithANewDriveFile() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "b"))
                .drive(trashed("f1", "song.wav", "a")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("upload new song.wav from song.wav", "base song.wav = new file");
        assertThat(plan.deletes()).isZero();
    }

    @Test
    void createdOnBothSidesEqualIsOnlyANewBase() {
        assertThat(given(BIDI).app(app("song.wav", "a")).drive(drive("f1", "song.wav", "a")).steps())
                .containsExactly("base song.wav = f1");
    }

    @Test
    void createdOnBothSidesDifferentlyIsAConflict() {
        Plan plan = given(BIDI).app(app("song.wav", "a")).drive(drive("f1", "song.wav", "b")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("conflict song.wav CREATED");
        BaseEntry parked = ((PlanAction.RecordConflict) plan.actions().get(0)).entry();
        assertThat(parked.app()).as("no agreed state yet").isNull();
        assertThat(parked.conflict().app().md5()).isEqualTo("a");
        assertThat(parked.conflict().drive().md5()).isEqualTo("b");
        assertThat(parked.status()).isEqualTo("conflict");
    }

    @Test
    void createdOnTheAppIsUploaded() {
        Plan plan = given(BIDI).app(app("mix/song.wav", "a")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("upload new mix/song.wav from mix/song.wav",
                "base mix/song.wav = new file");
        assertThat(plan.pendingDriveIds()).hasSize(1);
    }

    @Test
    void deletedOnTheAppAndSameOnDriveTrashesTheDriveFile() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).drive(drive("f1", "song.wav", "a")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("trash f1", "drop base song.wav");
        assertThat(plan.driveDeletes()).isEqualTo(1);
    }

    @Test
    void deletedOnTheAppAndChangedOnDriveEditWinsAndDownloadsAgain() {
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).drive(drive("f1", "song.wav", "b")).steps())
                .containsExactly("download f1 to song.wav", "base song.wav = f1");
    }

    @Test
    void deletedOnBothSidesDropsTheBase() {
        assertThat(given(BIDI).base(base("song.wav", "f1", "a")).drive(trashed("f1", "song.wav", "a")).steps())
                .containsExactly("drop base song.wav");
    }

    @Test
    void createdOnDriveIsDownloaded() {
        assertThat(given(BIDI).drive(drive("f1", "song.wav", "a")).steps())
                .containsExactly("download f1 to song.wav", "base song.wav = f1");
    }

    @Test
    void aTrashedFileThatWasNeverSyncedIsIgnored() {
        assertThat(given(BIDI).drive(trashed("f1", "song.wav", "a")).steps()).isEmpty();
    }

    @Test
    void absentOnBothSidesIsNothing() {
        assertThat(given(BIDI).steps()).isEmpty();
    }

    @Test
    void aFileReplacedOnDriveByAnotherAtTheSamePathIsAnEdit() {
        Plan plan = given(BIDI).base(base("song.wav", "f1", "a")).app(app("song.wav", "a"))
                .drive(trashed("f1", "song.wav", "a"), drive("f2", "song.wav", "b")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("download f2 to song.wav", "base song.wav = f2");
    }

    @Test
    void googleNativeDocumentsAreLeftAlone() {
        DriveEntry doc = new DriveEntry("d1", "notes", null, 0, 1, Fixture.T0, "application/vnd.google-apps.document",
                false, null);
        assertThat(given(BIDI).drive(doc).app(app("notes", "a")).steps()).isEmpty();
    }

    @Test
    void aSecondRunAfterApplyingPlansNothing() {
        World world = new World();
        world.appWrite("a.txt", "x", null);
        world.driveCreate("b.txt", "y");
        SyncSettings s = bidirectional(ConflictPolicy.KEEP_BOTH);
        world.apply(world.withIds(SyncPlanner.plan(world.input(s, false))), -1);
        assertThat(SyncPlanner.plan(world.input(s, false)).isEmpty()).isTrue();
        assertThat(world.appTree()).containsEntry("a.txt", "x").containsEntry("b.txt", "y");
    }
}
