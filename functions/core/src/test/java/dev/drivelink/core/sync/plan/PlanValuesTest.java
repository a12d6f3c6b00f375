package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.FileTypeFilters;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.drivelink.core.sync.plan.Fixture.app;
import static dev.drivelink.core.sync.plan.Fixture.bidirectional;
import static dev.drivelink.core.sync.plan.Fixture.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conflict copy names, the filter, generated Drive ids. */
class PlanValuesTest {
    private static final Instant AT = Instant.parse("2026-05-04T13:07:59Z");

    @Test
    void conflictCopyNamesCarryTheMinuteAndTheSide() {
        assertThat(ConflictNames.copyOf("mix/song.wav", AT, Side.DRIVE, 1))
                .isEqualTo("mix/song (conflict 2026-05-04 1307, from Drive).wav");
        assertThat(ConflictNames.copyOf("README", AT, Side.APP, 1)).isEqualTo("README (conflict 2026-05-04 1307, from app)");
        assertThat(ConflictNames.copyOf(".profile", AT, Side.APP, 2))
                .isEqualTo(".profile (conflict 2026-05-04 1307, from app, 2)");
        assertThat(ConflictNames.copyOf("a.tar.gz", AT, Side.APP, 1)).isEqualTo("a.tar (conflict 2026-05-04 1307, from app).gz");
    }

    @Test
    void aCopyOfACopyNeverNests() {
        String copy = ConflictNames.copyOf("song.wav", AT, Side.APP, 3);
        String again = ConflictNames.copyOf(copy, AT.plusSeconds(3600), Side.DRIVE, 1);
        assertThat(again).isEqualTo("song (conflict 2026-05-04 1407, from Drive).wav");
        assertThat(ConflictNames.isCopy(again)).isTrue();
        assertThat(ConflictNames.isCopy("song (draft).wav")).isFalse();
    }

    @Test
    void filterMatchesExtensionsAndMimeTypesCaseInsensitively() {
        FileTypeFilters f = new FileTypeFilters(FileTypeFilters.normalize(List.of(".WAV")).orElseThrow(),
                FileTypeFilters.normalize(List.of("tmp", "Video/*")).orElseThrow());
        assertThat(f.syncs("a/b.Wav", List.of("audio/wav"))).isTrue();
        assertThat(f.syncs("a/b.txt", List.of("text/plain"))).isFalse();
        assertThat(f.syncs("a/b.wav", List.of("video/mp4"))).isFalse();
        assertThat(f.syncs("x.tmp", List.of())).isFalse();
        assertThat(FileTypeFilters.NONE.syncs("anything", List.of())).isTrue();
        FileTypeFilters mimeOnly = new FileTypeFilters(List.of("audio/*"), List.of());
        assertThat(mimeOnly.syncs("gone.bin", java.util.Arrays.asList((String) null)))
                .as("no MIME type known: a MIME include does not keep it out").isTrue();
        assertThat(mimeOnly.syncs("x.bin", List.of("text/plain"))).isFalse();
    }

    @Test
    void generatedIdsReplaceThePlaceholdersInUploadsAndBases() {
        Plan plan = given(bidirectional(ConflictPolicy.MANUAL)).app(app("a.txt", "x"), app("b.txt", "y")).plan();
        assertThat(plan.pendingDriveIds()).hasSize(2);
        Plan ready = plan.withDriveIds(List.of("id-a", "id-b"));
        assertThat(ready.pendingDriveIds()).isEmpty();
        assertThat(Fixture.steps(ready)).containsExactly("upload new a.txt from a.txt", "base a.txt = id-a",
                "upload new b.txt from b.txt", "base b.txt = id-b");
        assertThat(((PlanAction.UploadNew) ready.actions().get(2)).fileId()).isEqualTo("id-b");
        assertThatThrownBy(() -> plan.withDriveIds(List.of("one"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidListingsAreRefused() {
        assertThatThrownBy(() -> given(bidirectional(ConflictPolicy.MANUAL)).app(app("a.txt", "x"), app("a.txt", "y"))
                .plan()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseEntry.synced("a.txt", null, null, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
