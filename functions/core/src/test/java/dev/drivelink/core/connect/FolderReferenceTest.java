package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests (QuickTheories in a plain JUnit 5 class). A falsified property fails with the smallest
 * counter-example and {@code Seed was N}; replay that run with
 * {@code ./mvnw -B -ntp -pl functions/core -am verify -Dtest='FolderReferenceTest#method' -Dsurefire.failIfNoSpecifiedTests=false -DQT_SEED=N}.
 */
class FolderReferenceTest {

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    static Gen<String> ids() {
        return lists().of(integers().between(0, ID_CHARS.length() - 1)).ofSizeBetween(10, 60).map(indexes -> {
            StringBuilder id = new StringBuilder();
            indexes.forEach(i -> id.append(ID_CHARS.charAt(i)));
            return id.toString();
        });
    }

    @Test
    void everyLinkFormYieldsTheId() {
        qt().withExamples(1000).forAll(ids(), integers().between(0, 9)).checkAssert((id, account) -> {
            assertThat(FolderReference.tryParse(id)).contains(id);
            assertThat(FolderReference.tryParse("  " + id + "\n")).contains(id);
            assertThat(FolderReference.tryParse("https://drive.google.com/drive/folders/" + id)).contains(id);
            assertThat(FolderReference.tryParse("https://drive.google.com/drive/folders/" + id + "?usp=sharing")).contains(id);
            assertThat(FolderReference.tryParse("https://drive.google.com/drive/u/" + account + "/folders/" + id)).contains(id);
            assertThat(FolderReference.tryParse("https://drive.google.com/open?id=" + id)).contains(id);
            assertThat(FolderReference.tryParse("https://drive.google.com/open?usp=sharing&id=" + id + "&x=1")).contains(id);
        });
    }

    @Test
    void otherHostsAndShapesAreRefused() {
        qt().withExamples(1000).forAll(ids()).checkAssert(id -> {
            assertThat(FolderReference.tryParse("https://evil.example.com/drive/folders/" + id)).isEmpty();
            assertThat(FolderReference.tryParse("https://drive.google.com/file/d/" + id + "/view")).isEmpty();
            assertThat(FolderReference.tryParse("ftp://drive.google.com/drive/folders/" + id)).isEmpty();
            assertThat(FolderReference.tryParse(id + "/../x")).isEmpty();
        });
    }

    static final List<String> GARBAGE = List.of("", "   ", "short", "has spaces in it here",
            "https://drive.google.com/drive/folders/", "https://drive.google.com/open?id=",
            "https://drive.google.com/open?id=abc", "<script>alert(1)</script>", "x".repeat(300));

    @Test
    void garbageIsRefusedWithAnExplanation() {
        qt().withExamples(1000).forAll(Generate.pick(GARBAGE)).checkAssert(input ->
                assertThatThrownBy(() -> FolderReference.parse(input))
                        .isInstanceOfSatisfying(DomainException.class, p -> {
                            assertThat(p.kind()).isEqualTo(ErrorKind.INVALID);
                            assertThat(p.detail()).contains("drive.google.com/drive/folders/");
                        }));
    }
}
