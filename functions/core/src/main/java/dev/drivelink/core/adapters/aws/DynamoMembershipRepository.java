package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.sync.project.MembershipRepository;
import dev.drivelink.core.sync.project.ProjectMembership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Memberships in the user's partition ({@code USER#u / MEMBER#p}); a project's members on gsi1. */
public final class DynamoMembershipRepository implements MembershipRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMembershipRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<ProjectMembership> find(String projectId, String userId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.membership(userId, projectId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean grantIfAbsent(ProjectMembership m) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.membership(m.userId(), m.projectId()));
        item.put(Keys.TYPE, s("membership"));
        item.put("projectId", s(m.projectId()));
        item.put("userId", s(m.userId()));
        item.put("grantedAt", s(m.grantedAt().toString()));
        item.put(Keys.GSI1_PK, s(Keys.projectMembersPk(m.projectId())));
        item.put(Keys.GSI1_SK, s(Keys.MEMBER_PREFIX + m.userId()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean revoke(String projectId, String userId) {
        var old = dynamo.deleteItem(r -> r.tableName(table).key(Keys.membership(userId, projectId))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public List<ProjectMembership> projectsOf(String userId) {
        List<ProjectMembership> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.userPk(userId)), ":prefix", s(Keys.MEMBER_PREFIX)))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(fromItem(item)));
        return result;
    }

    @Override
    public List<ProjectMembership> membersOf(String projectId) {
        List<ProjectMembership> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.projectMembersPk(projectId))))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(fromItem(item)));
        return result;
    }

    private static ProjectMembership fromItem(Map<String, AttributeValue> item) {
        return new ProjectMembership(str(item, "projectId"), str(item, "userId"), Attrs.instant(item, "grantedAt"));
    }
}
