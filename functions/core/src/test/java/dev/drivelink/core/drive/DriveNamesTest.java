package dev.drivelink.core.drive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for names drivelink gives Drive items: NFC, stripped, nothing hidden in them. */
class DriveNamesTest {

    @Test
    void namesAreNfcNormalizedAndStripped() {
        String decomposed = "Cafe\u0301 mix.wav"; // e + combining acute
        assertThat(DriveNames.normalize("  " + decomposed + "\t")).isEqualTo("Caf\u00e9 mix.wav");
        assertThat(DriveNames.normalize(null)).isNull();
        assertThat(DriveNames.whyInvalid(DriveNames.normalize(decomposed))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "evil\u202Egnp.exe",      // RIGHT-TO-LEFT OVERRIDE: shows as "evilexe.png"
        "a\u2066b\u2069",          // bidi isolates
        "a\u200Eb", "a\u200Fb",    // LRM, RLM
        "a\u061Cb",                // Arabic letter mark
        "zero\u200Bwidth",         // zero-width space
        "join\u200Der",            // zero-width joiner
        "soft\u00ADhyphen",
        "bom\uFEFFname",
        "tab\tname", "new\nline", "nul\u0000", "del\u007F", "c1\u0085",
        "line\u2028sep", "para\u2029sep",
        "lone\uD800surrogate",
        "non\uFFFEchar", "non\uFDD0char"})
    void hiddenControlAndFormatCharactersAreRefusedAndNamed(String name) {
        assertThat(DriveNames.whyInvalid(DriveNames.normalize(name))).hasValueSatisfying(why ->
                assertThat(why).startsWith("cannot contain the control, format or invisible character U+"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ".", "..", " .. "})
    void emptyAndDotNamesAreRefused(String name) {
        assertThat(DriveNames.whyInvalid(DriveNames.normalize(name))).isPresent();
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(DriveNames.whyInvalid("\uD83C\uDFB5".repeat(255))).as("255 notes (510 UTF-16 units)").isEmpty();
        assertThat(DriveNames.whyInvalid("x".repeat(256))).hasValue("is longer than 255 characters");
        assertThat(DriveNames.whyInvalid("\u0645\u0648\u0633\u064a\u0642\u0649 \u00e9t\u00e9 \u97f3\u697d.wav")).isEmpty();
    }
}
