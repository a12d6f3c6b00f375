package dev.drivelink.localcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/** Compact JWS with RS256 (RSASSA-PKCS1-v1_5 with SHA-256), written with java.security. */
public final class Jwt {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** A token split into its parts; nothing is verified yet. */
    public record Decoded(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {
    }

    /** Why a token was refused. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    private Jwt() {
    }

    public static String sign(Map<String, Object> claims, String keyId, PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String input = ENCODER.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + ENCODER.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a JWT", e);
        }
    }

    public static Decoded decode(String token) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidTokenException("the token is not a compact JWS");
        }
        try {
            Map<String, Object> header = Json.MAPPER.readValue(DECODER.decode(parts[0]), OBJECT);
            Map<String, Object> claims = Json.MAPPER.readValue(DECODER.decode(parts[1]), OBJECT);
            return new Decoded(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                    DECODER.decode(parts[2]));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException("the token cannot be decoded");
        }
    }

    public static boolean verifyRs256(Decoded token, PublicKey key) {
        if (!"RS256".equals(token.header().get("alg"))) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(token.signingInput());
            return verifier.verify(token.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String base64Url(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }
}
