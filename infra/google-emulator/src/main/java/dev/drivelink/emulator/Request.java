package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.ArrayList;

/** One incoming HTTP request, with its path variables, query parameters and (lazily read) body. */
final class Request {
    final HttpExchange exchange;
    final String method;
    final String path;
    final Map<String, List<String>> query;
    final Map<String, String> pathParams;
    private byte[] body;
    /** Set by fault injection: read this many body bytes, then drop the connection. */
    volatile Long dropAfterBytes;
    final Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();

    Request(HttpExchange exchange, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.method = Router.effectiveMethod(exchange);
        this.path = exchange.getRequestURI().getRawPath();
        this.query = parseForm(exchange.getRequestURI().getRawQuery());
        this.pathParams = pathParams;
    }

    String pathParam(String name) {
        return pathParams.get(name);
    }

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    boolean booleanParam(String name, boolean defaultValue) {
        String value = param(name);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String contentType() {
        String ct = header("Content-Type");
        return ct == null ? "" : ct;
    }

    /** The request body, decoded from gzip when the client compressed it (the Google clients do). */
    synchronized byte[] body() throws IOException {
        if (body == null) {
            InputStream in = exchange.getRequestBody();
            String encoding = header("Content-Encoding");
            if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
                in = new GZIPInputStream(in);
            }
            if (dropAfterBytes != null) {
                byte[] partial = in.readNBytes((int) Math.min(Integer.MAX_VALUE, dropAfterBytes));
                body = partial;
                throw new Router.DropConnection("dropped after " + partial.length + " bytes");
            }
            body = in.readAllBytes();
        }
        return body;
    }

    /**
     * Like {@link #body()}, but when a drop is armed returns the partial body instead of throwing, so a resumable
     * upload can keep what arrived before the connection broke; {@link #dropArmed()} tells whether to drop after.
     */
    synchronized byte[] bodyKeepingPartial() throws IOException {
        try {
            return body();
        } catch (Router.DropConnection e) {
            return body;
        }
    }

    boolean dropArmed() {
        return dropAfterBytes != null;
    }

    /** Reads the body if the handler has not, so the connection can be reused. */
    void drain() {
        try {
            if (body == null) {
                exchange.getRequestBody().transferTo(OutputStreamNull.INSTANCE);
            }
        } catch (IOException ignored) {
            // the client went away; nothing to drain
        }
    }

    String bodyText() throws IOException {
        return new String(body(), StandardCharsets.UTF_8);
    }

    Map<String, List<String>> form() throws IOException {
        return parseForm(bodyText());
    }

    JsonNode jsonBody() throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) {
            return Json.object();
        }
        return Json.MAPPER.readTree(bytes);
    }

    /** client_id/client_secret from an HTTP Basic Authorization header, if there is one. */
    Optional<String[]> basicCredentials() {
        String auth = header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    Optional<String> bearerToken() {
        String auth = header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = auth.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static Map<String, List<String>> parseForm(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.computeIfAbsent(decode(key), k -> new ArrayList<>()).add(decode(value));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String first(Map<String, List<String>> form, String key) {
        List<String> values = form.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
