package dev.drivelink.core.upload;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for URL sources, the one place that says which URLs the worker may fetch (no reaching into
 * private networks from a Lambda). What needs no network is checked here, at intake and again in the
 * worker: https only, port 443 only, no user info, a plain DNS name or a public literal address. The
 * worker then resolves the name once, checks every address with {@link #isPublic} and connects to the
 * address it checked. {@code allowInsecure} (local development only) allows http, any port and
 * private addresses.
 */
public final class SourceUrls {

    public static final int MAX_LENGTH = 8192;
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final List<String> PRIVATE_SUFFIXES = List.of(".localhost", ".local", ".internal", ".localdomain",
            ".home.arpa", ".lan", ".intranet", ".corp", ".private");

    /** A URL that passed the rules: where to connect, and what to ask for there. */
    public record Target(String scheme, String host, int port, String requestTarget, Optional<InetAddress> literal) {
        public boolean tls() {
            return scheme.equals("https");
        }

        /** The Host header: the name, with the port when it is not the scheme's default. */
        public String hostHeader() {
            String name = host.contains(":") ? "[" + host + "]" : host;
            boolean defaultPort = (tls() && port == 443) || (!tls() && port == 80);
            return defaultPort ? name : name + ":" + port;
        }
    }

    private SourceUrls() {
    }

    /** Why {@code url} may not be fetched, in words for a person; empty when it may be. */
    public static Optional<String> whyRefused(String url, boolean allowInsecure) {
        try {
            target(url, allowInsecure);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException saying why, when the URL may not be fetched */
    public static Target target(String url, boolean allowInsecure) {
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("source.url is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("source.url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source.url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw new IllegalArgumentException("source.url must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("source.url may not carry a user name or password");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            throw new IllegalArgumentException("source.url needs a host (an ASCII or punycode name)");
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (!allowInsecure && port != 443) {
            throw new IllegalArgumentException("source.url must use port 443");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestTarget = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            InetAddress v6 = literal(host.substring(1, host.length() - 1));
            requirePublic(v6, allowInsecure);
            return new Target(scheme, v6.getHostAddress(), port, requestTarget, Optional.of(v6));
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // "example.com." is "example.com": check the name it is
        }
        if (DOTTED_QUAD.matcher(host).matches()) {
            InetAddress v4 = literal(host);
            requirePublic(v4, allowInsecure);
            return new Target(scheme, host, port, requestTarget, Optional.of(v4));
        }
        requirePlainName(host, allowInsecure);
        return new Target(scheme, host, port, requestTarget, Optional.empty());
    }

    private static void requirePlainName(String host, boolean allowInsecure) {
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("source.url has a host that is not a DNS name or an IP address");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            // 127.1, 2130706433, 0x7f.0.0.1 ...: numbers that resolvers read as addresses, never names
            throw new IllegalArgumentException("source.url has a host that is not a DNS name or an IP address");
        }
        if (allowInsecure) {
            return;
        }
        if (labels.length < 2 || PRIVATE_SUFFIXES.stream().anyMatch(s -> ("." + host).endsWith(s))) {
            throw new IllegalArgumentException("source.url must be on the public internet");
        }
    }

    private static void requirePublic(InetAddress address, boolean allowInsecure) {
        if (!allowInsecure && !isPublic(address)) {
            throw new IllegalArgumentException("source.url must be on the public internet");
        }
    }

    /** A literal address (no DNS: the caller checked it is one). */
    private static InetAddress literal(String text) {
        try {
            if (!text.contains(":") && !DOTTED_QUAD.matcher(text).matches()) {
                throw new UnknownHostException(text);
            }
            return InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("source.url has a host that is not a DNS name or an IP address");
        }
    }

    /**
     * Whether an address is on the public internet: IPv4 outside every special-purpose block (RFC 6890
     * and later), IPv6 inside global unicast 2000::/3 minus its special blocks. Everything else (loopback,
     * private, shared 100.64/10, link-local, multicast, documentation, NAT64 64:ff9b::/96, unique-local
     * fc00::/7, IPv4-compatible ::a.b.c.d, 6to4, Teredo ...) is not.
     */
    public static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? isPublicV4(b) : isPublicV6(b);
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0                                       // 0.0.0.0/8 "this network"
                || a0 == 10                                    // 10/8 private
                || (a0 == 100 && (a1 & 0xc0) == 64)            // 100.64/10 shared (carrier-grade NAT)
                || a0 == 127                                   // loopback
                || (a0 == 169 && a1 == 254)                    // link-local (cloud metadata)
                || (a0 == 172 && (a1 & 0xf0) == 16)            // 172.16/12 private
                || (a0 == 192 && a1 == 0 && a2 == 0)           // 192.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2)           // TEST-NET-1
                || (a0 == 192 && a1 == 31 && a2 == 196)        // AS112
                || (a0 == 192 && a1 == 52 && a2 == 193)        // AMT
                || (a0 == 192 && a1 == 88 && a2 == 99)         // 6to4 relay anycast
                || (a0 == 192 && a1 == 168)                    // 192.168/16 private
                || (a0 == 192 && a1 == 175 && a2 == 48)        // AS112 direct delegation
                || (a0 == 198 && (a1 & 0xfe) == 18)            // 198.18/15 benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100)        // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)         // TEST-NET-3
                || a0 >= 224);                                 // multicast 224/4, reserved 240/4, broadcast
    }

    private static boolean isPublicV6(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if ((a0 & 0xe0) != 0x20) {
            return false; // outside 2000::/3: ::, ::1, ::a.b.c.d, ::ffff:0:0/96, 64:ff9b::/96, 100::/64, fc00::/7, fe80::/10, ff00::/8 ...
        }
        return !((a0 == 0x20 && a1 == 0x01 && (a2 & 0xfe) == 0x00)   // 2001::/23 IETF protocol assignments (Teredo, ORCHID ...)
                || (a0 == 0x20 && a1 == 0x01 && a2 == 0x0d && a3 == 0xb8) // 2001:db8::/32 documentation
                || (a0 == 0x20 && a1 == 0x02)                           // 2002::/16 6to4 (wraps an IPv4 address)
                || (a0 == 0x3f && a1 == 0xff && (a2 & 0xf0) == 0x00));  // 3fff::/20 documentation
    }
}
