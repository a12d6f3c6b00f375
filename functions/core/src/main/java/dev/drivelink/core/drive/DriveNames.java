package dev.drivelink.core.drive;

import java.util.Optional;

/** What may name a file or folder that drivelink creates in Drive. The one place for that rule. */
public final class DriveNames {

    public static final int MAX_LENGTH = 255;

    private DriveNames() {
    }

    /** Why {@code name} cannot be used, in words that follow "the name ..."; empty when it can. */
    public static Optional<String> whyInvalid(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (name.strip().equals(".") || name.strip().equals("..")) {
            return Optional.of("cannot be . or ..");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("cannot contain control characters");
        }
        return Optional.empty();
    }
}
