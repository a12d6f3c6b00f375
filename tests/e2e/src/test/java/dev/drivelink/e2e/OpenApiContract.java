package dev.drivelink.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml, read as the contract: its operations, and a check that a real answer of the API
 * (status, content type, body) is one the contract describes, its body valid against the schema
 * (JSON Schema 2020-12, OpenAPI 3.1 dialect, formats asserted).
 *
 * <p>Use {@link #assertAnswer(HttpResponse)} on what {@link Gateway} returns, or
 * {@link #assertAnswer(String, String, int, String, String)} on what a browser saw.
 */
final class OpenApiContract {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
    private static OpenApiContract instance;

    /** One operation: method (upper case), path template, and whether it is only a proposal. */
    record Operation(String method, String path, JsonNode node, boolean proposed) {

        String key() {
            return method + " " + path;
        }

        boolean matches(String method, String actualPath) {
            return this.method.equals(method.toUpperCase(Locale.ROOT)) && pattern(path).matcher(actualPath).matches();
        }

        private static Pattern pattern(String template) {
            StringBuilder regex = new StringBuilder("^");
            for (String part : template.split("(?=\\{)|(?<=\\})")) {
                regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
            }
            return Pattern.compile(regex.append('$').toString());
        }
    }

    private final Path file;
    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(Path file) {
        this.file = file.toAbsolutePath().normalize();
        try {
            this.document = YAML.readTree(this.file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op != null) {
                    operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), op,
                            op.path("x-drivelink-proposed").asBoolean(false)));
                }
            }
        }
    }

    static synchronized OpenApiContract load() {
        if (instance == null) {
            instance = new OpenApiContract(Repo.root().resolve("docs/openapi.yaml"));
        }
        return instance;
    }

    JsonNode document() {
        return document;
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The served operation a request went to (a literal path wins over a template). */
    Optional<Operation> find(String method, String actualPath) {
        return operations.stream().filter(op -> op.matches(method, actualPath))
                .min((a, b) -> Long.compare(a.path().chars().filter(c -> c == '{').count(),
                        b.path().chars().filter(c -> c == '{').count()));
    }

    /** Fails unless the answer to {@code response.request()} is one docs/openapi.yaml describes. */
    void assertAnswer(HttpResponse<String> response) {
        assertAnswer(response.request().method(), response.request().uri().getRawPath(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    /** Fails unless this answer (status, content type, body) to {@code method path} is one the contract describes. */
    void assertAnswer(String method, String path, int status, String contentType, String body) {
        List<String> problems = problems(method, path, status, contentType, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer to " + method + " " + path + " (" + status + ") breaks docs/openapi.yaml:\n  "
                    + String.join("\n  ", problems) + "\nbody: " + body);
        }
    }

    /** What is wrong with the answer; empty when the contract describes it. */
    List<String> problems(String method, String path, int status, String contentType, String body) {
        Operation op = find(method, path).orElse(null);
        if (op == null) {
            return List.of("no operation " + method + " " + path);
        }
        if (op.proposed()) {
            return List.of(op.key() + " is only proposed (x-drivelink-proposed) but answered");
        }
        String pointer = "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT) + "/responses/";
        JsonNode responses = op.node().path("responses");
        String code = Integer.toString(status);
        String key = responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            return List.of("status " + status + " is not documented for " + op.key() + " (documented: "
                    + iterable(responses.fieldNames()) + ")");
        }
        pointer += escape(key);
        JsonNode answer = responses.get(key);
        if (answer.has("$ref")) {
            pointer = answer.get("$ref").asText().substring(1);
            answer = document.at(pointer);
        }
        JsonNode content = answer.path("content");
        boolean empty = body == null || body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            return empty ? List.of() : List.of("status " + status + " of " + op.key() + " documents no body, but one came");
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            return List.of("content type '" + contentType + "' is not documented for " + status + " of " + op.key()
                    + " (documented: " + iterable(content.fieldNames()) + ")");
        }
        if (empty) {
            return List.of("status " + status + " of " + op.key() + " documents a body, but none came");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("the body is not JSON: " + e.getMessage());
        }
        JsonSchema schema = schema(pointer + "/content/" + escape(mediaType) + "/schema");
        Set<ValidationMessage> errors = schema.validate(json);
        return errors.stream().map(ValidationMessage::toString).sorted().toList();
    }

    /** The schema at a JSON pointer into docs/openapi.yaml, its references resolved (and loaded now). */
    JsonSchema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(file.toUri() + "#" + p), config);
            schema.initializeValidators();
            return schema;
        });
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
