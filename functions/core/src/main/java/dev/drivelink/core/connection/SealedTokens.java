package dev.drivelink.core.connection;

import java.util.Arrays;
import java.util.Base64;

/** Tokens encrypted by the key service; opening them needs the same user and connection. */
public record SealedTokens(byte[] ciphertext) {

    public SealedTokens {
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedTokens other && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedTokens[" + ciphertext.length + " bytes, sha=" + Integer.toHexString(hashCode()) + "]";
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(ciphertext);
    }
}
