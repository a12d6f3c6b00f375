package dev.drivelink.emulator;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** OAuth scopes the emulator knows, their canonical names and the words the consent page uses. */
final class Scopes {
    static final String PREFIX = "https://www.googleapis.com/auth/";
    static final String DRIVE = PREFIX + "drive";
    static final String DRIVE_FILE = PREFIX + "drive.file";
    static final String DRIVE_READONLY = PREFIX + "drive.readonly";
    static final String DRIVE_METADATA = PREFIX + "drive.metadata";
    static final String DRIVE_METADATA_READONLY = PREFIX + "drive.metadata.readonly";
    static final String DRIVE_APPDATA = PREFIX + "drive.appdata";
    static final String EMAIL = PREFIX + "userinfo.email";
    static final String PROFILE = PREFIX + "userinfo.profile";
    static final String OPENID = "openid";

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(DRIVE, "See, edit, create, and delete all of your Google Drive files"),
            Map.entry(DRIVE_FILE, "See, edit, create, and delete only the specific Google Drive files you use with this app"),
            Map.entry(DRIVE_READONLY, "See and download all your Google Drive files"),
            Map.entry(DRIVE_METADATA, "View and manage metadata of files in your Google Drive"),
            Map.entry(DRIVE_METADATA_READONLY, "See information about your Google Drive files"),
            Map.entry(DRIVE_APPDATA, "See, create, and delete its own configuration data in your Google Drive"),
            Map.entry(EMAIL, "See your primary Google Account email address"),
            Map.entry(PROFILE, "See your personal info, including any personal info you've made publicly available"),
            Map.entry(OPENID, "Associate you with your personal info on Google"));

    private Scopes() {
    }

    /** Canonical scope set of a space-separated scope parameter ("email" -> userinfo.email, ...). */
    static Set<String> parse(String scopeParam) {
        Set<String> out = new LinkedHashSet<>();
        if (scopeParam == null) {
            return out;
        }
        for (String s : scopeParam.trim().split("[\\s+]+")) {
            if (s.isEmpty()) {
                continue;
            }
            out.add(switch (s) {
                case "email" -> EMAIL;
                case "profile" -> PROFILE;
                default -> s;
            });
        }
        return out;
    }

    static boolean known(String scope) {
        return scope.equals(OPENID) || scope.startsWith(PREFIX) || scope.startsWith("https://www.googleapis.com/");
    }

    static String describe(String scope) {
        return DESCRIPTIONS.getOrDefault(scope, scope);
    }

    static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }

    /** What a token may do in Drive. */
    enum DriveAccess {
        NONE, FILE, READONLY, FULL;

        boolean canWrite() {
            return this == FILE || this == FULL;
        }
    }

    static DriveAccess driveAccess(Set<String> scopes) {
        if (scopes.contains(DRIVE)) {
            return DriveAccess.FULL;
        }
        if (scopes.contains(DRIVE_READONLY) || scopes.contains(DRIVE_METADATA_READONLY) || scopes.contains(DRIVE_METADATA)) {
            return scopes.contains(DRIVE_FILE) ? DriveAccess.FULL : DriveAccess.READONLY;
        }
        if (scopes.contains(DRIVE_FILE)) {
            return DriveAccess.FILE;
        }
        return DriveAccess.NONE;
    }
}
