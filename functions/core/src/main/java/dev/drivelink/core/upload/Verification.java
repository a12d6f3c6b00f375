package dev.drivelink.core.upload;

import dev.drivelink.core.drive.DriveFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The end of every upload: Drive must hold exactly the bytes the source had (size and MD5). */
final class Verification {

    private Verification() {
    }

    static DriveFile verified(DriveFile file, long size, String md5) {
        if (file.size() == null || file.size() != size) {
            throw new Failed("Drive holds " + file.size() + " bytes, the source had " + size);
        }
        if (file.md5Checksum() != null && !file.md5Checksum().equalsIgnoreCase(md5)) {
            throw new Failed("Drive's md5 " + file.md5Checksum() + " differs from the source's " + md5);
        }
        return file;
    }

    static String md5(byte[] content, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(content, 0, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drive's copy differs from the source: a final failure. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }
}
