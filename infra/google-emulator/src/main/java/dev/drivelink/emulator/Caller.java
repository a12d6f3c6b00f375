package dev.drivelink.emulator;

import java.util.Set;

/** The authenticated caller of a Drive request: account, OAuth client and what the token's scopes allow. */
record Caller(String email, String clientId, Set<String> scopes, Scopes.DriveAccess access, String accessToken) {

    boolean fileScopeOnly() {
        return access == Scopes.DriveAccess.FILE;
    }
}
