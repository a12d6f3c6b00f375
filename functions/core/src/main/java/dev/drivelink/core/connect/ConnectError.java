package dev.drivelink.core.connect;

/**
 * Why a consent did not end in a connection. {@link #code()} is what the frontend receives in the
 * {@code error} query parameter of the final redirect; it is stable and documented in the README.
 */
public enum ConnectError {
    /** The state is unknown: never issued, tampered with, or already used. */
    INVALID_STATE("invalid_state"),
    /**
     * The consent was started in another browser (the consent cookie set with the auth URL is missing
     * or different): someone may have sent the user their own Google link.
     */
    BROWSER_MISMATCH("browser_mismatch"),
    /** The state was issued but the user took longer than its lifetime. */
    EXPIRED_STATE("expired_state"),
    /** The user pressed Deny on Google's consent page. */
    ACCESS_DENIED("access_denied"),
    /** Google sent another error back instead of a code. */
    AUTHORIZATION_FAILED("authorization_failed"),
    /** Google came back with neither a code nor an error. */
    MISSING_CODE("missing_code"),
    /** Google refused the code (expired, reused, wrong PKCE verifier). */
    CODE_REJECTED("code_rejected"),
    /** The user unticked the Drive permission on the consent page. */
    SCOPE_NOT_GRANTED("scope_not_granted"),
    /**
     * Google granted more than was asked for (with include_granted_scopes=false it should not): the
     * grant is not stored, so the connection never holds powers nobody configured.
     */
    UNEXPECTED_SCOPES("unexpected_scopes"),
    /** No refresh token came back, so the connection could not outlive the hour. */
    NO_REFRESH_TOKEN("no_refresh_token"),
    /** The folder the user asked for does not exist or this app may not see it. */
    FOLDER_NOT_FOUND("folder_not_found"),
    /** The folder the user asked for is a file. */
    FOLDER_NOT_A_FOLDER("folder_not_a_folder"),
    /** The folder the user asked for is in the trash. */
    FOLDER_TRASHED("folder_trashed"),
    /** Google did not answer properly; trying again later may work. */
    GOOGLE_UNAVAILABLE("google_unavailable"),
    /** Something failed on our side. */
    SERVER_ERROR("server_error");

    private final String code;

    ConnectError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
