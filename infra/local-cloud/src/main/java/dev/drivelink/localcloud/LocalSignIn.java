package dev.drivelink.localcloud;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The local identity provider standing in for the host app's (Cognito, Auth0...): it owns an RSA key
 * pair, issues RS256 JWTs for a chosen test user ({@code iss} = {@code <gateway>/local}, {@code aud} =
 * {@value #AUDIENCE}, {@code sub} = the user, one hour) and publishes its public key as a JWKS.
 */
public final class LocalSignIn {

    public static final String AUDIENCE = "drivelink-local";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final String issuer;
    private final KeyPair keys;
    private final String keyId;
    private final Clock clock;

    public LocalSignIn(String issuer) {
        this(issuer, Clock.systemUTC());
    }

    LocalSignIn(String issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.keyId = "local-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return AUDIENCE;
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** A JWT for {@code user}, valid for one hour. */
    public String issue(String user) {
        return issue(user, Map.of());
    }

    /** A JWT for {@code user} with extra claims (e.g. {@code scope}, {@code email}) that may override the standard ones. */
    public String issue(String user, Map<String, Object> extraClaims) {
        if (user == null || !USER_ID.matcher(user).matches()) {
            throw new IllegalArgumentException("a user id is 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", user);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + TOKEN_LIFETIME.toSeconds());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("token_use", "access");
        claims.putAll(extraClaims);
        return Jwt.sign(claims, keyId, keys.getPrivate());
    }

    /** Signs arbitrary claims with this key (tests use it to forge expired or misaddressed tokens). */
    public String sign(Map<String, Object> claims) {
        return Jwt.sign(claims, keyId, keys.getPrivate());
    }

    /** The public key as a JSON Web Key Set. */
    public Map<String, Object> jwks() {
        RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("use", "sig");
        key.put("alg", "RS256");
        key.put("kid", keyId);
        key.put("n", Jwt.base64Url(unsigned(rsa.getModulus())));
        key.put("e", Jwt.base64Url(unsigned(rsa.getPublicExponent())));
        return Map.of("keys", List.of(key));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
