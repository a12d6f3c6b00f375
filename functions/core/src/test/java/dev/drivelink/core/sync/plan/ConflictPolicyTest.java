package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.conflict.Keep;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.base;
import static dev.drivelink.core.sync.plan.Fixture.bidirectional;
import static dev.drivelink.core.sync.plan.Fixture.drive;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both sides changed the file differently: each conflictResolution, and the manual route. */
class ConflictPolicyTest {
    private static final Instant EARLY = Instant.parse("2026-05-04T12:00:00Z");
    private static final Instant LATE = Instant.parse("2026-05-04T12:30:00Z");
    private static final String DRIVE_COPY = "mix/song (conflict 2026-05-04 1307, from Drive).wav";
    private static final String APP_COPY = "mix/song (conflict 2026-05-04 1307, from app).wav";

    private static Fixture.Scenario conflict(ConflictPolicy policy, Instant appTime, Instant driveTime) {
        return given(bidirectional(policy)).base(base("mix/song.wav", "f1", "a"))
                .app(app("mix/song.wav", "b", appTime)).drive(drive("f1", "mix/song.wav", "c", driveTime));
    }

    @Test
    void appWinsUploadsTheAppContentAsANewRevision() {
        Plan plan = conflict(ConflictPolicy.APP_WINS, EARLY, LATE).plan();
        assertThat(Fixture.steps(plan)).containsExactly("upload revision of f1 from mix/song.wav",
                "base mix/song.wav = f1");
        assertThat(((PlanAction.UploadRevision) plan.actions().get(0)).expectedMd5())
                .as("overwrites only the content seen; Drive keeps it as a revision").isEqualTo("c");
    }

    @Test
    void driveWinsWritesDriveContentOverTheAppObject() {
        Plan plan = conflict(ConflictPolicy.DRIVE_WINS, LATE, EARLY).plan();
        assertThat(Fixture.steps(plan)).containsExactly("download f1 to mix/song.wav", "base mix/song.wav = f1");
        assertThat(((PlanAction.Download) plan.actions().get(0)).replacesMd5()).isEqualTo("b");
    }

    @Test
    void keepBothWithTheAppNewerRenamesDrivesVersionOnBothSides() {
        assertThat(conflict(ConflictPolicy.KEEP_BOTH, LATE, EARLY).steps()).containsExactly(
                "move Drive f1 to " + DRIVE_COPY,
                "upload new mix/song.wav from mix/song.wav",
                "download f1 to " + DRIVE_COPY,
                "base mix/song.wav = new file",
                "base " + DRIVE_COPY + " = f1");
    }

    @Test
    void keepBothWithDriveNewerRenamesTheAppVersionOnBothSides() {
        assertThat(conflict(ConflictPolicy.KEEP_BOTH, EARLY, LATE).steps()).containsExactly(
                "move app mix/song.wav to " + APP_COPY,
                "download f1 to mix/song.wav",
                "upload new " + APP_COPY + " from mix/song.wav",
                "base mix/song.wav = f1",
                "base " + APP_COPY + " = new file");
    }

    @Test
    void keepBothOnATieLetsTheAppKeepTheName() {
        assertThat(conflict(ConflictPolicy.KEEP_BOTH, EARLY, EARLY).steps()).first()
                .isEqualTo("move Drive f1 to " + DRIVE_COPY);
    }

    @Test
    void aConflictOnAConflictCopyMakesAFreshCopyNeverANestedName() {
        String copy = "song (conflict 2026-05-01 0900, from app).wav";
        List<String> steps = given(bidirectional(ConflictPolicy.KEEP_BOTH)).base(base(copy, "f1", "a"))
                .app(app(copy, "b", LATE)).drive(drive("f1", copy, "c", EARLY)).steps();
        assertThat(steps).contains("move Drive f1 to song (conflict 2026-05-04 1307, from Drive).wav");
        assertThat(steps).noneMatch(s -> s.contains(") (conflict"));
    }

    @Test
    void aTakenCopyNameGetsACounter() {
        List<String> steps = conflict(ConflictPolicy.KEEP_BOTH, LATE, EARLY)
                .app(app(DRIVE_COPY, "z")).base(base(DRIVE_COPY, "f9", "z")).drive(drive("f9", DRIVE_COPY, "z"))
                .steps();
        assertThat(steps).contains("move Drive f1 to mix/song (conflict 2026-05-04 1307, from Drive, 2).wav");
    }

    @Test
    void manualRecordsBothVersionsAndTouchesNeitherSide() {
        Plan plan = conflict(ConflictPolicy.MANUAL, EARLY, LATE).plan();
        assertThat(Fixture.steps(plan)).containsExactly("conflict mix/song.wav CONTENT");
        BaseEntry parked = ((PlanAction.RecordConflict) plan.actions().get(0)).entry();
        assertThat(parked.app().md5()).as("the last agreed state stays").isEqualTo("a");
        assertThat(parked.conflict().app().md5()).isEqualTo("b");
        assertThat(parked.conflict().app().modified()).isEqualTo(EARLY);
        assertThat(parked.conflict().drive().md5()).isEqualTo("c");
        assertThat(parked.conflict().detectedAt()).isEqualTo(Fixture.NOW);
    }

    @Test
    void aParkedConflictIsLeftOutOfLaterRunsEvenAfterMoreEdits() {
        BaseEntry parked = parkedEntry();
        assertThat(given(bidirectional(ConflictPolicy.APP_WINS)).base(parked)
                .app(app("mix/song.wav", "d")).drive(drive("f1", "mix/song.wav", "e")).steps()).isEmpty();
        assertThat(given(bidirectional(ConflictPolicy.APP_WINS)).base(parked).steps())
                .as("not even deletes").isEmpty();
    }

    @Test
    void resolvingKeepAppActsAsAppWinsOnceAndClearsTheConflict() {
        Plan plan = resolve(Keep.APP);
        assertThat(Fixture.steps(plan)).containsExactly("upload revision of f1 from mix/song.wav",
                "base mix/song.wav = f1");
        assertThat(((PlanAction.SetBase) plan.actions().get(1)).entry().inConflict()).isFalse();
    }

    @Test
    void resolvingKeepDriveActsAsDriveWins() {
        assertThat(Fixture.steps(resolve(Keep.DRIVE))).containsExactly("download f1 to mix/song.wav",
                "base mix/song.wav = f1");
    }

    @Test
    void resolvingKeepBothActsAsKeepBoth() {
        assertThat(Fixture.steps(resolve(Keep.BOTH))).contains("move app mix/song.wav to " + APP_COPY);
    }

    @Test
    void resolvingTouchesOnlyThatFile() {
        Fixture.Scenario scenario = given(bidirectional(ConflictPolicy.MANUAL)).base(parkedEntry())
                .app(app("mix/song.wav", "b", EARLY)).drive(drive("f1", "mix/song.wav", "c", LATE))
                .app(app("other.txt", "new"));
        assertThat(Fixture.steps(SyncPlanner.resolveConflict(scenario.input(), "mix/song.wav", Keep.APP)))
                .noneMatch(s -> s.contains("other.txt"));
    }

    @Test
    void resolvingACreatedConflictReplacesTheParkedEntry() {
        Plan parking = given(bidirectional(ConflictPolicy.MANUAL)).app(app("a.txt", "x")).drive(drive("f1", "a.txt", "y"))
                .plan();
        BaseEntry parked = ((PlanAction.RecordConflict) parking.actions().get(0)).entry();
        Plan plan = SyncPlanner.resolveConflict(given(bidirectional(ConflictPolicy.MANUAL)).base(parked)
                .app(app("a.txt", "x")).drive(drive("f1", "a.txt", "y")).input(), "a.txt", Keep.DRIVE);
        assertThat(Fixture.steps(plan)).containsExactly("download f1 to a.txt", "base a.txt = f1");
    }

    @Test
    void resolvingAConflictOnANowFilteredPathOnlyClearsIt() {
        PlanInput input = given(Fixture.withFilter(bidirectional(ConflictPolicy.MANUAL), Fixture.excludeExtensions("wav")))
                .base(parkedEntry()).app(app("mix/song.wav", "b", EARLY)).drive(drive("f1", "mix/song.wav", "c", LATE))
                .input();
        Plan plan = SyncPlanner.resolveConflict(input, "mix/song.wav", Keep.APP);
        assertThat(Fixture.steps(plan)).containsExactly("base mix/song.wav = f1");
        assertThat(((PlanAction.SetBase) plan.actions().get(0)).entry().inConflict()).isFalse();
    }

    @Test
    void resolvingAMoveConflictOnANowFilteredPathForDriveGivesTheFileUpThere() {
        // a.wav moved to b.txt on the app and to c.txt on Drive (parked); then wav became filtered and the
        // user keeps Drive's: c.txt maps f1, so a.wav's record goes (its path is hidden, nothing touched;
        // the app's b.txt stays a file of its own)
        Plan parking = given(bidirectional(ConflictPolicy.MANUAL)).base(base("a.wav", "f1", "x"))
                .app(app("b.txt", "x")).drive(drive("f1", "c.txt", "x")).plan();
        BaseEntry parked = ((PlanAction.RecordConflict) parking.actions().get(0)).entry();
        PlanInput input = given(Fixture.withFilter(bidirectional(ConflictPolicy.MANUAL), Fixture.excludeExtensions("wav")))
                .base(parked).app(app("b.txt", "x"), app("a.wav", "x")).drive(drive("f1", "c.txt", "x")).input();
        Plan plan = SyncPlanner.resolveConflict(input, "a.wav", Keep.DRIVE);
        assertThat(Fixture.steps(plan)).containsExactly("upload new b.txt from b.txt", "base b.txt = new file",
                "drop base a.wav", "download f1 to c.txt", "base c.txt = f1");
        assertThat(Fixture.storeRefuses(input.base(), plan)).isEmpty();
    }

    @Test
    void resolvingNeverTouchesAnUnrelatedFileWhereTheConflictsDriveFileWentMeanwhile() {
        Plan parking = given(bidirectional(ConflictPolicy.MANUAL)).app(app("a.txt", "x")).drive(drive("f1", "a.txt", "y"))
                .plan();
        BaseEntry parked = ((PlanAction.RecordConflict) parking.actions().get(0)).entry();
        PlanInput moved = given(bidirectional(ConflictPolicy.MANUAL)).base(parked).app(app("a.txt", "x"))
                .app(app("b.txt", "mine")).drive(drive("f1", "b.txt", "y")).input();
        List<String> steps = Fixture.steps(SyncPlanner.resolveConflict(moved, "a.txt", Keep.DRIVE));
        assertThat(steps).noneMatch(s -> s.contains("b.txt"));
        assertThat(steps).contains("base a.txt = new file");
    }

    @Test
    void resolvingWhereNothingIsParkedIsRefused() {
        assertThatThrownBy(() -> SyncPlanner.resolveConflict(given(bidirectional(ConflictPolicy.MANUAL))
                .synced("a.txt", "f1", "x").input(), "a.txt", Keep.APP)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BaseEntry parkedEntry() {
        Plan parking = conflict(ConflictPolicy.MANUAL, EARLY, LATE).plan();
        return ((PlanAction.RecordConflict) parking.actions().get(0)).entry();
    }

    private static Plan resolve(Keep keep) {
        PlanInput input = given(bidirectional(ConflictPolicy.MANUAL)).base(parkedEntry())
                .app(app("mix/song.wav", "b", EARLY)).drive(drive("f1", "mix/song.wav", "c", LATE)).input();
        return SyncPlanner.resolveConflict(input, "mix/song.wav", keep);
    }
}
