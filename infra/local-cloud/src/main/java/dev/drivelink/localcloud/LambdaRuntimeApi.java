package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, on 127.0.0.1:
 * {@code GET /runtime/invocation/next} (held open until there is work), {@code POST
 * /runtime/invocation/{id}/response}, {@code POST /runtime/invocation/{id}/error} and {@code POST
 * /runtime/init/error}, all answered 202 as Lambda does. What an invocation is and what happens with
 * its outcome belongs to the {@link Environment} behind it.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    static {
        LocalHttp.configure();
    }

    public static final String VERSION = "2018-06-01";
    /** Lambda's limit for a synchronous response payload. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    /** One invocation, as handed to the runtime. */
    public record Invocation(String requestId, byte[] event, long deadlineEpochMillis, String invokedFunctionArn,
            String traceId) {
    }

    /** The execution environment behind this API. */
    public interface Environment {
        /** Blocks until there is an invocation for this environment, or returns null when it is going away. */
        Invocation next() throws InterruptedException;

        /** @return false if {@code requestId} is not the invocation in flight */
        boolean response(String requestId, byte[] payload);

        boolean error(String requestId, String errorType, byte[] payload);

        void initError(String errorType, byte[] payload);
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String PREFIX = "/" + VERSION + "/runtime/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Environment environment;

    private LambdaRuntimeApi(Environment environment) throws IOException {
        this.environment = environment;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "lambda-runtime-api-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LambdaRuntimeApi start(Environment environment) {
        try {
            return new LambdaRuntimeApi(environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Lambda Runtime API server", e);
        }
    }

    /** What {@code AWS_LAMBDA_RUNTIME_API} must hold: {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.startsWith(PREFIX)) {
                send(exchange, 404, error("InvalidRequest", "unknown path " + path));
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (rest.equals("invocation/next") && method.equals("GET")) {
                next(exchange);
            } else if (rest.equals("init/error") && method.equals("POST")) {
                byte[] body = read(exchange.getRequestBody());
                environment.initError(errorType(exchange), body);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (rest.startsWith("invocation/") && method.equals("POST")
                    && (rest.endsWith("/response") || rest.endsWith("/error"))) {
                boolean isResponse = rest.endsWith("/response");
                String requestId = rest.substring("invocation/".length(), rest.lastIndexOf('/'));
                byte[] body = read(exchange.getRequestBody());
                boolean known;
                if (isResponse && body.length > MAX_RESPONSE_BYTES) {
                    environment.error(requestId, "Function.ResponseSizeTooLarge",
                            error("Function.ResponseSizeTooLarge", "Response payload size (" + body.length
                                    + " bytes) exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).")
                                    .getBytes(StandardCharsets.UTF_8));
                    send(exchange, 413, error("RequestEntityTooLarge", "response too large"));
                    return;
                }
                known = isResponse ? environment.response(requestId, body)
                        : environment.error(requestId, errorType(exchange), body);
                if (known) {
                    send(exchange, 202, "{\"status\":\"OK\"}");
                } else {
                    send(exchange, 400, error("InvalidRequestID", "no invocation " + requestId + " in flight"));
                }
            } else {
                send(exchange, 404, error("InvalidRequest", method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = environment.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocation = null;
        }
        if (invocation == null) {
            send(exchange, 410, error("EnvironmentGone", "this execution environment is shutting down"));
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedFunctionArn());
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        exchange.sendResponseHeaders(200, invocation.event().length == 0 ? -1 : invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null || type.isBlank() ? "Unhandled" : type;
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String error(String type, String message) {
        return "{\"errorMessage\":" + Json.quote(message) + ",\"errorType\":" + Json.quote(type) + "}";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
