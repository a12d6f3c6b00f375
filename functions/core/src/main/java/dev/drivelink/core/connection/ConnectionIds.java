package dev.drivelink.core.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A connection is identified by (user, Google account). Deriving the id from that pair makes
 * "connect the same account again" land on the same item without a lookup table or a race.
 */
public final class ConnectionIds {

    private ConnectionIds() {
    }

    private static final Pattern FORMAT = Pattern.compile("dc_[0-9a-f]{32}");

    /** Ids we could have issued; anything else is answered 404 without a lookup. */
    public static boolean looksValid(String id) {
        return FORMAT.matcher(id).matches();
    }

    public static String of(String userId, String googleAccountId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update("drivelink-connection".getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(userId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(googleAccountId.getBytes(StandardCharsets.UTF_8));
            byte[] hash = digest.digest();
            return "dc_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
