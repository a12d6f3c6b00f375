package dev.drivelink.core.sync.conflict;

import java.time.Instant;

/** One side's version of a conflicting file: name, size, MD5 (hex), modified time, who modified it. */
public record ConflictSide(String name, Long size, String md5, Instant modifiedTime, String modifiedBy) {
}
