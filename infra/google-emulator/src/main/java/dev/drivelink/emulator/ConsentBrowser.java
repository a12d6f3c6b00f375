package dev.drivelink.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * For tests: plays the user on the emulator's consent page the way a browser submits its form: loads
 * the page, keeps the form's hidden fields, picks an account and presses Allow or Deny. Returns where
 * Google sends the browser next (the Location of the 302). Works only through the page itself, so a
 * test using it also tests the page.
 */
public final class ConsentBrowser {

    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public URI allow(String authUrl, String accountEmail) {
        return decide(authUrl, accountEmail, "allow");
    }

    public URI deny(String authUrl, String accountEmail) {
        return decide(authUrl, accountEmail, "deny");
    }

    private URI decide(String authUrl, String accountEmail, String decision) {
        try {
            URI pageUri = URI.create(authUrl);
            var page = http.send(HttpRequest.newBuilder(pageUri).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("consent page answered " + page.statusCode() + ": " + page.body());
            }
            String html = page.body();
            Matcher form = FORM.matcher(html);
            if (!form.find()) {
                throw new IllegalStateException("no form on the consent page");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher hidden = HIDDEN.matcher(html);
            while (hidden.find()) {
                Matcher name = NAME.matcher(hidden.group());
                Matcher value = VALUE.matcher(hidden.group());
                if (name.find()) {
                    fields.put(name.group(1), value.find() ? unescape(value.group(1)) : "");
                }
            }
            fields.put("account", accountEmail);
            fields.put("decision", decision);
            String body = fields.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            var response = http.send(HttpRequest.newBuilder(pageUri.resolve(unescape(form.group(1))))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new IllegalStateException("consent decision answered " + response.statusCode() + ": " + response.body());
            }
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    /** The query parameters of a URI, decoded. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
