package dev.drivelink.core.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values for the OAuth flow: state, nonce and the PKCE pair (RFC 7636). */
final class Secrets {

    private Secrets() {
    }

    /** A new generator each time: nothing seeded at init can be shared by environments restored from one snapshot. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** S256: BASE64URL(SHA256(ASCII(verifier))). */
    static String codeChallenge(String verifier) {
        return sha256(verifier);
    }

    /** BASE64URL(SHA256(UTF-8(value))): what is stored of a secret the browser holds. */
    static String sha256(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code presented} hashes to {@code expectedHash}, in time that does not depend on where they differ. */
    static boolean matches(String presented, String expectedHash) {
        if (presented == null || expectedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
