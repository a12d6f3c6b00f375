package dev.drivelink.core.changes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The per-channel token Google echoes in X-Goog-Channel-Token: random, given to Google once, stored
 * only as its SHA-256, and checked by comparing hashes in constant time.
 */
public final class ChannelSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ChannelSecrets() {
    }

    /** 32 random bytes, URL-safe (Google allows up to 256 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Whether {@code presented} is the token behind {@code storedHash}, in time independent of where they differ. */
    public static boolean matches(String presented, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash == null ? "" : storedHash);
        } catch (IllegalArgumentException e) {
            expected = new byte[0];
        }
        return MessageDigest.isEqual(sha256(presented == null ? "" : presented), expected);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
