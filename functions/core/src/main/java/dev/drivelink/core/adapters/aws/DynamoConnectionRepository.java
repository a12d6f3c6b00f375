package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.b;
import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.connection.RootFolderState;
import dev.drivelink.core.connection.SealedTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Connections as one item each; the user's list is a Query on gsi1, the refresh sweep a range of gsi2. */
public final class DynamoConnectionRepository implements ConnectionRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConnectionRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<DriveConnection> find(String connectionId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.connection(connectionId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<DriveConnection> findByUser(String userId) {
        List<DriveConnection> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("gsi1pk = :pk and begins_with(gsi1sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.userConnectionsPk(userId)), ":prefix", s("CONN#")))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(fromItem(item)));
        return result;
    }

    @Override
    public void save(DriveConnection c, long expectedVersion) {
        Map<String, AttributeValue> item = toItem(c);
        try {
            if (expectedVersion == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("version = :expected")
                        .expressionAttributeValues(Map.of(":expected", n(expectedVersion))));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException(c.id());
        }
    }

    @Override
    public boolean tryLease(String connectionId, long expectedVersion, String owner, Instant now, Instant until) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.connection(connectionId))
                    .updateExpression("SET refreshLeaseUntil = :until, refreshLeaseOwner = :owner")
                    .conditionExpression("version = :version AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil <= :now)")
                    .expressionAttributeValues(Map.of(":until", n(until.getEpochSecond()), ":owner", s(owner),
                            ":version", n(expectedVersion), ":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void releaseLease(String connectionId, String owner) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.connection(connectionId))
                    .updateExpression("REMOVE refreshLeaseUntil, refreshLeaseOwner")
                    .conditionExpression("refreshLeaseOwner = :owner")
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException e) {
            // someone else's lease by now, or already saved: nothing to give back
        }
    }

    @Override
    public List<String> idsWithAccessTokenExpiringBefore(Instant before) {
        List<String> ids = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("gsi2pk = :pk and gsi2sk < :before")
                .expressionAttributeValues(Map.of(":pk", s(Keys.TOKEN_EXPIRY_PK),
                        ":before", s(Keys.tokenExpirySk(before, ""))))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> {
            String pk = str(item, Keys.PK);
            ids.add(pk.substring("CONN#".length()));
        });
        return ids;
    }

    static Map<String, AttributeValue> toItem(DriveConnection c) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.connection(c.id()));
        item.put(Keys.TYPE, s("connection"));
        item.put("id", s(c.id()));
        item.put("userId", s(c.userId()));
        item.put("googleAccountId", s(c.account().permissionId()));
        putIfPresent(item, "googleEmail", c.account().email());
        putIfPresent(item, "googleName", c.account().displayName());
        item.put("status", s(c.status().name()));
        if (c.rootFolder() != null) {
            item.put("rootFolderId", s(c.rootFolder().id()));
            putIfPresent(item, "rootFolderName", c.rootFolder().name());
            putIfPresent(item, "rootFolderLink", c.rootFolder().link());
            if (!c.rootFolder().usable()) {
                item.put("rootFolderState", s(c.rootFolder().state().name()));
            }
        }
        item.put("scopes", Attrs.strings(c.scopes()));
        c.sealedTokens().ifPresent(t -> item.put("sealedTokens", b(t.ciphertext())));
        if (c.accessTokenExpiresAt() != null) {
            item.put("accessTokenExpiresAt", n(c.accessTokenExpiresAt().getEpochSecond()));
        }
        putIfPresent(item, "lastError", c.lastError());
        if (c.refreshFailures() > 0) {
            item.put("refreshFailures", n(c.refreshFailures()));
        }
        if (c.failingSince() != null) {
            item.put("failingSince", n(c.failingSince().getEpochSecond()));
        }
        if (c.nextRefreshAt() != null) {
            item.put("nextRefreshAt", n(c.nextRefreshAt().getEpochSecond()));
        }
        item.put("createdAt", s(c.createdAt().toString()));
        item.put("updatedAt", s(c.updatedAt().toString()));
        item.put("version", n(c.version()));
        item.put(Keys.GSI1_PK, s(Keys.userConnectionsPk(c.userId())));
        item.put(Keys.GSI1_SK, s(Keys.userConnectionsSk(c.createdAt(), c.id())));
        if (c.tokens() != null && c.accessTokenExpiresAt() != null && c.status() != ConnectionStatus.REVOKED) {
            // ordered by when the sweep is due: the expiry, or later while failed refreshes back off
            item.put(Keys.GSI2_PK, s(Keys.TOKEN_EXPIRY_PK));
            item.put(Keys.GSI2_SK, s(Keys.tokenExpirySk(c.refreshDueAt(), c.id())));
        } else if (c.status() == ConnectionStatus.REVOKED) { // the retention sweep finds it (DATA.md)
            item.put(Keys.GSI2_PK, s(Keys.REVOKED_PK));
            item.put(Keys.GSI2_SK, s(Keys.revokedSk(c.updatedAt(), c.id())));
        }
        return item;
    }

    static DriveConnection fromItem(Map<String, AttributeValue> item) {
        String folderId = str(item, "rootFolderId");
        byte[] sealed = Attrs.bytes(item, "sealedTokens");
        return new DriveConnection(
                str(item, "id"),
                str(item, "userId"),
                new GoogleAccount(str(item, "googleAccountId"), str(item, "googleEmail"), str(item, "googleName")),
                ConnectionStatus.valueOf(str(item, "status")),
                folderId == null ? null : new FolderRef(folderId, str(item, "rootFolderName"), str(item, "rootFolderLink"),
                        str(item, "rootFolderState") == null ? RootFolderState.OK
                                : RootFolderState.valueOf(str(item, "rootFolderState"))),
                Attrs.list(item, "scopes"),
                sealed == null ? null : new SealedTokens(sealed),
                Attrs.epochSeconds(item, "accessTokenExpiresAt"),
                str(item, "lastError"),
                Attrs.instant(item, "createdAt"),
                Attrs.instant(item, "updatedAt"),
                Attrs.num(item, "version", 0),
                Attrs.epochSeconds(item, "refreshLeaseUntil"),
                (int) Attrs.num(item, "refreshFailures", 0),
                Attrs.epochSeconds(item, "failingSince"),
                Attrs.epochSeconds(item, "nextRefreshAt"));
    }
}
