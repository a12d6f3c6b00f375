package dev.drivelink.core.sync;

import dev.drivelink.core.error.DomainException;

/** The {@code limit} query parameter of a paged listing: blank is the default, else 1 to max (400 {@code invalid-limit}). */
public final class PageLimit {

    private PageLimit() {
    }

    public static int parse(String text, int defaultLimit, int max) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw DomainException.invalid("invalid-limit", "\"limit\" must be a number from 1 to " + max);
    }
}
