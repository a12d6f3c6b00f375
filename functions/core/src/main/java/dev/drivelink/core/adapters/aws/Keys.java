package dev.drivelink.core.adapters.aws;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The single-table key design (see functions/core/DATA.md). Every key prefix lives here and nowhere else.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI1 = "gsi1";
    static final String GSI1_PK = "gsi1pk";
    static final String GSI1_SK = "gsi1sk";
    static final String GSI2 = "gsi2";
    static final String GSI2_PK = "gsi2pk";
    static final String GSI2_SK = "gsi2sk";
    static final String TTL = "ttl";
    static final String TYPE = "type";

    private Keys() {
    }

    static Map<String, AttributeValue> connection(String connectionId) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s("CONN"));
    }

    static String userConnectionsPk(String userId) {
        return "USER#" + userId;
    }

    static String userConnectionsSk(Instant createdAt, String connectionId) {
        return "CONN#" + createdAt + "#" + connectionId;
    }

    /** All connections holding tokens, ordered by access-token expiry: the refresh sweep reads a range of it. */
    static final String TOKEN_EXPIRY_PK = "TOKEN_EXPIRY";

    static String tokenExpirySk(Instant expiresAt, String connectionId) {
        return String.format("%012d#%s", expiresAt.getEpochSecond(), connectionId);
    }

    static Map<String, AttributeValue> upload(String uploadId) {
        return Map.of(PK, Attrs.s("UPLOAD#" + uploadId), SK, Attrs.s("UPLOAD"));
    }

    static Map<String, AttributeValue> folderPath(String connectionId, String path) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s("PATH#" + path));
    }

    static Map<String, AttributeValue> idPool(String connectionId) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s("IDPOOL"));
    }

    static Map<String, AttributeValue> consentState(String state) {
        return Map.of(PK, Attrs.s("STATE#" + state), SK, Attrs.s("STATE"));
    }
}
