package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files beside the template, as the deployed console serves them from its
 * bucket: {@code console/} at {@code /} ({@code /} is {@code console/index.html}) and {@code docs/}
 * at {@code /docs/} (the OpenAPI contract). Read from disk on every request, so an edit shows on the
 * next reload; only known file types, never outside those directories.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "yaml", "text/yaml; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /**
     * What the console's pages may load: only this origin (no script or style from elsewhere, no
     * inline script); the API is on the same origin here.
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, Path> roots = new LinkedHashMap<>();

    private StaticFiles() {
    }

    /** {@code console/} and {@code docs/} of {@code directory} (the template's), those that exist. */
    static StaticFiles beside(Path directory) {
        StaticFiles files = new StaticFiles();
        files.mount("/docs/", directory.resolve("docs"));
        files.mount("/", directory.resolve("console"));
        return files;
    }

    private void mount(String prefix, Path dir) {
        if (Files.isDirectory(dir)) {
            roots.put(prefix, dir.toAbsolutePath().normalize());
        }
    }

    boolean hasConsole() {
        return roots.containsKey("/");
    }

    /** The file a GET of {@code rawPath} names, or empty. */
    Optional<ApiGatewayV2.Response> serve(String rawPath) {
        String path = rawPath.equals("/") ? "/index.html" : rawPath;
        if (path.contains("%") || path.contains("\\") || path.contains("/.")) {
            return Optional.empty();
        }
        for (Map.Entry<String, Path> root : roots.entrySet()) {
            if (!path.startsWith(root.getKey())) {
                continue;
            }
            Path file = root.getValue().resolve(path.substring(root.getKey().length())).normalize();
            String type = TYPES.get(extension(file));
            if (!file.startsWith(root.getValue()) || type == null || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(response(file, type));
        }
        return Optional.empty();
    }

    private static ApiGatewayV2.Response response(Path file, String type) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", new ArrayList<>(List.of(type)));
        headers.put("cache-control", new ArrayList<>(List.of("no-cache")));
        headers.put("x-content-type-options", new ArrayList<>(List.of("nosniff")));
        if (type.startsWith("text/html")) {
            headers.put("content-security-policy", new ArrayList<>(List.of(PAGE_POLICY)));
            headers.put("referrer-policy", new ArrayList<>(List.of("no-referrer")));
        }
        try {
            return new ApiGatewayV2.Response(200, headers, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
