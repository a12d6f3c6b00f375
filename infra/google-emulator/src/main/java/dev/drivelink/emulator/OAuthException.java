package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An RFC 6749 error of the token or revoke endpoint: {"error": "...", "error_description": "..."}. */
final class OAuthException extends RuntimeException {
    final int status;
    final String error;

    OAuthException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    static OAuthException invalidGrant(String description) {
        return new OAuthException(400, "invalid_grant", description);
    }

    static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description);
    }

    static OAuthException invalidClient(String description) {
        return new OAuthException(401, "invalid_client", description);
    }

    Response toResponse() {
        ObjectNode body = Json.object();
        body.put("error", error);
        if (getMessage() != null) {
            body.put("error_description", getMessage());
        }
        Response response = Response.json(status, body);
        response.header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        if (status == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"token\"");
        }
        return response;
    }
}
