package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.FileTypeFilters;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.appEcho;
import static dev.drivelink.core.sync.plan.Fixture.base;
import static dev.drivelink.core.sync.plan.Fixture.bidirectional;
import static dev.drivelink.core.sync.plan.Fixture.drive;
import static dev.drivelink.core.sync.plan.Fixture.driveEcho;
import static dev.drivelink.core.sync.plan.Fixture.excludeExtensions;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static dev.drivelink.core.sync.plan.Fixture.trashed;
import static dev.drivelink.core.sync.plan.Fixture.withFilter;
import static org.assertj.core.api.Assertions.assertThat;

/** File type filters, echo suppression and the mass-delete guard. */
class FiltersEchoGuardTest {
    private static final SyncSettings BIDI = bidirectional(ConflictPolicy.MANUAL);
    private static final SyncSettings NO_WAV = withFilter(BIDI, excludeExtensions("wav"));

    @Test
    void aFilteredPathIsNeitherCopiedNorDeleted() {
        assertThat(given(NO_WAV).app(app("a.wav", "x")).drive(drive("f1", "b.wav", "y")).steps()).isEmpty();
        assertThat(given(NO_WAV).base(base("c.wav", "f2", "z")).app(app("c.wav", "z")).steps())
                .as("Drive deleted it, but the path is filtered").isEmpty();
        assertThat(given(NO_WAV).app(app("a.txt", "x")).steps()).hasSize(2);
    }

    @Test
    void changingFiltersNeverDeletes() {
        // a mapped file whose type becomes excluded, then deleted on one side: nothing happens
        assertThat(given(NO_WAV).base(base("a.wav", "f1", "x")).drive(drive("f1", "a.wav", "x")).steps()).isEmpty();
    }

    @Test
    void aFilteredPathGivesItsDriveFileUpWhenTheUserMovedItWhereTheRunTakesItIn() {
        // f1 mapped at a.wav (now excluded) was moved on Drive to b.txt: b.txt takes it, a.wav's record
        // goes (one mapping per Drive file); the app's a.wav stays
        Fixture.Scenario s = given(NO_WAV).base(base("a.wav", "f1", "x")).app(app("a.wav", "x"))
                .drive(drive("f1", "b.txt", "x"));
        assertThat(s.steps()).containsExactly("drop base a.wav", "download f1 to b.txt", "base b.txt = f1");
        assertThat(s.storeRefuses()).isEmpty();
    }

    @Test
    void aFilteredPathGivesItsDriveFileUpBeforeAPathAnotherFileLeftTakesIt() {
        // f1 left b.txt for c.txt; f2, mapped at the filtered a.wav, was moved onto b.txt
        Fixture.Scenario s = given(NO_WAV).base(base("a.wav", "f2", "w"), base("b.txt", "f1", "x"))
                .app(app("a.wav", "w"), app("b.txt", "x"))
                .drive(drive("f1", "c.txt", "x"), drive("f2", "b.txt", "w"));
        assertThat(s.steps()).containsExactly("move app b.txt to c.txt", "drop base b.txt", "base c.txt = f1",
                "drop base a.wav", "download f2 to b.txt", "base b.txt = f2");
        assertThat(s.storeRefuses()).isEmpty();
    }

    @Test
    void mimeTypesFilterToo_andExcludeWins() {
        FileTypeFilters filter = new FileTypeFilters(List.of("wav", "audio/*"), List.of("audio/wav"));
        assertThat(given(withFilter(BIDI, filter)).app(app("a.wav", "x")).steps()).isEmpty();
        AppObject flac = new AppObject("b.flac", "v", "e", "y", 1, Fixture.T0, "audio/flac", false);
        assertThat(given(withFilter(BIDI, filter)).app(flac).steps()).hasSize(2);
        assertThat(given(withFilter(BIDI, filter)).app(app("c.txt", "z")).steps()).as("not included").isEmpty();
    }

    @Test
    void anAppObjectDrivelinkWroteIsNoChange_soDrivesNewEditIsDownloaded() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(appEcho("a.txt", "y")).drive(drive("f1", "a.txt", "z"))
                .steps()).containsExactly("download f1 to a.txt", "base a.txt = f1");
    }

    @Test
    void aDriveContentDrivelinkUploadedIsNoChange_soTheAppsEditIsUploaded() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(app("a.txt", "y")).drive(driveEcho("f1", "a.txt", "z"))
                .steps()).containsExactly("upload revision of f1 from a.txt", "base a.txt = f1");
    }

    @Test
    void anEchoAgainstADeleteIsNoEdit() {
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).drive(driveEcho("f1", "a.txt", "z")).steps())
                .containsExactly("trash f1", "drop base a.txt");
    }

    @Test
    void withoutABaseAnEchoIsStillTheUsersFile() {
        assertThat(given(BIDI).app(app("a.txt", "y")).drive(driveEcho("f1", "a.txt", "z")).steps())
                .containsExactly("conflict a.txt CREATED");
    }

    @Test
    void ownWritesRecordedInTheBaseAreNoChangesAtAll() {
        // the base holds what drivelink wrote: nothing to do
        assertThat(given(BIDI).base(base("a.txt", "f1", "x")).app(appEcho("a.txt", "x")).drive(driveEcho("f1", "a.txt", "x"))
                .steps()).isEmpty();
    }

    @Test
    void anObjectTheUserMovedAwayAndBackIsTheUsers_thoughItsMetadataNamesTheKey() {
        // seed 1796071171 (maxOps 80): drivelink downloaded p0 to x.txt; the user moved it away and back
        // (S3 copies keep drivelink's metadata), meanwhile the base moved on to n2 and Drive's file to n3.
        // The echo flag must be bound to the version drivelink wrote, not to metadata naming the key:
        // else Drive's n3 overwrites the user's p0 as if p0 were drivelink's own write
        World w = new World();
        w.drivelinkWrite("x.txt", "p0");
        w.appCopy("x.txt", "y.txt");
        w.appDelete("x.txt");
        w.appCopy("y.txt", "x.txt");
        w.appDelete("y.txt");
        AppObject back = w.input(BIDI, false).app().get(0);
        assertThat(back.path()).isEqualTo("x.txt");
        assertThat(back.writtenByDrivelink()).as("a user's copy is the user's version").isFalse();
        assertThat(given(BIDI).base(base("x.txt", "f1", "n2")).app(back).drive(drive("f1", "x.txt", "n3")).steps())
                .containsExactly("conflict x.txt CONTENT");
    }

    private static Fixture.Scenario mapped(int files, int deletedOnDrive) {
        Fixture.Scenario s = given(BIDI);
        for (int i = 0; i < files; i++) {
            String path = "f" + i + ".txt";
            s.base(base(path, "id" + i, "c" + i)).app(app(path, "c" + i));
            s.drive(i < deletedOnDrive ? trashed("id" + i, path, "c" + i) : drive("id" + i, path, "c" + i));
        }
        return s;
    }

    @Test
    void moreThanHalfAndMoreThanTenDeletesPauseTheRunWithCounts() {
        Plan plan = mapped(20, 11).plan();
        assertThat(plan.status()).isEqualTo(PlanStatus.PAUSED);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.appDeletes()).isEqualTo(11);
        assertThat(plan.mappedFiles()).isEqualTo(20);
    }

    @Test
    void aConfirmedRunAppliesTheDeletes() {
        Plan plan = mapped(20, 11).confirmed().plan();
        assertThat(plan.status()).isEqualTo(PlanStatus.OK);
        assertThat(plan.deletes()).isEqualTo(11);
    }

    @Test
    void tenDeletesOrHalfTheFilesDoNotTripTheGuard() {
        assertThat(mapped(12, 10).plan().status()).as("10 of 12").isEqualTo(PlanStatus.OK);
        assertThat(mapped(22, 11).plan().status()).as("11 of 22 is exactly half").isEqualTo(PlanStatus.OK);
    }

    @Test
    void deletesOnBothSidesCountTogether() {
        Fixture.Scenario s = given(BIDI);
        List<String> none = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String path = "f" + i + ".txt";
            s.base(base(path, "id" + i, "c" + i));
            if (i < 6) {
                s.app(app(path, "c" + i)).drive(trashed("id" + i, path, "c" + i)); // Drive deleted
            } else if (i < 12) {
                s.drive(drive("id" + i, path, "c" + i)); // app deleted
            } else {
                s.app(app(path, "c" + i)).drive(drive("id" + i, path, "c" + i));
            }
        }
        Plan plan = s.plan();
        assertThat(plan.status()).isEqualTo(PlanStatus.PAUSED);
        assertThat(plan.appDeletes()).isEqualTo(6);
        assertThat(plan.driveDeletes()).isEqualTo(6);
        assertThat(none).isEmpty();
    }
}
