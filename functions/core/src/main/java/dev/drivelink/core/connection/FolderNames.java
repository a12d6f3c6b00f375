package dev.drivelink.core.connection;

import dev.drivelink.core.problem.Problem;

/** What a folder name we create may be. */
final class FolderNames {

    static final int MAX_LENGTH = 255;

    private FolderNames() {
    }

    static String validate(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.badRequest("invalid-folder-name", "name is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw Problem.badRequest("invalid-folder-name", "name is longer than " + MAX_LENGTH + " characters");
        }
        if (trimmed.equals(".") || trimmed.equals("..")) {
            throw Problem.badRequest("invalid-folder-name", "name cannot be . or ..");
        }
        if (trimmed.chars().anyMatch(ch -> Character.isISOControl(ch))) {
            throw Problem.badRequest("invalid-folder-name", "name cannot contain control characters");
        }
        return trimmed;
    }
}
