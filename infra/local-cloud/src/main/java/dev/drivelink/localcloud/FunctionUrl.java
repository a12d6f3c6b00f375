package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Lambda Function URL (a function's {@code FunctionUrlConfig}) on its own local port: every path and
 * method goes to the one function as a payload 2.0 event with route key {@code $default}, and its
 * answer is mapped back as API Gateway does. The URL is bound before the function starts, so that
 * {@code !GetAtt <Function>Url.FunctionUrl} resolves to it.
 */
public final class FunctionUrl implements AutoCloseable {

    static {
        LocalHttp.configure();
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String logicalId;
    private final String urlId;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile FunctionProcess function;
    private volatile Consumer<String> accessLog = line -> { };

    private FunctionUrl(String logicalId, int port) throws IOException {
        this.logicalId = logicalId;
        this.urlId = ApiGatewayV2.requestId().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "function-url-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FunctionUrl start(String functionLogicalId, int port) {
        try {
            return new FunctionUrl(functionLogicalId, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a function URL for " + functionLogicalId, e);
        }
    }

    public String logicalId() {
        return logicalId;
    }

    /** {@code http://localhost:PORT/} (with the trailing slash, like a real function URL). */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts forwarding requests to {@code process}; until then requests answer 503. */
    public void serve(FunctionProcess process) {
        this.function = process;
    }

    public FunctionUrl accessLog(Consumer<String> log) {
        this.accessLog = log;
        return this;
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        ApiGatewayV2.Response response;
        String outcome = "";
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
            String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
            headers.putIfAbsent("x-forwarded-for", List.of(sourceIp));
            headers.putIfAbsent("x-forwarded-proto", List.of("http"));
            headers.putIfAbsent("x-forwarded-port", List.of(Integer.toString(port())));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(HttpApiGateway.MAX_REQUEST_BYTES + 1);
            }
            FunctionProcess current = function;
            if (body.length > HttpApiGateway.MAX_REQUEST_BYTES) {
                response = ApiGatewayV2.error(413, "Request Entity Too Large");
            } else if (current == null) {
                response = ApiGatewayV2.error(503, "Service Unavailable");
            } else {
                ApiGatewayV2.Request request = new ApiGatewayV2.Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getProtocol(), sourceIp, headers, body);
                String requestId = java.util.UUID.randomUUID().toString();
                var event = ApiGatewayV2.event(request, "$default", Map.of(), urlId, requestId,
                        java.time.Instant.now(), null, null);
                event.with("requestContext").put("accountId", "anonymous");
                event.with("requestContext").put("domainPrefix", urlId);
                InvocationResult result = current.invoke(Json.write(event));
                if (result.isError()) {
                    outcome = result.errorType();
                    response = ApiGatewayV2.error(502, "Internal Server Error");
                } else {
                    response = ApiGatewayV2.response(result.payload());
                }
                response.headers().put("x-amzn-requestid", new ArrayList<>(List.of(requestId)));
            }
        } catch (RuntimeException | IOException e) {
            outcome = e.toString();
            response = ApiGatewayV2.error(500, "Internal Server Error");
        }
        try {
            response.headers().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] bytes = response.body();
            boolean noBody = bytes.length == 0 || response.status() == 204 || response.status() == 304
                    || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException ignored) {
            // the client went away
        } finally {
            exchange.close();
        }
        accessLog.accept(logicalId + " URL " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + " " + response.status() + " " + (System.nanoTime() - started) / 1_000_000 + "ms"
                + (outcome.isEmpty() ? "" : " " + outcome));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
