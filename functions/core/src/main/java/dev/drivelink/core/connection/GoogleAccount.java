package dev.drivelink.core.connection;

/**
 * The Google account behind a connection, from Drive's about.get. {@code permissionId} is stable for
 * the account and is what identifies it; the email can change.
 */
public record GoogleAccount(String permissionId, String email, String displayName) {
}
