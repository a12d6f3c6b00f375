package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.localcloud.CloudTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml and template.yaml describe the same HTTP API: the same routes (method and path),
 * the same public/JWT split, and every schema the contract names can be loaded (its references
 * resolve). Plain JUnit: no cloud needed.
 */
class OpenApiRoutesTest {

    static final OpenApiContract CONTRACT = OpenApiContract.load();
    static final CloudTemplate TEMPLATE = CloudTemplate.load(Repo.template());

    /** route key ("GET /drive/connections/{id}") -> whether API Gateway checks a JWT on it. */
    static Map<String, Boolean> templateRoutes() {
        Map<String, Boolean> routes = new TreeMap<>();
        for (CloudTemplate.Route route : TEMPLATE.routes()) {
            routes.put(route.event().routeKey(), route.api().authorizerFor(route.event()).isPresent());
        }
        return routes;
    }

    static Map<String, Boolean> contractRoutes(boolean proposed) {
        boolean secureByDefault = !CONTRACT.document().path("security").isEmpty();
        Map<String, Boolean> routes = new TreeMap<>();
        for (OpenApiContract.Operation op : CONTRACT.operations()) {
            if (op.proposed() == proposed) {
                JsonNode security = op.node().get("security");
                routes.put(op.key(), security == null ? secureByDefault : !security.isEmpty());
            }
        }
        return routes;
    }

    @Test
    void everyRouteOfTheTemplateIsInTheContractAndTheOtherWayRound() {
        Set<String> template = templateRoutes().keySet();
        Set<String> contract = contractRoutes(false).keySet();
        Set<String> missingFromContract = new TreeSet<>(template);
        missingFromContract.removeAll(contract);
        Set<String> notInTemplate = new TreeSet<>(contract);
        notInTemplate.removeAll(template);
        assertThat(missingFromContract).as("routes of template.yaml (HttpApi events) missing from docs/openapi.yaml").isEmpty();
        assertThat(notInTemplate).as("operations of docs/openapi.yaml that template.yaml does not route "
                + "(mark a proposal x-drivelink-proposed: true)").isEmpty();
        assertThat(template).as("template.yaml has HttpApi routes at all").isNotEmpty();
    }

    @Test
    void proposedOperationsAreNotServedYet() {
        Set<String> served = new TreeSet<>(contractRoutes(true).keySet());
        served.retainAll(templateRoutes().keySet());
        assertThat(served).as("template.yaml serves these: drop their x-drivelink-proposed marker").isEmpty();
    }

    @Test
    void publicRoutesArePublicInBothAndTheOthersNeedTheJwt() {
        assertThat(contractRoutes(false)).as("route -> needs the JWT (security in docs/openapi.yaml, Auth in template.yaml)")
                .isEqualTo(templateRoutes());
        JsonNode scheme = CONTRACT.document().at("/components/securitySchemes/UserJwt");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void everyPathParameterIsDeclaredAndEveryOperationAnswersSomething() {
        Pattern placeholder = Pattern.compile("\\{([^}]+)}");
        List<String> problems = new ArrayList<>();
        for (OpenApiContract.Operation op : CONTRACT.operations()) {
            Set<String> declared = new TreeSet<>();
            JsonNode pathItem = CONTRACT.document().path("paths").path(op.path());
            for (JsonNode list : new JsonNode[] {pathItem.path("parameters"), op.node().path("parameters")}) {
                for (JsonNode p : list) {
                    JsonNode parameter = p.has("$ref") ? CONTRACT.document().at(p.get("$ref").asText().substring(1)) : p;
                    if (parameter.path("in").asText().equals("path")) {
                        declared.add(parameter.path("name").asText());
                    }
                }
            }
            Set<String> used = new TreeSet<>();
            Matcher m = placeholder.matcher(op.path());
            while (m.find()) {
                used.add(m.group(1));
            }
            if (!declared.equals(used)) {
                problems.add(op.key() + ": path parameters " + used + " but declared " + declared);
            }
            if (op.node().path("responses").isEmpty()) {
                problems.add(op.key() + ": no responses");
            }
            if (op.node().path("operationId").asText().isEmpty()) {
                problems.add(op.key() + ": no operationId");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySchemaOfTheContractLoadsWithItsReferencesResolved() {
        List<String> pointers = new ArrayList<>();
        for (Iterator<String> names = CONTRACT.document().path("components").path("schemas").fieldNames(); names.hasNext(); ) {
            pointers.add("/components/schemas/" + names.next());
        }
        for (OpenApiContract.Operation op : CONTRACT.operations()) {
            String base = "/paths/" + OpenApiContract.escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT);
            op.node().path("requestBody").path("content").fieldNames().forEachRemaining(type ->
                    pointers.add(base + "/requestBody/content/" + OpenApiContract.escape(type) + "/schema"));
            op.node().path("responses").fields().forEachRemaining(answer ->
                    answer.getValue().path("content").fieldNames().forEachRemaining(type ->
                            pointers.add(base + "/responses/" + answer.getKey() + "/content/" + OpenApiContract.escape(type) + "/schema")));
        }
        assertThat(pointers).hasSizeGreaterThan(20);
        for (String pointer : pointers) {
            assertThat(CONTRACT.schema(pointer)).as(pointer).isNotNull();
        }
        // the upload body reuses docs/upload-request.schema.json: a good request passes, a bad one does not
        var body = CONTRACT.schema("/components/schemas/CreateUpload");
        assertThat(body.validate(OpenApiContract.JSON.valueToTree(Map.of("connectionId", "dc_0123456789abcdef0123456789abcdef",
                "source", Map.of("url", "https://example.com/a.wav"), "fileName", "a.wav", "mimeType", "audio/wav")))).isEmpty();
        assertThat(body.validate(OpenApiContract.JSON.valueToTree(Map.of("connectionId", "dc_0123456789abcdef0123456789abcdef",
                "source", Map.of("url", "ftp://example.com/a.wav"), "fileName", "a.wav", "mimeType", "audio/wav")))).isNotEmpty();
    }

    static final Set<String> SCHEMA_KEYWORDS = Set.of("$schema", "$id", "$ref", "$defs", "$comment", "$anchor", "type", "enum",
            "const", "properties", "required", "additionalProperties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not",
            "if", "then", "else", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
            "description", "title", "default", "examples", "deprecated", "readOnly", "writeOnly", "discriminator",
            "externalDocs", "patternProperties", "propertyNames", "unevaluatedProperties", "contains");

    /** A schema keyword that is none (e.g. YAML that read "a, b" as two keys) would be silently ignored: refuse it. */
    @Test
    void everySchemaUsesOnlyKnownKeywords() {
        List<String> unknown = new ArrayList<>();
        walk(CONTRACT.document(), "", false, unknown);
        assertThat(unknown).isEmpty();
    }

    static void walk(JsonNode node, String at, boolean isSchema, List<String> unknown) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, isSchema, unknown);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String path = at + "/" + key;
            if (isSchema && !SCHEMA_KEYWORDS.contains(key) && !key.startsWith("x-")) {
                unknown.add(path);
            }
            if (isSchema && (key.equals("properties") || key.equals("$defs") || key.equals("patternProperties"))) {
                field.getValue().fields().forEachRemaining(p -> walk(p.getValue(), path + "/" + p.getKey(), true, unknown));
            } else if (isSchema && Set.of("items", "not", "additionalProperties", "allOf", "anyOf", "oneOf", "prefixItems",
                    "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties").contains(key)) {
                walk(field.getValue(), path, true, unknown);
            } else if (!isSchema) {
                boolean schemaBelow = key.equals("schema") || at.equals("/components/schemas");
                walk(field.getValue(), path, schemaBelow, unknown);
            }
        });
    }

    @Test
    void theValidatorRefusesAnswersTheContractDoesNotDescribe() {
        String connection = "{\"id\":\"dc_0123456789abcdef0123456789abcdef\",\"googleEmail\":\"a@example.com\",\"status\":\"ACTIVE\","
                + "\"scopes\":[\"https://www.googleapis.com/auth/drive.file\"],\"needsReconsent\":false,"
                + "\"createdAt\":\"2026-11-30T10:00:00Z\",\"updatedAt\":\"2026-11-30T10:00:00Z\"}";
        String id = "/drive/connections/dc_0123456789abcdef0123456789abcdef";
        assertThat(CONTRACT.problems("GET", id, 200, "application/json", connection)).isEmpty();
        assertThat(CONTRACT.problems("GET", id, 200, "application/json", connection.replace("}", ",\"accessToken\":\"ya29\"}")))
                .as("an undocumented field (a token!)").isNotEmpty();
        assertThat(CONTRACT.problems("GET", id, 200, "application/json", connection.replace("ACTIVE", "SLEEPING")))
                .as("an unknown status").isNotEmpty();
        String problem = "{\"type\":\"https://drivelink.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"connection x does not exist\",\"code\":\"not-found\"}";
        assertThat(CONTRACT.problems("GET", id, 404, "application/problem+json", problem)).isEmpty();
        assertThat(CONTRACT.problems("GET", id, 404, "application/problem+json", problem.replace("\"not-found\"}", "\"gone\"}")))
                .as("an undocumented problem code").isNotEmpty();
        assertThat(CONTRACT.problems("GET", id, 418, "application/problem+json", problem)).as("an undocumented status").isNotEmpty();
        assertThat(CONTRACT.problems("GET", id, 404, "text/html", "<p>")).as("an undocumented content type").isNotEmpty();
        assertThat(CONTRACT.problems("PUT", id, 200, "application/json", connection)).as("an undocumented route").isNotEmpty();
        assertThat(CONTRACT.problems("GET", "/drive/connections", 200, "application/json", "{\"connections\":[" + connection + "]}")).isEmpty();
    }
}
