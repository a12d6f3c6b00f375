package dev.drivelink.core.sync.plan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Conflict copy names: {@code name (conflict 2026-05-04 1307, from Drive).ext} (UTC). A copy of a
 * copy gets a fresh suffix instead of a second one; when the name is taken, a counter is added inside
 * the parentheses: {@code name (conflict 2026-05-04 1307, from Drive, 2).ext}.
 */
public final class ConflictNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HHmm")
            .withZone(ZoneOffset.UTC);
    private static final Pattern SUFFIX = Pattern.compile(
            " \\(conflict \\d{4}-\\d{2}-\\d{2} \\d{4}, from (?:app|Drive)(?:, \\d+)?\\)$");

    private ConflictNames() {
    }

    /** The {@code attempt}-th candidate name (1 = no counter) for a copy of {@code path}. */
    public static String copyOf(String path, Instant now, Side from, int attempt) {
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > 0 && dot < name.length() - 1;
        String stem = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? name.substring(dot) : "";
        stem = stripSuffix(stem);
        String counter = attempt > 1 ? ", " + attempt : "";
        return dir + stem + " (conflict " + STAMP.format(now) + ", from " + from.label() + counter + ")" + extension;
    }

    /** Whether the file name is a conflict copy's. */
    public static boolean isCopy(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 && dot < name.length() - 1 ? name.substring(0, dot) : name;
        return SUFFIX.matcher(stem).find();
    }

    private static String stripSuffix(String stem) {
        String s = stem;
        while (SUFFIX.matcher(s).find()) {
            s = SUFFIX.matcher(s).replaceFirst("");
        }
        return s;
    }
}
