package dev.drivelink.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers: status, headers and a body held in memory. */
final class Response {
    final int status;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final byte[] body;

    Response(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        if (contentType != null) {
            header("Content-Type", contentType);
        }
    }

    Response header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    static Response json(int status, Object value) {
        return new Response(status, "application/json; charset=UTF-8", Json.bytes(value));
    }

    static Response json(Object value) {
        return json(200, value);
    }

    static Response html(int status, String html) {
        return new Response(status, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static Response empty(int status) {
        return new Response(status, null, null);
    }

    static Response redirect(String location) {
        return new Response(302, "text/html; charset=UTF-8", null).header("Location", location);
    }

    /** Appends query parameters to a redirect URI that may already carry a query. */
    static String withQuery(String uri, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(uri);
        int hash = uri.indexOf('#');
        String fragment = "";
        if (hash >= 0) {
            fragment = sb.substring(hash);
            sb.setLength(hash);
        }
        boolean first = sb.indexOf("?") < 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(first ? '?' : '&');
            first = false;
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.append(fragment).toString();
    }
}
