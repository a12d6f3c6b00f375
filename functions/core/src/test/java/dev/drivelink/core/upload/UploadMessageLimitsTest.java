package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.error.DomainException;
import org.junit.jupiter.api.Test;

/** Upload messages that would break a store or a parser are refused with a reason, never thrown past. */
class UploadMessageLimitsTest {

    static String message(String extra) {
        return "{\"version\":1,\"connectionId\":\"dc_0123456789abcdef0123456789abcdef\",\"source\":{\"url\":"
                + "\"https://files.example.com/a.wav\"},\"fileName\":\"a.wav\",\"mimeType\":\"audio/wav\"" + extra + "}";
    }

    @Test
    void deepNestingAndEndlessNumbersAreRefusedWithAReason() {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertThatThrownBy(() -> UploadMessages.parse(message(",\"appRef\":{\"x\":" + deep + "}")))
                .isInstanceOf(UploadMessages.InvalidUploadRequest.class).hasMessageContaining("not valid JSON")
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> UploadMessages.parse(message(",\"n\":" + "9".repeat(1001))))
                .isInstanceOf(UploadMessages.InvalidUploadRequest.class).hasMessageContaining("Number value length");
    }

    @Test
    void aFolderPathOver900Utf8BytesIsRefusedAndOneJustUnderIsKept() {
        String segment = "\u00e9".repeat(100); // 200 bytes each
        String tooLong = String.join("/", segment, segment, segment, segment, segment); // 1004 bytes
        assertThatThrownBy(() -> UploadMessages.parse(message(",\"folderPath\":\"" + tooLong + "\"")))
                .isInstanceOf(UploadMessages.InvalidUploadRequest.class).hasMessageContaining("900 bytes");
        String fits = String.join("/", segment, segment, segment, segment, "x".repeat(95)); // 899 bytes
        assertThat(UploadMessages.parse(message(",\"folderPath\":\"" + fits + "\"")).folderPath()).isEqualTo(fits);
        assertThatThrownBy(() -> FolderPaths.segments(tooLong)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-folder-path"));
    }

    @Test
    void namesAndPathsAreStoredNormalized() {
        UploadRequest request = UploadMessages.parse(message(",\"folderPath\":\" /renders//Cafe\u0301/ 2026 /\"")
                .replace("\"fileName\":\"a.wav\"", "\"fileName\":\"  Cafe\u0301.wav \""));
        assertThat(request.fileName()).isEqualTo("Caf\u00e9.wav");
        assertThat(request.folderPath()).isEqualTo("renders/Caf\u00e9/2026");
        assertThatThrownBy(() -> UploadMessages.parse(message(",\"folderPath\":\"a/evil\u202Egpj/b\"")))
                .hasMessageContaining("U+202E");
        assertThatThrownBy(() -> UploadMessages.parse(message("").replace("a.wav\",\"mime", "a\u200B.wav\",\"mime")))
                .hasMessageContaining("U+200B");
    }
}
