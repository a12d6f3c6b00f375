package dev.drivelink.core.sync.mapping;

import dev.drivelink.core.error.DomainException;
import java.nio.charset.StandardCharsets;

/**
 * A path relative to the project ({@code mixes/final.wav}): no leading or trailing slash, no empty,
 * {@code .} or {@code ..} segment, no control character, at most {@value #MAX_BYTES} bytes of UTF-8
 * (it is part of a DynamoDB sort key).
 */
public final class MappingPaths {

    public static final int MAX_BYTES = 800;

    private MappingPaths() {
    }

    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The value without surrounding blanks and leading or trailing slashes ({@code " /a/b/ "} -> {@code a/b}). */
    public static String trimSlashes(String value) {
        String f = value.strip();
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }

    /** @return the path; {@code invalid-path} otherwise */
    public static String require(String path) {
        if (!isValid(path)) {
            throw DomainException.invalid("invalid-path", "\"" + path + "\" is not a project path (relative, "
                    + "segments separated by /, no . or .. or empty segment, at most " + MAX_BYTES + " bytes)");
        }
        return path;
    }
}
