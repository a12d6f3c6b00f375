package dev.drivelink.core.sync.activity;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.sync.activity.ActivityReader.Position;
import dev.drivelink.core.sync.project.ProjectIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque paging cursor of the activity routes: a {@link Position}, base64url-encoded. Decoding
 * checks its shape; a cursor can only ever point inside the caller's own records, because the query
 * it continues is always the caller's.
 */
final class ActivityCursor {

    private static final String VERSION = "a1";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private ActivityCursor() {
    }

    static String encode(Position p) {
        String text = VERSION + "#" + p.projectKey() + "#" + p.atMillis() + "#" + p.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = text.split("#", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !(parts[1].isEmpty() || ProjectIds.isValid(parts[1]))
                || !ID.matcher(parts[3]).matches()) {
            throw invalid();
        }
        try {
            long at = Long.parseLong(parts[2]);
            if (at < 0) {
                throw invalid();
            }
            return new Position(parts[1], at, parts[3]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static DomainException invalid() {
        return DomainException.invalid("invalid-cursor", "\"cursor\" must be a nextCursor value from an earlier page");
    }
}
