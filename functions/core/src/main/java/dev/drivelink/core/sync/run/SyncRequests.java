package dev.drivelink.core.sync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Writing and reading {@link SyncRequest} messages, with reasons a person can act on. */
public final class SyncRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRequests() {
    }

    /** The message is unusable; retrying cannot help (dead-letter it with this reason). */
    public static final class InvalidSyncRequest extends RuntimeException {
        public InvalidSyncRequest(String reason) {
            super(reason);
        }
    }

    public static String write(SyncRequest r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", r.version());
        o.put("requestId", r.requestId());
        o.put("connectionId", r.connectionId());
        o.put("userId", r.userId());
        if (r.projectId() != null) {
            o.put("projectId", r.projectId());
        }
        o.put("reason", r.reason().wire());
        if (r.conflictId() != null) {
            o.put("conflictId", r.conflictId());
        }
        o.put("requestedAt", r.requestedAt().toString());
        return o.toString();
    }

    /** Reads a message; unknown fields are ignored (newer producers may add some). */
    public static SyncRequest parse(String body) {
        JsonNode o;
        try {
            o = body == null ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidSyncRequest("the message is not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new InvalidSyncRequest("the message must be a JSON object");
        }
        int version = o.path("version").asInt(-1);
        if (version != SyncRequest.CURRENT_VERSION) {
            throw new InvalidSyncRequest("unsupported version " + o.path("version") + " (expected 1)");
        }
        SyncReason reason = SyncReason.fromWire(required(o, "reason"))
                .orElseThrow(() -> new InvalidSyncRequest("unknown reason " + o.get("reason")));
        Instant at;
        try {
            at = Instant.parse(required(o, "requestedAt"));
        } catch (DateTimeParseException e) {
            throw new InvalidSyncRequest("requestedAt is not an ISO-8601 instant");
        }
        return new SyncRequest(version, required(o, "requestId"), required(o, "connectionId"), required(o, "userId"),
                optional(o, "projectId"), reason, optional(o, "conflictId"), at);
    }

    private static String required(JsonNode o, String field) {
        String v = optional(o, field);
        if (v == null) {
            throw new InvalidSyncRequest("\"" + field + "\" is required");
        }
        return v;
    }

    private static String optional(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidSyncRequest("\"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }
}
