package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;

import org.junit.jupiter.api.Test;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.base;
import static dev.drivelink.core.sync.plan.Fixture.bidirectional;
import static dev.drivelink.core.sync.plan.Fixture.drive;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Moves and renames: the same Drive id at a new path; an app delete paired with a create of equal content. */
class MovesTest {
    private static final SyncSettings BIDI = bidirectional(ConflictPolicy.MANUAL);

    @Test
    void aDriveRenameIsAMoveOnTheAppSide() {
        Plan plan = given(BIDI).base(base("a/song.wav", "f1", "x")).app(app("a/song.wav", "x"))
                .drive(drive("f1", "b/final.wav", "x")).plan();
        assertThat(Fixture.steps(plan)).containsExactly("move app a/song.wav to b/final.wav",
                "drop base a/song.wav", "base b/final.wav = f1");
        assertThat(plan.deletes()).as("a move is no delete").isZero();
    }

    @Test
    void anAppMoveIsPairedByContentAndMovedOnDrive() {
        assertThat(given(BIDI).base(base("a/song.wav", "f1", "x")).app(app("b/final.wav", "x"))
                .drive(drive("f1", "a/song.wav", "x")).steps())
                .containsExactly("move Drive f1 to b/final.wav", "drop base a/song.wav", "base b/final.wav = f1");
    }

    @Test
    void aMoveOnDriveAndAnEditOnTheAppMovesThenUploads() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("a.txt", "y")).drive(drive("f1", "b.txt", "x"))
                .steps()).containsExactly("move app a.txt to b.txt", "upload revision of f1 from a.txt",
                "drop base a.txt", "base b.txt = f1");
    }

    @Test
    void aMoveOnTheAppAndAnEditOnDriveMovesThenDownloads() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("b.txt", "x")).drive(drive("f1", "a.txt", "y"))
                .steps()).containsExactly("move Drive f1 to b.txt", "download f1 to b.txt", "drop base a.txt",
                "base b.txt = f1");
    }

    @Test
    void bothSidesMovedToTheSamePlaceIsOnlyANewBase() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("b.txt", "x")).drive(drive("f1", "b.txt", "x"))
                .steps()).containsExactly("drop base a.txt", "base b.txt = f1");
    }

    private static Fixture.Scenario movedBothWays(ConflictPolicy policy) {
        return given(bidirectional(policy)).base(base("a.txt", "f1", "x")).app(app("app.txt", "x"))
                .drive(drive("f1", "drive.txt", "x"));
    }

    @Test
    void movesToDifferentPlacesUnderAppWinsFollowTheApp() {
        assertThat(movedBothWays(ConflictPolicy.APP_WINS).steps())
                .containsExactly("move Drive f1 to app.txt", "drop base a.txt", "base app.txt = f1");
    }

    @Test
    void movesToDifferentPlacesUnderDriveWinsFollowDrive() {
        assertThat(movedBothWays(ConflictPolicy.DRIVE_WINS).steps())
                .containsExactly("move app app.txt to drive.txt", "drop base a.txt", "base drive.txt = f1");
    }

    @Test
    void movesToDifferentPlacesUnderKeepBothKeepTheFileAtBothPaths() {
        assertThat(movedBothWays(ConflictPolicy.KEEP_BOTH).steps()).containsExactly(
                "upload new app.txt from app.txt", "download f1 to drive.txt",
                "drop base a.txt", "base app.txt = new file", "base drive.txt = f1");
    }

    @Test
    void movesToDifferentPlacesUnderManualAreAConflict() {
        assertThat(movedBothWays(ConflictPolicy.MANUAL).steps()).containsExactly("conflict a.txt MOVED");
    }

    @Test
    void anEditedObjectUnderANewNameIsADeleteAndACreateNotAMove() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("b.txt", "y")).drive(drive("f1", "a.txt", "x"))
                .steps()).containsExactly("trash f1", "drop base a.txt", "upload new b.txt from b.txt",
                "base b.txt = new file");
    }

    @Test
    void aDriveMoveOntoATakenPathIsADeleteThereAndANewFileHere() {
        // the user moved f1 onto b.txt, which the app already has (mapped to f2, still there too)
        assertThat(given(BIDI).synced("b.txt", "f2", "b").base(base("a.txt", "f1", "a")).app(app("a.txt", "a"))
                .drive(drive("f1", "b.txt", "a")).steps()).containsExactly(
                "move Drive f1 to b (conflict 2026-05-04 1307, from Drive).txt",
                "delete app a.txt", "drop base a.txt",
                "download f1 to b (conflict 2026-05-04 1307, from Drive).txt",
                "base b (conflict 2026-05-04 1307, from Drive).txt = f1");
    }

    @Test
    void aDriveMoveAgainstAnAppDeleteKeepsTheMovedFile() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).drive(drive("f1", "b.txt", "x")).steps())
                .containsExactly("drop base a.txt", "download f1 to b.txt", "base b.txt = f1");
    }

    @Test
    void twoDriveFilesWithOneNameKeepTheMappedOneAndRenameTheOther() {
        assertThat(given(BIDI).synced("a.txt", "f1", "x").drive(drive("f2", "a.txt", "y")).steps()).containsExactly(
                "move Drive f2 to a (conflict 2026-05-04 1307, from Drive).txt",
                "download f2 to a (conflict 2026-05-04 1307, from Drive).txt",
                "base a (conflict 2026-05-04 1307, from Drive).txt = f2");
    }

    @Test
    void aMovedAwayFileFreesItsPathForANewFile() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("a.txt", "x"))
                .drive(drive("f1", "b.txt", "x"), drive("f2", "a.txt", "y")).steps()).containsExactly(
                "move app a.txt to b.txt", "drop base a.txt", "base b.txt = f1",
                "download f2 to a.txt", "base a.txt = f2");
    }

    @Test
    void aDriveFileMovedOntoTheMappedPathOfATrashedOneLeavesItsOldPathBeforeItsNewPathTakesIt() {
        // f2 (mapped at a.txt) trashed; f1 (mapped at m.txt) moved onto a.txt: a.txt re-binds to f1, m.txt
        // lets it go; the store takes f1 at a.txt only once m.txt no longer maps it
        Fixture.Scenario s = given(BIDI).base(base("a.txt", "f2", "old"), base("m.txt", "f1", "x"))
                .app(app("a.txt", "old"), app("m.txt", "x"))
                .drive(Fixture.trashed("f2", "a.txt", "old"), drive("f1", "a.txt", "x"));
        assertThat(s.steps()).containsExactly("delete app m.txt", "drop base m.txt", "download f1 to a.txt",
                "base a.txt = f1");
        assertThat(s.storeRefuses()).isEmpty();
    }

    @Test
    void twoDriveFilesThatSwappedNamesSwapTheirMappingsThroughADrop() {
        // the user swapped a.txt and b.txt on Drive: each path re-binds to the other's file; neither
        // mapping can take its new file while the other path still maps it, so one path is dropped first
        Fixture.Scenario s = given(BIDI).base(base("a.txt", "f1", "x"), base("b.txt", "f2", "y"))
                .app(app("a.txt", "x"), app("b.txt", "y"))
                .drive(drive("f1", "b.txt", "x"), drive("f2", "a.txt", "y"));
        assertThat(s.steps()).containsExactly("drop base a.txt", "download f1 to b.txt", "base b.txt = f1",
                "download f2 to a.txt", "base a.txt = f2");
        assertThat(s.storeRefuses()).isEmpty();
    }
}
