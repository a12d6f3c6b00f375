package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/** OpenID Connect ID tokens (RS256), with the public key published as a JWK set. */
final class IdTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final EmulatorState state;
    private final String issuer;

    IdTokens(EmulatorState state, String issuer) {
        this.state = state;
        this.issuer = issuer;
    }

    String issue(String clientId, Account account, Set<String> scopes, String nonce, String accessToken) {
        Instant now = state.now();
        KeyPair keyPair = state.signingKey();
        ObjectNode header = Json.object().put("alg", "RS256").put("kid", state.signingKeyId()).put("typ", "JWT");
        ObjectNode claims = Json.object();
        claims.put("iss", issuer);
        claims.put("azp", clientId);
        claims.put("aud", clientId);
        claims.put("sub", account.permissionId());
        if (scopes.contains(Scopes.EMAIL)) {
            claims.put("email", account.email());
            claims.put("email_verified", true);
        }
        byte[] hash = Ids.digest("SHA-256", accessToken.getBytes(StandardCharsets.US_ASCII));
        claims.put("at_hash", B64.encodeToString(Arrays.copyOf(hash, 16)));
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        if (scopes.contains(Scopes.PROFILE)) {
            claims.put("name", account.displayName());
            String[] parts = account.displayName().split(" ", 2);
            claims.put("given_name", parts[0]);
            if (parts.length > 1) {
                claims.put("family_name", parts[1]);
            }
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        String signingInput = B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode jwks() {
        RSAPublicKey key = (RSAPublicKey) state.signingKey().getPublic();
        ObjectNode root = Json.object();
        ArrayNode keys = root.putArray("keys");
        ObjectNode jwk = keys.addObject();
        jwk.put("kty", "RSA");
        jwk.put("alg", "RS256");
        jwk.put("use", "sig");
        jwk.put("kid", state.signingKeyId());
        jwk.put("n", B64.encodeToString(unsigned(key.getModulus().toByteArray())));
        jwk.put("e", B64.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
        return root;
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
