package dev.drivelink.core.sync.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sync request ids derived from what asked for the sync, so that asking twice for the same thing
 * (a redelivered notification batch, a schedule that fires twice) gives the same id, and SQS FIFO's
 * deduplication (5 minutes, by id) drops the second message.
 */
final class RequestIds {

    private RequestIds() {
    }

    static String derived(String kind, Iterable<String> parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(kind.getBytes(StandardCharsets.UTF_8));
        for (String part : parts) {
            sha.update((byte) 0);
            sha.update(part.getBytes(StandardCharsets.UTF_8));
        }
        return "sr_" + kind + "_" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
