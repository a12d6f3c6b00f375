package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.epochSeconds;
import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.connect.ConsentState;
import dev.drivelink.core.connect.ConsentStateRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Consent states as items with a TTL; consuming one is a conditional delete, so it works once. */
public final class DynamoConsentStateRepository implements ConsentStateRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConsentStateRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void put(ConsentState state) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.consentState(state.state()));
        item.put(Keys.TYPE, s("consent"));
        item.put("userId", s(state.userId()));
        item.put("nonce", s(state.nonce()));
        item.put("codeVerifier", s(state.codeVerifier()));
        item.put("redirectUri", s(state.redirectUri()));
        putIfPresent(item, "redirectAfter", state.redirectAfter());
        putIfPresent(item, "requestedFolderId", state.requestedFolderId());
        putIfPresent(item, "browserKeyHash", state.browserKeyHash());
        item.put("createdAt", n(state.createdAt().getEpochSecond()));
        item.put("expiresAt", n(state.expiresAt().getEpochSecond()));
        item.put(Keys.TTL, n(state.expiresAt().getEpochSecond()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    }

    @Override
    public Optional<ConsentState> consume(String state) {
        try {
            var old = dynamo.deleteItem(r -> r.tableName(table)
                    .key(Keys.consentState(state))
                    .conditionExpression("attribute_exists(pk)")
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.of(new ConsentState(state, str(old, "userId"), str(old, "nonce"),
                    str(old, "codeVerifier"), str(old, "redirectUri"), str(old, "redirectAfter"),
                    str(old, "requestedFolderId"), str(old, "browserKeyHash"), epochSeconds(old, "createdAt"),
                    epochSeconds(old, "expiresAt")));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
