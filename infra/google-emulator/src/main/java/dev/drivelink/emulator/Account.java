package dev.drivelink.emulator;

/**
 * A seeded Google account of the emulator.
 *
 * @param email        the account's email address (the login)
 * @param displayName  the name Drive shows
 * @param permissionId the stable permission id Drive reports in about.user
 * @param rootFolderId the id of the account's My Drive root folder
 */
public record Account(String email, String displayName, String permissionId, String rootFolderId) {

    static Account seeded(String email, String displayName) {
        return new Account(email, displayName,
                Ids.stableDigits("permission:" + email, 20),
                Ids.stable("root:" + email, "0A", 19));
    }
}
