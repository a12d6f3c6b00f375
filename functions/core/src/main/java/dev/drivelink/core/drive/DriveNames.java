package dev.drivelink.core.drive;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What may name a file or folder that drivelink creates in Drive. The one place for that rule: names
 * are NFC-normalized and stripped ({@link #normalize}), then refused ({@link #whyInvalid}) when empty,
 * longer than 255 characters, "." or "..", or holding a character that is invisible or changes how the
 * rest is shown: controls (Cc), format characters (Cf: bidi overrides such as U+202E, zero-width
 * joiners, soft hyphens, BOM), line/paragraph separators, lone surrogates and noncharacters. Refused
 * rather than dropped, so a producer learns that its name was not what it looked like.
 */
public final class DriveNames {

    public static final int MAX_LENGTH = 255;

    private DriveNames() {
    }

    /** The name as drivelink uses it: NFC, without leading or trailing white space; null stays null. */
    public static String normalize(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC).strip();
    }

    /** Why {@code name} (normalized) cannot be used, in words that follow "the name ..."; empty when it can. */
    public static Optional<String> whyInvalid(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (name.strip().equals(".") || name.strip().equals("..")) {
            return Optional.of("cannot be . or ..");
        }
        return name.codePoints().filter(DriveNames::hidden).limit(1)
                .mapToObj(c -> "cannot contain the control, format or invisible character " + String.format("U+%04X", c))
                .findFirst();
    }

    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }
}
