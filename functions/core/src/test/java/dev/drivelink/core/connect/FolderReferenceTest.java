package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FolderReferenceTest {

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
                .ofMinLength(10).ofMaxLength(60);
    }

    @Property
    void everyLinkFormYieldsTheId(@ForAll("ids") String id, @ForAll @IntRange(min = 0, max = 9) int account) {
        assertThat(FolderReference.tryParse(id)).contains(id);
        assertThat(FolderReference.tryParse("  " + id + "\n")).contains(id);
        assertThat(FolderReference.tryParse("https://drive.google.com/drive/folders/" + id)).contains(id);
        assertThat(FolderReference.tryParse("https://drive.google.com/drive/folders/" + id + "?usp=sharing")).contains(id);
        assertThat(FolderReference.tryParse("https://drive.google.com/drive/u/" + account + "/folders/" + id)).contains(id);
        assertThat(FolderReference.tryParse("https://drive.google.com/open?id=" + id)).contains(id);
        assertThat(FolderReference.tryParse("https://drive.google.com/open?usp=sharing&id=" + id + "&x=1")).contains(id);
    }

    @Property
    void otherHostsAndShapesAreRefused(@ForAll("ids") String id) {
        assertThat(FolderReference.tryParse("https://evil.example.com/drive/folders/" + id)).isEmpty();
        assertThat(FolderReference.tryParse("https://drive.google.com/file/d/" + id + "/view")).isEmpty();
        assertThat(FolderReference.tryParse("ftp://drive.google.com/drive/folders/" + id)).isEmpty();
        assertThat(FolderReference.tryParse(id + "/../x")).isEmpty();
    }

    @Property
    void garbageIsRefusedWithAnExplanation(@ForAll("garbage") String input) {
        assertThatThrownBy(() -> FolderReference.parse(input))
                .isInstanceOfSatisfying(DomainException.class, p -> {
                    assertThat(p.kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(p.detail()).contains("drive.google.com/drive/folders/");
                });
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.of("", "   ", "short", "has spaces in it here", "https://drive.google.com/drive/folders/",
                "https://drive.google.com/open?id=", "https://drive.google.com/open?id=abc", "<script>alert(1)</script>",
                "x".repeat(300));
    }
}
