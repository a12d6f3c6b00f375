package dev.drivelink.core.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.connection.ConnectionIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The sync queue's message format: {@code {"version":1,"type":"changes","connectionId","reason","notBefore"}}
 * ({@code type} leaves room for the sync engine's requests).
 */
public final class SyncMessages {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message that can never be processed, with the reason. */
    public static final class InvalidSyncMessage extends Exception {
        InvalidSyncMessage(String reason) {
            super(reason);
        }
    }

    private SyncMessages() {
    }

    public static String write(SyncRequest request) {
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

    public static SyncRequest parse(String body) throws InvalidSyncMessage {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new InvalidSyncMessage("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSyncMessage("not a JSON object");
        }
        if (node.path("version").asInt(-1) != VERSION) {
            throw new InvalidSyncMessage("\"version\" must be " + VERSION);
        }
        String connectionId = node.path("connectionId").asText("");
        if (!ConnectionIds.looksValid(connectionId)) {
            throw new InvalidSyncMessage("\"connectionId\" is missing or not a connection id");
        }
        String type = node.path("type").asText("").toLowerCase(Locale.ROOT);
        Instant notBefore = null;
        if (node.hasNonNull("notBefore")) {
            try {
                notBefore = Instant.parse(node.get("notBefore").asText());
            } catch (DateTimeParseException e) {
                throw new InvalidSyncMessage("\"notBefore\" is not an ISO-8601 instant");
            }
        }
        if (!type.equals("changes")) {
            throw new InvalidSyncMessage("\"type\" must be \"changes\"");
        }
        return SyncRequest.changes(connectionId, node.path("reason").asText(null), notBefore);
    }
}
