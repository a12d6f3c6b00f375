package dev.drivelink.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches requests to handlers by method and path template ("/drive/v3/files/{fileId}"), counts requests
 * per route ("GET /drive/v3/files/{fileId}") and turns exceptions into the right error shape.
 */
final class Router implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws IOException;
    }

    /** Runs before the handler of a matched route; may answer instead of it (fault injection). */
    @FunctionalInterface
    interface Interceptor {
        Response intercept(String routeKey, Request request) throws IOException;
    }

    private record Route(String method, String template, String[] segments, Handler handler) {
        String key() {
            return method + " " + template;
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    /** Told the route key and method after every routed request (answered or failed), e.g. to save the state. */
    private volatile java.util.function.Consumer<String> afterRequest;

    Router route(String method, String template, Handler handler) {
        routes.add(new Route(method, template, split(template), handler));
        return this;
    }

    Router afterRequest(java.util.function.Consumer<String> listener) {
        this.afterRequest = listener;
        return this;
    }

    Router interceptor(Interceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    Map<String, Long> requestCounts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void resetCounts() {
        counts.clear();
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        Request request = null;
        try {
            String method = effectiveMethod(exchange);
            String[] segments = split(exchange.getRequestURI().getRawPath());
            Route matched = null;
            Map<String, String> params = null;
            boolean pathMatched = false;
            for (Route route : routes) {
                Map<String, String> p = match(route.segments, segments);
                if (p != null) {
                    pathMatched = true;
                    if (route.method.equals(method) || (method.equals("HEAD") && route.method.equals("GET"))) {
                        matched = route;
                        params = p;
                        break;
                    }
                }
            }
            request = new Request(exchange, params == null ? Map.of() : params);
            if (matched == null) {
                response = pathMatched
                        ? new GoogleApiException(405, "httpMethodNotAllowed",
                                "Method " + method + " is not allowed for this resource.", null, null).toResponse()
                        : Response.html(404, ConsentPage.errorPage(404, "Not Found",
                                "The requested URL " + exchange.getRequestURI().getRawPath() + " was not found on this server."));
            } else {
                String key = matched.key();
                if (!matched.template.startsWith("/admin")) {
                    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
                }
                response = null;
                for (Interceptor interceptor : interceptors) {
                    response = interceptor.intercept(key, request);
                    if (response != null) {
                        break;
                    }
                }
                try {
                    if (response == null) {
                        response = matched.handler.handle(request);
                    }
                } finally {
                    java.util.function.Consumer<String> listener = afterRequest;
                    if (listener != null) {
                        listener.accept(key);
                    }
                }
            }
        } catch (GoogleApiException e) {
            response = e.toResponse();
        } catch (OAuthException e) {
            response = e.toResponse();
        } catch (HtmlErrorException e) {
            response = e.toResponse();
        } catch (DropConnection e) {
            // Abort without answering: the HttpServer closes the socket and the client sees the connection drop.
            throw new IOException("connection dropped on purpose", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            response = GoogleApiException.badRequest("Invalid JSON payload received. " + e.getOriginalMessage()).toResponse();
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "request failed: " + exchange.getRequestURI(), e);
            response = new GoogleApiException(500, "backendError", "Backend Error", null, null).toResponse();
        }
        if (request != null) {
            request.drain();
        }
        write(exchange, response);
    }

    /** NetHttpTransport cannot send PATCH: the Google clients POST with X-HTTP-Method-Override instead. */
    static String effectiveMethod(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase();
        String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        if (method.equals("POST") && override != null && !override.isBlank()) {
            return override.trim().toUpperCase();
        }
        return method;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            response.headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
            boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            boolean noBody = response.body.length == 0 || head || response.status == 204 || response.status == 304;
            if (head && response.body.length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(response.body.length));
            }
            exchange.sendResponseHeaders(response.status, noBody ? -1 : response.body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body);
                }
            }
        }
    }

    private static Map<String, String> match(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), java.net.URLDecoder.decode(actual[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return params;
    }

    /** Thrown by a handler or interceptor to drop the connection without an answer. */
    static final class DropConnection extends RuntimeException {
        DropConnection(String message) {
            super(message);
        }
    }
}
