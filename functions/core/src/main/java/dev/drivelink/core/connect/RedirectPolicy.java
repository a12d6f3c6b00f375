package dev.drivelink.core.connect;

import dev.drivelink.core.error.DomainException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Decides where a user may be sent back to: only to an origin on the allow-list. */
public final class RedirectPolicy {

    private final Set<String> allowedOrigins;

    public RedirectPolicy(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(o -> origin(o).orElseThrow(() -> new IllegalArgumentException("not an origin: " + o)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @return the URL in its normalized form (lower-case scheme and host, no default port, no dot
     *         segments), the form that is stored and redirected to, if its origin is allowed; otherwise a
     *         400 problem
     */
    public String requireAllowed(String url) {
        if (url.length() > 2048) {
            throw DomainException.invalid("redirect-not-allowed", "redirectAfter is longer than 2048 characters");
        }
        Optional<String> origin = url.chars().anyMatch(Character::isISOControl) ? Optional.empty() : origin(url);
        if (origin.isEmpty() || !allowedOrigins.contains(origin.get())) {
            throw DomainException.invalid("redirect-not-allowed",
                    "redirectAfter must be an absolute http(s) URL on one of the allowed origins");
        }
        return normalized(url, origin.get());
    }

    private static String normalized(String url, String origin) {
        try {
            URI uri = new URI(url.strip()).normalize();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return origin + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        } catch (URISyntaxException e) {
            throw DomainException.invalid("redirect-not-allowed", "redirectAfter is not a valid URL");
        }
    }

    /** scheme://host[:port], lower case, default ports dropped; empty for anything that is not a plain http(s) URL. */
    static Optional<String> origin(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
