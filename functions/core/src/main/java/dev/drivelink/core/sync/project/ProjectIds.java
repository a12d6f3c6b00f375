package dev.drivelink.core.sync.project;

import dev.drivelink.core.error.DomainException;
import java.util.regex.Pattern;

/**
 * Project and user ids as the host app names them: 1 to 128 of {@code A-Z a-z 0-9 . _ : @ | = + -}
 * (UUIDs, numbers, slugs, {@code auth0|...} subjects), not only dots. {@code #} and {@code /} never
 * appear, so ids are safe inside keys and paths.
 */
public final class ProjectIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@|=+-]{1,128}");
    private static final String RULE = "1 to 128 of A-Z a-z 0-9 . _ : @ | = + - (not only dots)";

    private ProjectIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '.');
    }

    /** @return the id; 400 {@code invalid-project-id} otherwise */
    public static String requireProject(String projectId) {
        if (!isValid(projectId)) {
            throw DomainException.invalid("invalid-project-id", "a project id is " + RULE);
        }
        return projectId;
    }

    /** @return the id; 400 {@code invalid-user-id} otherwise */
    public static String requireUser(String userId) {
        if (!isValid(userId)) {
            throw DomainException.invalid("invalid-user-id", "a user id is " + RULE);
        }
        return userId;
    }
}
