package dev.drivelink.core.connect;

import dev.drivelink.core.error.DomainException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Drive folder id out of what people paste: a bare id, or a Drive link in one of its forms
 * (/drive/folders/ID, /drive/u/N/folders/ID, open?id=ID, any ?id=ID with other parameters).
 */
public final class FolderReference {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{10,200}");
    private static final Pattern FOLDERS_PATH = Pattern.compile("^/drive(?:/u/\\d+)?/folders/([A-Za-z0-9_-]+)/?$");
    private static final String EXPECTED = "expected a Drive folder id or a link like "
            + "https://drive.google.com/drive/folders/<id> or https://drive.google.com/open?id=<id>";

    private FolderReference() {
    }

    /** @return the folder id; a 400 problem saying what was expected otherwise */
    public static String parse(String input) {
        return tryParse(input).orElseThrow(() -> DomainException.invalid("invalid-folder-reference", EXPECTED));
    }

    public static Optional<String> tryParse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String text = input.strip(); // white space only: a control character makes it no reference at all
        if (ID.matcher(text).matches()) {
            return Optional.of(text);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception e) {
            return Optional.empty();
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || !(host.equals("drive.google.com"))) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Matcher folders = FOLDERS_PATH.matcher(path);
        if (folders.matches()) {
            return valid(folders.group(1));
        }
        if (uri.getRawQuery() != null && (path.equals("/open") || path.isEmpty() || path.equals("/")
                || path.startsWith("/drive"))) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("id")) {
                    return valid(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> valid(String id) {
        return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
