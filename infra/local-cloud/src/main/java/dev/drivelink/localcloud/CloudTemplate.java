package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM/CloudFormation template as local-cloud needs it: parameters, resources (with the SAM
 * {@code Globals.Function} merged into every {@code AWS::Serverless::Function}), the functions with
 * their event sources, the HTTP APIs with their authorizers and CORS configuration.
 *
 * <p>Values keep their intrinsic functions; resolve them with {@link #intrinsics} or through a
 * provisioned {@link Stack}.
 */
public final class CloudTemplate {

    public static final String DEFAULT_FILE_NAME = "template.yaml";
    /** The HTTP API SAM creates when a function's HttpApi event names no ApiId. */
    public static final String IMPLICIT_HTTP_API = "ServerlessHttpApi";

    private final Path directory;
    private final Path file;
    private final Map<String, Object> document;
    private final Map<String, Parameter> parameters;
    private final Map<String, Resource> resources;
    private final List<Function> functions;
    private final Map<String, HttpApi> httpApis;

    private CloudTemplate(Path file, Path directory, Map<String, Object> document) {
        this.file = file;
        this.directory = directory.toAbsolutePath().normalize();
        this.document = document;
        this.parameters = readParameters(map(document.get("Parameters")));
        this.resources = readResources(document);
        this.functions = readFunctions();
        this.httpApis = readHttpApis();
    }

    /** Reads a template file; CodeUri paths are relative to its directory. */
    public static CloudTemplate load(Path file) {
        try {
            Path absolute = file.toAbsolutePath().normalize();
            return new CloudTemplate(absolute, absolute.getParent(), TemplateYaml.parse(Files.readString(absolute)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /** Parses template text; CodeUri paths are relative to {@code directory}. */
    public static CloudTemplate parse(String text, Path directory) {
        return new CloudTemplate(null, directory, TemplateYaml.parse(text));
    }

    /** The nearest {@code template.yaml} in the working directory or one of its parents. */
    public static Path find() {
        return find(Path.of("").toAbsolutePath(), DEFAULT_FILE_NAME);
    }

    public static Path find(Path start, String fileName) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + fileName + " in " + start + " or its parents");
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Path directory() {
        return directory;
    }

    /** The whole template as parsed (intrinsics in long form, Globals not merged). */
    public Map<String, Object> document() {
        return document;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    public Map<String, Object> conditions() {
        return map(document.get("Conditions"));
    }

    public Map<String, Object> mappings() {
        return map(document.get("Mappings"));
    }

    public Map<String, Object> outputs() {
        return map(document.get("Outputs"));
    }

    /** Every resource, in template order; serverless functions with Globals merged in. */
    public Map<String, Resource> resources() {
        return resources;
    }

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public List<Resource> resourcesOfType(String type) {
        List<Resource> matching = new ArrayList<>();
        for (Resource resource : resources.values()) {
            if (resource.type().equals(type)) {
                matching.add(resource);
            }
        }
        return matching;
    }

    public List<Function> functions() {
        return functions;
    }

    public Function function(String logicalId) {
        for (Function function : functions) {
            if (function.logicalId().equals(logicalId)) {
                return function;
            }
        }
        throw new IllegalArgumentException("no AWS::Serverless::Function " + logicalId + " in the template");
    }

    /** Explicit {@code AWS::Serverless::HttpApi} resources, plus the implicit one when an event needs it. */
    public List<HttpApi> httpApis() {
        return List.copyOf(httpApis.values());
    }

    public Optional<HttpApi> httpApi(String logicalId) {
        return Optional.ofNullable(httpApis.get(logicalId));
    }

    /** Every HttpApi event of every function, in template order. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Function function : functions) {
            for (Event event : function.events()) {
                if (event instanceof HttpApiEvent http) {
                    routes.add(new Route(function, http, httpApis.get(http.apiId())));
                }
            }
        }
        return routes;
    }

    /** The file a function's {@code CodeUri} names, relative to the template's directory. */
    public Path codePath(Function function) {
        return directory.resolve(function.codeUri()).normalize();
    }

    /** A resolver for this template's intrinsic functions. */
    public Intrinsics intrinsics(Map<String, String> parameterValues, String stackName, Intrinsics.Resources resources) {
        return new Intrinsics(this, parameterValues, stackName, resources);
    }

    /** Defaults overlaid with {@code overrides} (unknown names are refused). */
    public Map<String, String> parameterValues(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters.values()) {
            parameter.defaultValue().ifPresent(value -> values.put(parameter.name(), value));
        }
        overrides.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the template has no parameter " + name);
            }
            Parameter parameter = parameters.get(name);
            if (!parameter.allowedValues().isEmpty() && !parameter.allowedValues().contains(value)) {
                throw new IllegalArgumentException("parameter " + name + " must be one of " + parameter.allowedValues());
            }
            values.put(name, value);
        });
        return values;
    }

    // ---------------------------------------------------------------- reading

    private static Map<String, Parameter> readParameters(Map<String, Object> section) {
        Map<String, Parameter> result = new LinkedHashMap<>();
        section.forEach((name, value) -> {
            Map<String, Object> p = map(value);
            Object defaultValue = p.get("Default");
            List<String> allowed = new ArrayList<>();
            for (Object item : list(p.get("AllowedValues"))) {
                allowed.add(String.valueOf(item));
            }
            result.put(name, new Parameter(name, String.valueOf(p.getOrDefault("Type", "String")),
                    Optional.ofNullable(defaultValue == null ? null : scalarText(defaultValue)),
                    Boolean.parseBoolean(String.valueOf(p.getOrDefault("NoEcho", "false"))),
                    List.copyOf(allowed), p.get("Description") == null ? "" : String.valueOf(p.get("Description")).trim()));
        });
        return Collections.unmodifiableMap(result);
    }

    private static String scalarText(Object value) {
        if (value instanceof List<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(item -> parts.add(String.valueOf(item)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    private static Map<String, Resource> readResources(Map<String, Object> document) {
        Map<String, Object> globals = map(map(document.get("Globals")).get("Function"));
        Map<String, Object> httpApiGlobals = map(map(document.get("Globals")).get("HttpApi"));
        Map<String, Resource> result = new LinkedHashMap<>();
        map(document.get("Resources")).forEach((logicalId, value) -> {
            Map<String, Object> definition = map(value);
            String type = String.valueOf(definition.get("Type"));
            Map<String, Object> properties = map(definition.get("Properties"));
            if (type.equals("AWS::Serverless::Function")) {
                properties = mergeGlobals(globals, properties, "");
            } else if (type.equals("AWS::Serverless::HttpApi")) {
                properties = mergeGlobals(httpApiGlobals, properties, "");
            }
            Object condition = definition.get("Condition");
            result.put(logicalId, new Resource(logicalId, type, Collections.unmodifiableMap(properties),
                    condition == null ? null : String.valueOf(condition), definition));
        });
        return Collections.unmodifiableMap(result);
    }

    /**
     * SAM's rules: maps merge key by key (the resource wins), scalars and intrinsics of the
     * resource win, lists concatenate (globals first) except Architectures, which the resource replaces.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> local, String path) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        local.forEach((key, localValue) -> {
            Object globalValue = merged.get(key);
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (globalValue instanceof Map<?, ?> g && localValue instanceof Map<?, ?> l
                    && !isIntrinsic(g) && !isIntrinsic(l)) {
                merged.put(key, mergeGlobals((Map<String, Object>) g, (Map<String, Object>) l, childPath));
            } else if (globalValue instanceof List<?> g && localValue instanceof List<?> l
                    && !childPath.equals("Architectures")) {
                List<Object> both = new ArrayList<>(g);
                both.addAll(l);
                merged.put(key, both);
            } else {
                merged.put(key, localValue);
            }
        });
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    private List<Function> readFunctions() {
        List<Function> result = new ArrayList<>();
        for (Resource resource : resources.values()) {
            if (!resource.type().equals("AWS::Serverless::Function")) {
                continue;
            }
            Map<String, Object> p = resource.properties();
            List<Event> events = new ArrayList<>();
            map(p.get("Events")).forEach((name, value) -> events.add(readEvent(name, map(value))));
            Object codeUri = p.get("CodeUri");
            if (codeUri != null && !(codeUri instanceof String)) {
                codeUri = null; // an S3 location: nothing to run locally
            }
            result.add(new Function(resource.logicalId(), (String) codeUri,
                    p.get("Handler") == null ? null : String.valueOf(p.get("Handler")),
                    p.get("Runtime") == null ? null : String.valueOf(p.get("Runtime")),
                    intValue(p.get("MemorySize"), 128), intValue(p.get("Timeout"), 3),
                    map(map(p.get("Environment")).get("Variables")), List.copyOf(events), p));
        }
        return List.copyOf(result);
    }

    private static Event readEvent(String name, Map<String, Object> definition) {
        String type = String.valueOf(definition.get("Type"));
        Map<String, Object> p = map(definition.get("Properties"));
        switch (type) {
            case "HttpApi": {
                Object apiId = p.get("ApiId");
                String api = IMPLICIT_HTTP_API;
                if (apiId instanceof Map<?, ?> ref && ref.get("Ref") != null) {
                    api = String.valueOf(ref.get("Ref"));
                } else if (apiId instanceof String text) {
                    api = text;
                }
                Map<String, Object> auth = map(p.get("Auth"));
                List<String> scopes = new ArrayList<>();
                list(auth.get("AuthorizationScopes")).forEach(s -> scopes.add(String.valueOf(s)));
                String method = p.get("Method") == null ? "ANY" : String.valueOf(p.get("Method")).toUpperCase(Locale.ROOT);
                String path = p.get("Path") == null ? null : String.valueOf(p.get("Path"));
                return new HttpApiEvent(name, method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD") ? "ANY" : method, path, api,
                        auth.get("Authorizer") == null ? null : String.valueOf(auth.get("Authorizer")),
                        List.copyOf(scopes),
                        String.valueOf(p.getOrDefault("PayloadFormatVersion", "2.0")), p);
            }
            case "SQS": {
                List<String> responseTypes = new ArrayList<>();
                list(p.get("FunctionResponseTypes")).forEach(t -> responseTypes.add(String.valueOf(t)));
                return new SqsEvent(name, p.get("Queue"), intValue(p.get("BatchSize"), 10),
                        intValue(p.get("MaximumBatchingWindowInSeconds"), 0), List.copyOf(responseTypes),
                        !"false".equalsIgnoreCase(String.valueOf(p.getOrDefault("Enabled", "true"))), p);
            }
            case "Schedule":
            case "ScheduleV2":
                return new ScheduleEvent(name, type,
                        p.get("Schedule") != null ? p.get("Schedule") : p.get("ScheduleExpression"), p.get("Input"),
                        !"false".equalsIgnoreCase(String.valueOf(p.getOrDefault("Enabled", "true")))
                                && !"DISABLED".equalsIgnoreCase(String.valueOf(p.getOrDefault("State", "ENABLED"))),
                        p);
            default:
                return new GenericEvent(name, type, p);
        }
    }

    private Map<String, HttpApi> readHttpApis() {
        Map<String, HttpApi> result = new LinkedHashMap<>();
        for (Resource resource : resources.values()) {
            if (resource.type().equals("AWS::Serverless::HttpApi")) {
                result.put(resource.logicalId(), readHttpApi(resource.logicalId(), resource.properties(), false));
            }
        }
        for (Function function : functions) {
            for (Event event : function.events()) {
                if (event instanceof HttpApiEvent http && !result.containsKey(http.apiId())) {
                    if (!http.apiId().equals(IMPLICIT_HTTP_API)) {
                        throw new IllegalArgumentException(function.logicalId() + "." + http.name()
                                + " names ApiId " + http.apiId() + ", which is no AWS::Serverless::HttpApi");
                    }
                    Map<String, Object> implicit = map(map(map(document.get("Globals")).get("HttpApi")));
                    result.put(IMPLICIT_HTTP_API, readHttpApi(IMPLICIT_HTTP_API, implicit, true));
                }
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static HttpApi readHttpApi(String logicalId, Map<String, Object> p, boolean implicit) {
        Map<String, Object> auth = map(p.get("Auth"));
        Map<String, JwtAuthorizer> authorizers = new LinkedHashMap<>();
        map(auth.get("Authorizers")).forEach((name, value) -> {
            Map<String, Object> a = map(value);
            Map<String, Object> jwt = map(a.get("JwtConfiguration"));
            if (!jwt.isEmpty()) {
                authorizers.put(name, new JwtAuthorizer(name,
                        a.get("IdentitySource") == null ? "$request.header.Authorization" : a.get("IdentitySource"),
                        jwt.get("issuer") != null ? jwt.get("issuer") : jwt.get("Issuer"),
                        jwt.get("audience") != null ? jwt.get("audience") : jwt.get("Audience")));
            }
        });
        return new HttpApi(logicalId, auth.get("DefaultAuthorizer") == null ? null : String.valueOf(auth.get("DefaultAuthorizer")),
                Collections.unmodifiableMap(authorizers), p.get("CorsConfiguration"), implicit, p);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static int intValue(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof Map) {
            return fallback; // an intrinsic: Stack#functionMemorySize / #functionTimeoutSeconds resolve it
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got " + value);
        }
    }

    // ---------------------------------------------------------------- model

    public record Parameter(String name, String type, Optional<String> defaultValue, boolean noEcho,
            List<String> allowedValues, String description) {
        /** {@code CommaDelimitedList} and {@code List<...>}: a Ref gives a list. */
        public boolean isList() {
            return type.equals("CommaDelimitedList") || type.startsWith("List<");
        }
    }

    /** A resource; {@code definition} is the whole entry (Type, Properties, DependsOn, Condition...). */
    public record Resource(String logicalId, String type, Map<String, Object> properties, String condition,
            Map<String, Object> definition) {
    }

    /**
     * An {@code AWS::Serverless::Function} with Globals merged. {@code environment} holds unresolved
     * values ({@link Stack#functionEnvironment} resolves them); {@code codeUri} is null when not a local
     * path; {@code memorySize} and {@code timeoutSeconds} are SAM's defaults (128, 3) when absent and
     * when given through an intrinsic function (then see {@link Stack#functionMemorySize}).
     */
    public record Function(String logicalId, String codeUri, String handler, String runtime, int memorySize,
            int timeoutSeconds, Map<String, Object> environment, List<Event> events, Map<String, Object> properties) {

        /** Whether SAM gives this function a Function URL (resource {@code <LogicalId>Url}). */
        public boolean hasFunctionUrl() {
            return properties.get("FunctionUrlConfig") != null;
        }

        public List<HttpApiEvent> httpApiEvents() {
            return eventsOf(HttpApiEvent.class);
        }

        public List<SqsEvent> sqsEvents() {
            return eventsOf(SqsEvent.class);
        }

        public List<ScheduleEvent> scheduleEvents() {
            return eventsOf(ScheduleEvent.class);
        }

        public <E extends Event> List<E> eventsOf(Class<E> type) {
            List<E> matching = new ArrayList<>();
            for (Event event : events) {
                if (type.isInstance(event)) {
                    matching.add(type.cast(event));
                }
            }
            return matching;
        }
    }

    public sealed interface Event permits HttpApiEvent, SqsEvent, ScheduleEvent, GenericEvent {
        String name();

        String type();

        Map<String, Object> properties();
    }

    /**
     * An HttpApi event. {@code path} null means the {@code $default} route; {@code authorizer} null
     * means the API's default authorizer, {@code "NONE"} a public route.
     */
    public record HttpApiEvent(String name, String method, String path, String apiId, String authorizer,
            List<String> authorizationScopes, String payloadFormatVersion, Map<String, Object> properties)
            implements Event {
        @Override
        public String type() {
            return "HttpApi";
        }

        public String routeKey() {
            return path == null ? "$default" : method + " " + path;
        }
    }

    /** An SQS event source mapping; {@code queue} is unresolved (usually {@code !GetAtt Queue.Arn}). */
    public record SqsEvent(String name, Object queue, int batchSize, int maximumBatchingWindowInSeconds,
            List<String> functionResponseTypes, boolean enabled, Map<String, Object> properties) implements Event {
        @Override
        public String type() {
            return "SQS";
        }

        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /** A Schedule / ScheduleV2 event; {@code schedule} is the unresolved rate(...) or cron(...) expression. */
    public record ScheduleEvent(String name, String type, Object schedule, Object input, boolean enabled,
            Map<String, Object> properties) implements Event {
    }

    public record GenericEvent(String name, String type, Map<String, Object> properties) implements Event {
    }

    /** An HTTP API; {@code corsConfiguration} is unresolved (a map, {@code true}, or null). */
    public record HttpApi(String logicalId, String defaultAuthorizer, Map<String, JwtAuthorizer> authorizers,
            Object corsConfiguration, boolean implicit, Map<String, Object> properties) {

        /** The authorizer guarding {@code event}, or empty for a public route. */
        public Optional<JwtAuthorizer> authorizerFor(HttpApiEvent event) {
            String name = event.authorizer() != null ? event.authorizer() : defaultAuthorizer;
            if (name == null || name.equals("NONE")) {
                return Optional.empty();
            }
            JwtAuthorizer authorizer = authorizers.get(name);
            if (authorizer == null) {
                throw new IllegalArgumentException("HttpApi " + logicalId + " has no JWT authorizer " + name);
            }
            return Optional.of(authorizer);
        }
    }

    /** A JWT authorizer; {@code issuer} and {@code audience} are unresolved (audience: a list). */
    public record JwtAuthorizer(String name, Object identitySource, Object issuer, Object audience) {
    }

    /** A function's HttpApi event together with the API it belongs to. */
    public record Route(Function function, HttpApiEvent event, HttpApi api) {
    }
}
