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

    // ---- the sync control plane (DATA.md: memberships, settings, mappings, conflicts, status, activity) ----

    static final String CONNECTION_SK = "CONN";

    static String connectionPk(String connectionId) {
        return "CONN#" + connectionId;
    }

    /** The partition of a user's own items (memberships, project settings). */
    static String userPk(String userId) {
        return "USER#" + userId;
    }

    static final String MEMBER_PREFIX = "MEMBER#";

    static Map<String, AttributeValue> membership(String userId, String projectId) {
        return Map.of(PK, Attrs.s(userPk(userId)), SK, Attrs.s(MEMBER_PREFIX + projectId));
    }

    /** gsi1: the members of a project. */
    static String projectMembersPk(String projectId) {
        return "PROJECT#" + projectId;
    }

    static final String PROJECT_SETTINGS_PREFIX = "PSETTINGS#";

    static Map<String, AttributeValue> projectSettings(String userId, String projectId) {
        return Map.of(PK, Attrs.s(userPk(userId)), SK, Attrs.s(PROJECT_SETTINGS_PREFIX + projectId));
    }

    static Map<String, AttributeValue> globalSettings(String connectionId) {
        return Map.of(PK, Attrs.s(connectionPk(connectionId)), SK, Attrs.s("SETTINGS"));
    }

    static String fileMappingPrefix(String projectId) {
        return "MAP#" + projectId + "#";
    }

    static Map<String, AttributeValue> fileMapping(String connectionId, String projectId, String path) {
        return Map.of(PK, Attrs.s(connectionPk(connectionId)), SK, Attrs.s(fileMappingPrefix(projectId) + path));
    }

    static String driveFilePrefix(String driveFileId) {
        return "DFILE#" + driveFileId + "#";
    }

    /** Which path of a project maps a Drive file (kept in step with the mapping in one transaction). */
    static Map<String, AttributeValue> driveFile(String connectionId, String driveFileId, String projectId) {
        return Map.of(PK, Attrs.s(connectionPk(connectionId)), SK, Attrs.s(driveFilePrefix(driveFileId) + projectId));
    }

    static String pendingImportPrefix(String projectId) {
        return "IMPORT#" + projectId + "#";
    }

    static Map<String, AttributeValue> pendingImport(String connectionId, String projectId, String fileId) {
        return Map.of(PK, AttributeValue.fromS(connectionPk(connectionId)),
                SK, AttributeValue.fromS(pendingImportPrefix(projectId) + fileId));
    }

    static String conflictPrefix(String projectId) {
        return "CONFLICT#" + projectId + "#";
    }

    static Map<String, AttributeValue> conflict(String connectionId, String projectId, String conflictId) {
        return Map.of(PK, Attrs.s(connectionPk(connectionId)), SK, Attrs.s(conflictPrefix(projectId) + conflictId));
    }

    static Map<String, AttributeValue> syncStatus(String connectionId, String projectId) {
        return Map.of(PK, Attrs.s(connectionPk(connectionId)), SK, Attrs.s("SYNC#" + projectId));
    }

    /** A user's activity in one project ("" for records outside a project). */
    static String activityPk(String userId, String projectKey) {
        return "ACT#" + userId + "#" + projectKey;
    }

    /** gsi1: all of a user's activity. */
    static String activityUserPk(String userId) {
        return "ACT#" + userId;
    }

    static String activitySk(long atMillis, String id) {
        return String.format("%013d#%s", atMillis, id);
    }

    /** gsi2: revoked connections whose data was not purged yet, by the time they were revoked. */
    static final String REVOKED_PK = "REVOKED";

    static String revokedSk(Instant revokedAt, String connectionId) {
        return tokenExpirySk(revokedAt, connectionId);
    }

    static final String USER_UPLOAD_PREFIX = "UPLOAD#";

    /** In the user's partition: one of their upload jobs (so that erasing the user finds it). */
    static Map<String, AttributeValue> userUpload(String userId, String uploadId) {
        return Map.of(PK, Attrs.s(userPk(userId)), SK, Attrs.s(USER_UPLOAD_PREFIX + uploadId));
    }
}
