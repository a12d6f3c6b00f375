package dev.drivelink.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and tokens shaped like Google's. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] URL_SAFE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final char[] ALNUM =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {
    }

    static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** A Drive file id: 33 characters of [A-Za-z0-9_-] starting with "1", as Drive's are. */
    static String fileId() {
        return "1" + random(URL_SAFE, 32);
    }

    static boolean looksLikeFileId(String id) {
        return id != null && id.length() >= 10 && id.length() <= 100 && id.chars().allMatch(c ->
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    static String accessToken() {
        return "ya29.a0" + random(URL_SAFE, 150);
    }

    static String refreshToken() {
        return "1//0" + random(URL_SAFE, 98);
    }

    static String authorizationCode() {
        return "4/0" + random(URL_SAFE, 70);
    }

    static String opaque(int length) {
        return random(ALNUM, length);
    }

    static String revisionId() {
        return "0B" + random(URL_SAFE, 49);
    }

    static String md5Hex(byte[] content) {
        return HexFormat.of().formatHex(digest("MD5", content));
    }

    static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic id derived from a seed, so seeded accounts keep their ids across restarts. */
    static String stable(String seed, String prefix, int length) {
        byte[] hash = digest("SHA-256", seed.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(prefix);
        int i = 0;
        while (sb.length() < length) {
            sb.append(URL_SAFE[(hash[i % hash.length] & 0xff) % 62]);
            i++;
            if (i % hash.length == 0) {
                hash = digest("SHA-256", hash);
            }
        }
        return sb.toString();
    }

    static String stableDigits(String seed, int length) {
        byte[] hash = digest("SHA-256", seed.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < length; i++) {
            sb.append((hash[i % hash.length] & 0xff) % 10);
        }
        return sb.toString();
    }
}
