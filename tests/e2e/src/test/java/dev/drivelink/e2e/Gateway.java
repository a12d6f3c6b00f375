package dev.drivelink.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.ConsentBrowser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A host app's HTTP view of the API through the local gateway, with one browser's cookie jar (as a
 * browser keeps the consent cookie of GET /drive/auth-url for GET /drive/callback; Secure cookies are
 * kept for http://localhost as browsers do). Records every response body so tests can check that no
 * token ever left the backend. Every answer of the HTTP API ({@code /drive/...}) is checked against
 * docs/openapi.yaml ({@link OpenApiContract}) before the test sees it: an answer the contract does not
 * describe fails the test that got it, so the contract cannot drift from the API silently.
 */
final class Gateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> RESPONSES = Collections.synchronizedList(new ArrayList<>());

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    /** name -> {path, value} */
    private final Map<String, String[]> cookies = new ConcurrentHashMap<>();

    Gateway(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String pathAndQuery, String jwt) {
        var request = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery)).GET();
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        return send(request.build());
    }

    HttpResponse<String> call(String method, String path, String jwt, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            String path = request.uri().getRawPath();
            String cookie = cookies.entrySet().stream().filter(e -> path.startsWith(e.getValue()[0]))
                    .map(e -> e.getKey() + "=" + e.getValue()[1]).collect(Collectors.joining("; "));
            if (!cookie.isEmpty() && request.headers().firstValue("Cookie").isEmpty()) {
                request = HttpRequest.newBuilder(request, (name, value) -> true).header("Cookie", cookie).build();
            }
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("set-cookie").forEach(this::keep);
            RESPONSES.add(response.headers().map() + "\n" + response.body());
            if (request.uri().toString().startsWith(base + "/drive/")) {
                // every answer of the API a test sees is one docs/openapi.yaml describes, whatever the test asserts next
                OpenApiContract.load().assertAnswer(response);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Connects {@code account} (a Google emulator account) for the user of {@code jwt}, as a browser would; the connection id. */
    String connect(String jwt, String account) {
        var authUrl = get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(field(authUrl, "url"), account);
        URI landing = URI.create(get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        return ConsentBrowser.query(landing).get("connectionId");
    }

    /** A token of the host app's backend, with the admin scope the membership routes want. */
    String adminToken() {
        return field(call("POST", "/local/sign-in", null, "{\"user\":\"host-backend\",\"scope\":\"drivelink/admin\"}"), "token");
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return JSON.readTree(response.body()).get(name).asText();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("no " + name + " in " + response.statusCode() + " " + response.body(), e);
        }
    }

    /** The browser forgets its cookies (another browser, from now on). */
    void clearCookies() {
        cookies.clear();
    }

    /** The cookie this browser holds under {@code name}, if any. */
    String cookie(String name) {
        String[] held = cookies.get(name);
        return held == null ? null : held[1];
    }

    private void keep(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        String path = "/";
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
            if (attribute.startsWith("path=")) {
                path = parts[i].strip().substring(5);
            } else if (attribute.equals("max-age=0")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new String[] {path, value});
        }
    }
}
