package dev.drivelink.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.sync.settings.FileTypeFilters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files a project's filters let through (exclude wins; an empty include lets all in). */
class FileTypeFiltersTest {

    static FileTypeFilters filters(List<String> include, List<String> exclude) {
        return new FileTypeFilters(FileTypeFilters.normalize(include).orElseThrow(),
                FileTypeFilters.normalize(exclude).orElseThrow());
    }

    @Test
    void noFiltersLetEverythingIn() {
        assertThat(FileTypeFilters.NONE.allows("a/b/c.wav", "audio/wav")).isTrue();
        assertThat(FileTypeFilters.NONE.allows("README", null)).isTrue();
    }

    @Test
    void extensionsAndMimeTypesMatchCaseInsensitively() {
        FileTypeFilters f = filters(List.of(".WAV", "*.flac", "image/*", "tar.gz"), List.of());
        assertThat(f.include()).containsExactly("wav", "flac", "image/*", "tar.gz");
        assertThat(f.allows("mixes/Final.Wav", null)).isTrue();
        assertThat(f.allows("x.flac", "application/octet-stream")).isTrue();
        assertThat(f.allows("cover.bin", "IMAGE/PNG; charset=binary")).isTrue();
        assertThat(f.allows("backup.tar.gz", null)).isTrue();
        assertThat(f.allows("notes.txt", "text/plain")).isFalse();
        assertThat(f.allows("wav", null)).isFalse();
        assertThat(f.allows("dir.wav/readme", null)).isFalse();
        assertThat(f.allows("x.gz", null)).isFalse();
    }

    @Test
    void excludeWins() {
        FileTypeFilters f = filters(List.of("audio/*"), List.of("audio/x-aiff", "tmp"));
        assertThat(f.allows("a.wav", "audio/wav")).isTrue();
        assertThat(f.allows("a.aif", "audio/x-aiff")).isFalse();
        assertThat(f.allows("a.tmp", "audio/wav")).isFalse();
        assertThat(filters(List.of(), List.of("tmp")).allows("x.wav", null)).isTrue();
    }

    @Test
    void entriesThatAreNeitherAreRefused() {
        for (String bad : List.of("", " ", "a b", "audio/", "/wav", "*", "*.", ".", "a/b/c", "x".repeat(40))) {
            assertThat(FileTypeFilters.normalize(List.of(bad))).as(bad).isEmpty();
        }
        assertThat(FileTypeFilters.normalize(List.of("wav", ".wav", "WAV"))).contains(List.of("wav"));
    }
}
