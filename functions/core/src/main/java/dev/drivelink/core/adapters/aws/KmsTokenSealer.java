package dev.drivelink.core.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.connection.SealedTokens;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.core.token.TokenSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Seals tokens with AWS KMS Encrypt (tokens are far below the 4 KiB limit, so no data key is needed).
 * The encryption context names the purpose, the user and the connection; KMS refuses to decrypt
 * with any other context, and CloudTrail records the context with every use.
 */
public final class KmsTokenSealer implements TokenSealer {

    static final String PURPOSE = "drivelink/oauth-tokens";

    private final KmsClient kms;
    private final String keyId;
    private final ObjectMapper json = new ObjectMapper();

    public KmsTokenSealer(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    static Map<String, String> context(String userId, String connectionId) {
        return Map.of("purpose", PURPOSE, "userId", userId, "connectionId", connectionId);
    }

    @Override
    public SealedTokens seal(OAuthTokens tokens, String userId, String connectionId) {
        byte[] plaintext = serialize(tokens);
        try {
            var response = kms.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                    .encryptionContext(context(userId, connectionId)));
            return new SealedTokens(response.ciphertextBlob().asByteArray());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public OAuthTokens open(SealedTokens sealed, String userId, String connectionId) {
        try {
            var response = kms.decrypt(r -> r.keyId(keyId)
                    .ciphertextBlob(SdkBytes.fromByteArray(sealed.ciphertext()))
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                    .encryptionContext(context(userId, connectionId)));
            return deserialize(response.plaintext().asByteArray());
        } catch (KmsException e) {
            throw new TokenSealException("tokens of connection " + connectionId + " cannot be opened: "
                    + e.awsErrorDetails().errorCode(), e);
        }
    }

    private byte[] serialize(OAuthTokens tokens) {
        ObjectNode node = json.createObjectNode();
        node.put("access", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            node.put("refresh", tokens.refreshToken());
        }
        if (tokens.accessTokenExpiresAt() != null) {
            node.put("expiresAt", tokens.accessTokenExpiresAt().getEpochSecond());
        }
        var scopes = node.putArray("scopes");
        tokens.scopes().forEach(scopes::add);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private OAuthTokens deserialize(byte[] plaintext) {
        try {
            JsonNode node = json.readTree(plaintext);
            List<String> scopes = new ArrayList<>();
            node.path("scopes").forEach(s -> scopes.add(s.asText()));
            Instant expiresAt = node.hasNonNull("expiresAt") ? Instant.ofEpochSecond(node.get("expiresAt").asLong()) : null;
            String refresh = node.hasNonNull("refresh") ? node.get("refresh").asText() : null;
            return new OAuthTokens(node.get("access").asText(), refresh, expiresAt, scopes);
        } catch (IOException e) {
            throw new TokenSealException("sealed tokens are not readable", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
