package dev.drivelink.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads small JSON request bodies with clear 4xx answers: missing, too large, not JSON, not an
 * object, a required field missing or of the wrong type.
 */
final class JsonBodies {

    static final int MAX_BYTES = 16 * 1024;
    /** Request bodies are small and flat: deep nesting and endless numbers are refused while parsing. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64)
                            .maxStringLength(MAX_BYTES).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode root;

    private JsonBodies(JsonNode root) {
        this.root = root;
    }

    static JsonBodies parse(String body) {
        if (body == null || body.isBlank()) {
            throw Problem.badRequest("body-required", "send a JSON object as the request body");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new Problem(413, "body-too-large", "the request body is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw Problem.badRequest("malformed-json", "the request body is nested too deeply or holds a number or "
                    + "string too long for a drivelink request");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw Problem.badRequest("malformed-json", "the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            throw Problem.badRequest("malformed-json", "the request body must be a JSON object");
        }
        return new JsonBodies(node);
    }

    JsonNode root() {
        return root;
    }

    String requiredString(String field) {
        return optionalString(field).orElseThrow(() ->
                Problem.badRequest("missing-field", "\"" + field + "\" is required (a string)"));
    }

    Optional<String> optionalString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw Problem.badRequest("invalid-field", "\"" + field + "\" must be a string");
        }
        return value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
}
