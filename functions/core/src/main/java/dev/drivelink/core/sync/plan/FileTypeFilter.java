package dev.drivelink.core.sync.plan;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code fileTypeFilters}: include and exclude lists of extensions ({@code wav}, {@code .wav}) and MIME
 * types ({@code audio/wav}, {@code audio/*}). Exclude wins; empty include lists include everything.
 * A path the filter refuses does not exist for the planner: it is neither copied nor deleted.
 */
public record FileTypeFilter(Set<String> includeExtensions, Set<String> includeMimeTypes,
                             Set<String> excludeExtensions, Set<String> excludeMimeTypes) {
    public static final FileTypeFilter NONE = new FileTypeFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public FileTypeFilter {
        includeExtensions = normalizeExtensions(includeExtensions);
        excludeExtensions = normalizeExtensions(excludeExtensions);
        includeMimeTypes = normalizeMimeTypes(includeMimeTypes);
        excludeMimeTypes = normalizeMimeTypes(excludeMimeTypes);
    }

    /**
     * Whether a file at {@code path} whose sides report {@code mimeTypes} (nulls ignored) takes part.
     * With no MIME type known (a path whose files are gone), MIME include rules do not exclude it.
     */
    public boolean allows(String path, Collection<String> mimeTypes) {
        boolean includesAll = includeExtensions.isEmpty() && includeMimeTypes.isEmpty();
        if (includesAll && excludeExtensions.isEmpty() && excludeMimeTypes.isEmpty()) {
            return true;
        }
        String extension = extensionOf(path);
        if (extension != null && excludeExtensions.contains(extension)) {
            return false;
        }
        boolean anyMime = false;
        boolean mimeIncluded = false;
        for (String m : mimeTypes) {
            if (m == null || m.isBlank()) {
                continue;
            }
            String mime = m.toLowerCase(Locale.ROOT);
            anyMime = true;
            if (matchesAny(mime, excludeMimeTypes)) {
                return false;
            }
            mimeIncluded |= matchesAny(mime, includeMimeTypes);
        }
        if (includesAll) {
            return true;
        }
        return (extension != null && includeExtensions.contains(extension)) || mimeIncluded
                || (!anyMime && includeExtensions.isEmpty());
    }

    /** Lower-case extension without the dot, or null ({@code .profile} and {@code README} have none). */
    static String extensionOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean matchesAny(String mime, Set<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.endsWith("/*") ? mime.startsWith(pattern.substring(0, pattern.length() - 1))
                    : mime.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> normalizeExtensions(Set<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT))
                .map(v -> v.startsWith(".") ? v.substring(1) : v).filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> normalizeMimeTypes(Set<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
