package dev.drivelink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The Google emulator's admin HTTP API (infra/google-emulator/README.md, "Admin API"), for an emulator in another JVM. */
public final class EmulatorAdminHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorAdminHttp(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** Requests per route since the last reset, e.g. {@code "PUT /upload/drive/v3/files" -> 25}. */
    public Map<String, Long> requestCounts() {
        JsonNode node = call("GET", "admin/requests", null);
        Map<String, Long> counts = new TreeMap<>();
        JsonNode map = node.has("requests") && node.get("requests").isObject() ? node.get("requests") : node;
        map.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    public void resetRequestCounts() {
        call("DELETE", "admin/requests", null);
    }

    /** Forgets tokens, grants, files, sessions and counts (clients stay). */
    public void reset() {
        call("POST", "admin/reset", "{}");
    }

    public JsonNode file(String id) {
        return call("GET", "admin/files/" + id, null);
    }

    /** The user edits a file: new content, a new revision (as {@code PUT /admin/files/{id}/content}). */
    public void updateContent(String id, byte[] content) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "admin/files/" + id + "/content"))
                    .timeout(Duration.ofMinutes(1)).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                    .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT admin/files/" + id + "/content answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("PUT admin/files/" + id + "/content: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void delete(String id) {
        call("DELETE", "admin/files/" + id, null);
    }

    public boolean answers() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "admin/clients"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(2));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
