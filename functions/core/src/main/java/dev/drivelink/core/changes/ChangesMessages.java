package dev.drivelink.core.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.connection.ConnectionIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The changes queue's message format: {@code {"version":1,"type":"changes","connectionId","reason","notBefore"}}
 * ({@code type} leaves room for the sync engine's requests).
 */
public final class ChangesMessages {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message that can never be processed, with the reason. */
    public static final class InvalidChangesMessage extends Exception {
        InvalidChangesMessage(String reason) {
            super(reason);
        }
    }

    private ChangesMessages() {
    }

    public static String write(ChangesRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", VERSION);
        node.put("type", "changes");
        node.put("connectionId", request.connectionId());
        if (request.reason() != null) {
            node.put("reason", request.reason());
        }
        if (request.notBefore() != null) {
            node.put("notBefore", request.notBefore().toString());
        }
        return node.toString();
    }

    public static ChangesRequest parse(String body) throws InvalidChangesMessage {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new InvalidChangesMessage("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidChangesMessage("not a JSON object");
        }
        if (node.path("version").asInt(-1) != VERSION) {
            throw new InvalidChangesMessage("\"version\" must be " + VERSION);
        }
        String connectionId = node.path("connectionId").asText("");
        if (!ConnectionIds.looksValid(connectionId)) {
            throw new InvalidChangesMessage("\"connectionId\" is missing or not a connection id");
        }
        String type = node.path("type").asText("").toLowerCase(Locale.ROOT);
        Instant notBefore = null;
        if (node.hasNonNull("notBefore")) {
            try {
                notBefore = Instant.parse(node.get("notBefore").asText());
            } catch (DateTimeParseException e) {
                throw new InvalidChangesMessage("\"notBefore\" is not an ISO-8601 instant");
            }
        }
        if (!type.equals("changes")) {
            throw new InvalidChangesMessage("\"type\" must be \"changes\"");
        }
        return ChangesRequest.changes(connectionId, node.path("reason").asText(null), notBefore);
    }
}
