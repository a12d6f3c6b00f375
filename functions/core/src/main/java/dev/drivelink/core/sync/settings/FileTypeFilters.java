package dev.drivelink.core.sync.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which files sync at all (SYNC-RULES.md, "Filters"). Entries are file extensions ({@code wav},
 * {@code .wav}, {@code *.wav}, {@code tar.gz}: kept as {@code wav}, {@code tar.gz}) or MIME types
 * ({@code audio/wav}, {@code audio/*}), lower-cased. Exclude wins; an empty include list lets every
 * file in.
 */
public record FileTypeFilters(List<String> include, List<String> exclude) {

    public static final int MAX_ENTRIES = 50;
    public static final FileTypeFilters NONE = new FileTypeFilters(List.of(), List.of());

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9](?:[a-z0-9_+.-]{0,30}[a-z0-9])?");
    private static final Pattern MIME = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/(?:\\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})");

    public FileTypeFilters {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /**
     * Normalizes a list of entries.
     *
     * @return the entries, lower-cased, without dots or stars before extensions, duplicates removed;
     *         empty when an entry is neither an extension nor a MIME type (see {@link #whyInvalid})
     */
    public static Optional<List<String>> normalize(List<String> entries) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String entry : entries) {
            Optional<String> one = normalizeEntry(entry);
            if (one.isEmpty()) {
                return Optional.empty();
            }
            result.add(one.get());
        }
        return Optional.of(new ArrayList<>(result));
    }

    static Optional<String> normalizeEntry(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String e = entry.strip().toLowerCase(Locale.ROOT);
        if (e.contains("/")) {
            return MIME.matcher(e).matches() ? Optional.of(e) : Optional.empty();
        }
        if (e.startsWith("*.")) {
            e = e.substring(2);
        } else if (e.startsWith(".")) {
            e = e.substring(1);
        }
        return EXTENSION.matcher(e).matches() ? Optional.of(e) : Optional.empty();
    }

    /** What is wrong with an entry, for an error message. */
    public static String whyInvalid(String entry) {
        return "\"" + entry + "\" is neither a file extension (wav, .wav, tar.gz) nor a MIME type (audio/wav, audio/*)";
    }

    /** Whether a file with this path (or name) and MIME type (may be null) syncs. */
    public boolean allows(String path, String mimeType) {
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String mime = mimeType == null ? null : mimeType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (exclude.stream().anyMatch(e -> matches(e, name, mime))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(e -> matches(e, name, mime));
    }

    /**
     * The planner's check: whether a path whose files on the two sides report {@code mimeTypes} (nulls
     * ignored) syncs at all. Any side's MIME type may exclude it; with no MIME type known (its files are
     * gone), MIME include entries do not keep it out.
     */
    public boolean syncs(String path, Collection<String> mimeTypes) {
        if (include.isEmpty() && exclude.isEmpty()) {
            return true;
        }
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        List<String> mimes = mimeTypes.stream().filter(m -> m != null && !m.isBlank())
                .map(m -> m.toLowerCase(Locale.ROOT).split(";")[0].strip()).toList();
        if (exclude.stream().anyMatch(e -> matches(e, name, null) || mimes.stream().anyMatch(m -> matches(e, name, m)))) {
            return false;
        }
        if (include.isEmpty() || include.stream().anyMatch(e -> matches(e, name, null)
                || mimes.stream().anyMatch(m -> matches(e, name, m)))) {
            return true;
        }
        return mimes.isEmpty() && include.stream().allMatch(e -> e.contains("/"));
    }

    private static boolean matches(String entry, String name, String mime) {
        if (entry.contains("/")) {
            if (mime == null) {
                return false;
            }
            return entry.endsWith("/*") ? mime.startsWith(entry.substring(0, entry.length() - 1)) : mime.equals(entry);
        }
        return name.endsWith("." + entry) && name.length() > entry.length() + 1;
    }

    /** As the API shows it: {@code {"include":[...],"exclude":[...]}}. */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("include", include);
        m.put("exclude", exclude);
        return m;
    }
}
