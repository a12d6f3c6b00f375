package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local API Gateway HTTP API: the routes of the template's HttpApi events, a JWT authorizer as
 * the template configures it, CORS as its CorsConfiguration says, API Gateway v2 events (payload
 * format 2.0) to the function processes and their answers back to HTTP.
 *
 * <p>Besides the template's routes it serves, itself, a local sign-in ({@code POST /local/sign-in},
 * {@code GET /local/.well-known/jwks.json}, {@code GET /local/.well-known/openid-configuration}), the
 * console's static files beside the template ({@link StaticFiles}: {@code console/} at {@code /},
 * {@code docs/} at {@code /docs/}) and, when there is no {@code console/}, a small page at {@code /}.
 *
 * <p>It binds its port first ({@link #start(int)}) and serves the template's routes once
 * {@link #serve} has the provisioned stack and the functions: the port is part of the wiring
 * (redirect URI, JWT issuer) that provisioning resolves.
 */
public final class HttpApiGateway implements AutoCloseable {

    static {
        LocalHttp.configure();
    }

    /** API Gateway's limit for a request payload. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    private static final String PAGE = "/dev/drivelink/localcloud/page/index.html";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalSignIn signIn;
    private final Clock clock;
    private final JwtValidator validator;
    private volatile Wiring wiring;
    private volatile StaticFiles statics;
    private volatile Map<String, Object> picker;
    private volatile Consumer<String> accessLog = line -> { };

    /** What {@link #serve} sets up. */
    private record Wiring(Stack stack, HttpApiRoutes routes, Function<String, FunctionProcess> functions,
            Map<String, Cors> cors, Map<String, ResolvedAuthorizer> authorizers) {
    }

    private record ResolvedAuthorizer(String identitySource, String issuer, List<String> audiences) {
    }

    private record Cors(List<String> origins, List<String> headers, List<String> methods, List<String> expose,
            boolean credentials, Integer maxAge) {

        boolean allows(String origin) {
            return origin != null && (origins.contains("*") || origins.contains(origin));
        }

        String allowOrigin(String origin) {
            return origins.contains("*") && !credentials ? "*" : origin;
        }
    }

    private HttpApiGateway(int port, Clock clock) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.clock = clock;
        this.signIn = new LocalSignIn(url() + "/local", clock);
        this.validator = new JwtValidator(this::key, clock);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "http-api-gateway-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Binds {@code port} on the loopback interface (0: a free port) and serves the local endpoints at once. */
    public static HttpApiGateway start(int port) {
        return start(port, Clock.systemUTC());
    }

    static HttpApiGateway start(int port, Clock clock) {
        try {
            return new HttpApiGateway(port, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the HTTP API gateway to port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:PORT}, no trailing slash. */
    public String url() {
        return "http://localhost:" + port();
    }

    /** The issuer of the local sign-in's tokens: {@code http://localhost:PORT/local}. */
    public String localIssuer() {
        return signIn.issuer();
    }

    /** The Google Picker stand-in the console's import element opens ({@code GET /local/picker}). */
    public void picker(String pickerUrl, String clientId) {
        this.picker = Map.of("pickerUrl", pickerUrl, "clientId", clientId);
    }

    public LocalSignIn signIn() {
        return signIn;
    }

    /** One line per request (method, path without query, status, function, duration); never a header or body. */
    public HttpApiGateway accessLog(Consumer<String> log) {
        this.accessLog = log;
        return this;
    }

    /**
     * Serves the routes of every HttpApi of the stack's template; {@code functions} gives the
     * running process of a function logical id, or null when it is not running.
     */
    public void serve(Stack stack, Function<String, FunctionProcess> functions) {
        Map<String, Cors> cors = new LinkedHashMap<>();
        Map<String, ResolvedAuthorizer> authorizers = new LinkedHashMap<>();
        for (CloudTemplate.HttpApi api : stack.template().httpApis()) {
            Cors resolved = resolveCors(stack, api.corsConfiguration());
            if (resolved != null) {
                cors.put(api.logicalId(), resolved);
            }
            api.authorizers().forEach((name, authorizer) -> authorizers.put(api.logicalId() + "/" + name,
                    new ResolvedAuthorizer(stack.resolveString(authorizer.identitySource()),
                            stack.resolveString(authorizer.issuer()), stack.resolveStrings(authorizer.audience()))));
        }
        this.statics = StaticFiles.beside(stack.template().directory());
        this.wiring = new Wiring(stack, new HttpApiRoutes(stack.template().routes()), functions, cors, authorizers);
    }

    private static Cors resolveCors(Stack stack, Object raw) {
        if (raw == null) {
            return null;
        }
        Object value = stack.resolve(raw);
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
            return new Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), false, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Object maxAge = map.get("MaxAge");
        return new Cors(strings(map.get("AllowOrigins")), lower(strings(map.get("AllowHeaders"))),
                upper(strings(map.get("AllowMethods"))), lower(strings(map.get("ExposeHeaders"))),
                Boolean.parseBoolean(String.valueOf(map.get("AllowCredentials"))),
                maxAge == null ? null : Integer.parseInt(String.valueOf(maxAge)));
    }

    private PublicKey key(String kid) {
        return kid.equals(signIn.keyId()) ? signIn.publicKey() : null;
    }

    // ---------------------------------------------------------------- request handling

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        String[] outcome = {""};
        ApiGatewayV2.Response response;
        try {
            ApiGatewayV2.Request request = read(exchange);
            if (request == null) {
                response = ApiGatewayV2.error(413, "Request Entity Too Large");
            } else {
                response = route(request, outcome);
            }
        } catch (RuntimeException | IOException e) {
            outcome[0] = "gateway error: " + e;
            response = ApiGatewayV2.error(500, "Internal Server Error");
        }
        try {
            write(exchange, method, response);
        } catch (IOException ignored) {
            // the client went away
        } finally {
            exchange.close();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        accessLog.accept(method + " " + path + " " + response.status() + " " + millis + "ms"
                + (outcome[0].isEmpty() ? "" : " " + outcome[0]));
    }

    private ApiGatewayV2.Response route(ApiGatewayV2.Request request, String[] outcome) {
        String method = request.method();
        String path = request.rawPath();
        if (path.equals("/local") || path.startsWith("/local/")) {
            return local(request);
        }
        Wiring current = wiring;
        if (current == null) {
            if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
                return page();
            }
            return ApiGatewayV2.error(503, "Service Unavailable");
        }

        String origin = request.header("origin");
        Optional<CloudTemplate.Route> pathRoute = current.routes().anyMethod(path);
        Cors cors = pathRoute.map(r -> current.cors().get(r.api().logicalId()))
                .orElse(current.cors().isEmpty() ? null : current.cors().values().iterator().next());
        if (cors != null && method.equals("OPTIONS") && origin != null
                && request.header("access-control-request-method") != null) {
            return preflight(cors, origin);
        }

        Optional<HttpApiRoutes.Match> found = current.routes().match(method, path);
        if (found.isEmpty()) {
            Optional<ApiGatewayV2.Response> file = method.equals("GET") || method.equals("HEAD")
                    ? statics.serve(path) : Optional.empty();
            if (file.isPresent()) {
                return file.get();
            }
            if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
                return page();
            }
            return withCors(ApiGatewayV2.error(404, "Not Found"), cors, origin);
        }
        HttpApiRoutes.Match match = found.get();
        CloudTemplate.Route route = match.route();
        Cors routeCors = current.cors().get(route.api().logicalId());

        Map<String, Object> claims = null;
        List<String> scopes = null;
        Optional<CloudTemplate.JwtAuthorizer> authorizer = route.api().authorizerFor(route.event());
        if (authorizer.isPresent()) {
            ResolvedAuthorizer resolved = current.authorizers().get(route.api().logicalId() + "/" + authorizer.get().name());
            try {
                claims = validator.validate(identity(request, resolved.identitySource()), resolved.issuer(),
                        resolved.audiences(), route.event().authorizationScopes());
                scopes = route.event().authorizationScopes().isEmpty() ? null : JwtValidator.scopes(claims);
            } catch (Jwt.InvalidTokenException e) {
                outcome[0] = "unauthorized: " + e.getMessage();
                ApiGatewayV2.Response unauthorized = ApiGatewayV2.error(401, "Unauthorized");
                unauthorized.headers().put("www-authenticate", new ArrayList<>(List.of(
                        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + e.getMessage() + "\"")));
                return withCors(unauthorized, routeCors, origin);
            } catch (JwtValidator.ForbiddenException e) {
                outcome[0] = "forbidden: " + e.getMessage();
                return withCors(ApiGatewayV2.error(403, "Forbidden"), routeCors, origin);
            }
        }

        String logicalId = route.function().logicalId();
        FunctionProcess function = current.functions().apply(logicalId);
        if (function == null) {
            outcome[0] = logicalId + " is not running (is " + route.function().codeUri() + " built?)";
            ApiGatewayV2.Response error = ApiGatewayV2.error(500, "Internal Server Error");
            error.headers().put("x-local-cloud-error", new ArrayList<>(List.of(outcome[0])));
            return withCors(error, routeCors, origin);
        }
        String requestId = ApiGatewayV2.requestId();
        var event = ApiGatewayV2.event(request, route.event().routeKey(), match.pathParameters(),
                current.stack().ref(route.api().logicalId()), requestId, clock.instant(), claims, scopes);
        InvocationResult result = function.invoke(Json.write(event));
        ApiGatewayV2.Response response;
        if (result.isError()) {
            outcome[0] = logicalId + " " + result.errorType();
            response = ApiGatewayV2.error(500, "Internal Server Error");
        } else {
            outcome[0] = logicalId;
            response = ApiGatewayV2.response(result.payload());
        }
        response.headers().put("apigw-requestid", new ArrayList<>(List.of(requestId)));
        return withCors(response, routeCors, origin);
    }

    private static String identity(ApiGatewayV2.Request request, String identitySource) {
        String source = identitySource.split(",")[0].trim();
        if (source.startsWith("$request.header.")) {
            return request.header(source.substring("$request.header.".length()));
        }
        if (source.startsWith("$request.querystring.")) {
            return ApiGatewayV2.queryParameters(request.rawQuery()).get(source.substring("$request.querystring.".length()));
        }
        return null;
    }

    private static ApiGatewayV2.Response preflight(Cors cors, String origin) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (cors.allows(origin)) {
            headers.put("access-control-allow-origin", List.of(cors.allowOrigin(origin)));
            if (!cors.methods().isEmpty()) {
                headers.put("access-control-allow-methods", List.of(String.join(",", cors.methods())));
            }
            if (!cors.headers().isEmpty()) {
                headers.put("access-control-allow-headers", List.of(String.join(",", cors.headers())));
            }
            if (cors.maxAge() != null) {
                headers.put("access-control-max-age", List.of(Integer.toString(cors.maxAge())));
            }
            if (cors.credentials()) {
                headers.put("access-control-allow-credentials", List.of("true"));
            }
            headers.put("vary", List.of("Origin"));
        }
        return new ApiGatewayV2.Response(204, headers, new byte[0]);
    }

    /** API Gateway replaces the function's own CORS headers with the configured ones. */
    private static ApiGatewayV2.Response withCors(ApiGatewayV2.Response response, Cors cors, String origin) {
        if (cors == null) {
            return response;
        }
        response.headers().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        if (cors.allows(origin)) {
            response.headers().put("access-control-allow-origin", new ArrayList<>(List.of(cors.allowOrigin(origin))));
            if (!cors.expose().isEmpty()) {
                response.headers().put("access-control-expose-headers", new ArrayList<>(List.of(String.join(",", cors.expose()))));
            }
            if (cors.credentials()) {
                response.headers().put("access-control-allow-credentials", new ArrayList<>(List.of("true")));
            }
            response.headers().computeIfAbsent("vary", k -> new ArrayList<>()).add("Origin");
        }
        return response;
    }

    // ---------------------------------------------------------------- local endpoints

    private ApiGatewayV2.Response local(ApiGatewayV2.Request request) {
        String path = request.rawPath();
        String method = request.method();
        if (path.equals("/local/sign-in") && method.equals("POST")) {
            JsonNode body = Json.tryParse(request.body());
            String user = body != null && body.hasNonNull("user") ? body.get("user").asText() : null;
            if (user == null || !LocalSignIn.USER_ID.matcher(user).matches()) {
                return json(400, Map.of("message", "user must be 1 to 64 of A-Z a-z 0-9 . _ @ -"));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            if (body.hasNonNull("scope")) {
                extra.put("scope", body.get("scope").asText());
            }
            if (body.hasNonNull("email")) {
                extra.put("email", body.get("email").asText());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", signIn.issue(user, extra));
            answer.put("user", user);
            answer.put("expiresIn", LocalSignIn.TOKEN_LIFETIME.toSeconds());
            return noStore(json(200, answer));
        }
        if (path.equals("/local/.well-known/jwks.json") && method.equals("GET")) {
            return json(200, signIn.jwks());
        }
        if (path.equals("/local/picker") && method.equals("GET") && picker != null) {
            return json(200, picker);
        }
        if (path.equals("/local/.well-known/openid-configuration") && method.equals("GET")) {
            Map<String, Object> configuration = new LinkedHashMap<>();
            configuration.put("issuer", signIn.issuer());
            configuration.put("jwks_uri", signIn.issuer() + "/.well-known/jwks.json");
            configuration.put("id_token_signing_alg_values_supported", List.of("RS256"));
            configuration.put("response_types_supported", List.of("token"));
            configuration.put("subject_types_supported", List.of("public"));
            return json(200, configuration);
        }
        if (method.equals("OPTIONS")) {
            return new ApiGatewayV2.Response(204, new LinkedHashMap<>(), new byte[0]);
        }
        return ApiGatewayV2.error(404, "Not Found");
    }

    private static ApiGatewayV2.Response noStore(ApiGatewayV2.Response response) {
        response.headers().put("cache-control", new ArrayList<>(List.of("no-store")));
        return response;
    }

    private static ApiGatewayV2.Response json(int status, Object body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", new ArrayList<>(List.of("application/json")));
        return new ApiGatewayV2.Response(status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static ApiGatewayV2.Response page() {
        try (InputStream in = HttpApiGateway.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                return ApiGatewayV2.error(404, "Not Found");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("content-type", new ArrayList<>(List.of("text/html; charset=utf-8")));
            headers.put("cache-control", new ArrayList<>(List.of("no-store")));
            return new ApiGatewayV2.Response(200, headers, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private static ApiGatewayV2.Request read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", List.of(sourceIp));
        headers.putIfAbsent("x-forwarded-port", List.of(Integer.toString(exchange.getLocalAddress().getPort())));
        headers.putIfAbsent("x-forwarded-proto", List.of("http"));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_REQUEST_BYTES) {
            return null;
        }
        return new ApiGatewayV2.Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getProtocol(), sourceIp, headers, body);
    }

    private static void write(HttpExchange exchange, String method, ApiGatewayV2.Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")) {
                return;
            }
            for (String value : values) {
                headers.add(name, value);
            }
        });
        byte[] body = response.body();
        boolean noBody = method.equals("HEAD") || response.status() == 204 || response.status() == 304
                || body.length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> result.add(String.valueOf(item).trim()));
        } else if (value != null) {
            for (String item : String.valueOf(value).split(",")) {
                if (!item.isBlank()) {
                    result.add(item.trim());
                }
            }
        }
        return result;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
