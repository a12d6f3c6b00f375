package dev.drivelink.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives the consent page as a browser would: raw HTTP, no redirects followed. */
final class Browser {
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"");

    private Browser() {
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    static String authUrl(GoogleEmulator emu, Map<String, String> params) {
        return emu.authUri() + "?" + encode(params);
    }

    static String requestId(String html) {
        Matcher m = REQUEST_ID.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no request_id in consent page:\n" + html);
        }
        return m.group(1);
    }

    /** GET the consent page, then POST the decision; returns the decision response (a 302). */
    static HttpResponse<String> consent(GoogleEmulator emu, Map<String, String> authParams, String account, String decision)
            throws Exception {
        HttpResponse<String> page = get(authUrl(emu, authParams));
        if (page.statusCode() != 200) {
            throw new AssertionError("consent page answered " + page.statusCode() + ": " + page.body());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("request_id", requestId(page.body()));
        form.put("account", account);
        form.put("decision", decision);
        return postForm(emu.baseUrl() + "o/oauth2/v2/auth/decision", form);
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
