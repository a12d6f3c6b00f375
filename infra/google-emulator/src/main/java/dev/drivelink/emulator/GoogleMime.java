package dev.drivelink.emulator;

/** Google Workspace MIME types. */
final class GoogleMime {
    static final String FOLDER = "application/vnd.google-apps.folder";
    static final String PREFIX = "application/vnd.google-apps.";

    private GoogleMime() {
    }

    static boolean isGoogleType(String mimeType) {
        return mimeType != null && mimeType.startsWith(PREFIX);
    }
}
