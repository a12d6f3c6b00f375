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
        return byTime(expiresAt, connectionId);
    }

    /** A sort key ordered by time (epoch seconds, 12 digits), then id: what the gsi2 sweeps read ranges of. */
    static String byTime(Instant at, String id) {
        return String.format("%012d#%s", Math.max(0, at.getEpochSecond()), id);
    }

    // ---- change detection (see DATA.md) ----------------------------------------------------------------

    static Map<String, AttributeValue> channel(String channelId) {
        return Map.of(PK, Attrs.s("CHANNEL#" + channelId), SK, Attrs.s("CHANNEL"));
    }

    static final String CHANNEL_PK_PREFIX = "CHANNEL#";

    /** gsi1: a connection's channels, oldest first. */
    static String connectionItemsPk(String connectionId) {
        return "CONN#" + connectionId;
    }

    static String connectionChannelSk(Instant createdAt, String channelId) {
        return "CHANNEL#" + createdAt + "#" + channelId;
    }

    /** gsi2: PENDING and ACTIVE channels by expiration, for the renewal sweep. */
    static final String CHANNEL_EXPIRY_PK = "CHANNEL_EXPIRY";

    static Map<String, AttributeValue> cursor(String connectionId) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s("CURSOR"));
    }

    /** gsi2: change cursors by the time the polling backstop is due, while the connection is not revoked. */
    static final String CHANGES_DUE_PK = "CHANGES_DUE";

    static Map<String, AttributeValue> changeLog(String connectionId, long sequence, int part) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s(String.format("CHANGELOG#%012d#%04d", sequence, part)));
    }

    static final String FOLDER_PATH_SK_PREFIX = "PATH#";

    static Map<String, AttributeValue> upload(String uploadId) {
        return Map.of(PK, Attrs.s("UPLOAD#" + uploadId), SK, Attrs.s("UPLOAD"));
    }

    static Map<String, AttributeValue> folderPath(String connectionId, String path) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s(FOLDER_PATH_SK_PREFIX + path));
    }

    static Map<String, AttributeValue> idPool(String connectionId) {
        return Map.of(PK, Attrs.s("CONN#" + connectionId), SK, Attrs.s("IDPOOL"));
    }

    static Map<String, AttributeValue> consentState(String state) {
        return Map.of(PK, Attrs.s("STATE#" + state), SK, Attrs.s("STATE"));
    }
}
