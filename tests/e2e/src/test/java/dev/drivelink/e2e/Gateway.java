package dev.drivelink.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A host app's HTTP view of the API through the local gateway. Records every response body so tests
 * can check that no token ever left the backend.
 */
final class Gateway {

    static final List<String> RESPONSES = Collections.synchronizedList(new ArrayList<>());

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

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
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            RESPONSES.add(response.headers().map() + "\n" + response.body());
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
