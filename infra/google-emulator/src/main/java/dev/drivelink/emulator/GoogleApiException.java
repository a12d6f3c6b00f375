package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error of a Google API (Drive), rendered in Google's JSON error shape. */
final class GoogleApiException extends RuntimeException {
    final int code;
    final String reason;
    final String location;
    final String locationType;
    final Map<String, String> headers = new LinkedHashMap<>();
    final String domain;

    GoogleApiException(int code, String reason, String message, String location, String locationType) {
        this(code, "global", reason, message, location, locationType);
    }

    GoogleApiException(int code, String domain, String reason, String message, String location, String locationType) {
        super(message);
        this.code = code;
        this.domain = domain;
        this.reason = reason;
        this.location = location;
        this.locationType = locationType;
    }

    GoogleApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static GoogleApiException notFound(String fileId) {
        return new GoogleApiException(404, "notFound", "File not found: " + fileId + ".", "fileId", "parameter");
    }

    static GoogleApiException badRequest(String message) {
        return new GoogleApiException(400, "badRequest", message, null, null);
    }

    static GoogleApiException invalidParameter(String parameter, String message) {
        return new GoogleApiException(400, "invalidParameter", message, parameter, "parameter");
    }

    static GoogleApiException required(String parameter) {
        return new GoogleApiException(400, "required", "The '" + parameter + "' parameter is required for this method.",
                parameter, "parameter");
    }

    static GoogleApiException authError() {
        return new GoogleApiException(401, "authError",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                        + "other valid authentication credential. See "
                        + "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "Authorization", "header")
                .withHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
    }

    static GoogleApiException insufficientPermissions() {
        return new GoogleApiException(403, "insufficientPermissions", "Request had insufficient authentication scopes.",
                null, null)
                .withHeader("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", "
                        + "error=\"insufficient_scope\", scope=\"https://www.googleapis.com/auth/drive\"");
    }

    static String status(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 412 -> "FAILED_PRECONDITION";
            case 416 -> "OUT_OF_RANGE";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    /** {"error":{"code","message","errors":[{message,domain,reason,location,locationType}],"status"}}. */
    static ObjectNode body(int code, String domain, String reason, String message, String location, String locationType) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ArrayNode errors = error.putArray("errors");
        ObjectNode item = errors.addObject();
        item.put("message", message);
        item.put("domain", domain);
        item.put("reason", reason);
        if (location != null) {
            item.put("location", location);
            item.put("locationType", locationType);
        }
        error.put("status", status(code));
        return root;
    }

    Response toResponse() {
        Response response = Response.json(code, body(code, domain, reason, getMessage(), location, locationType));
        headers.forEach(response::header);
        return response;
    }
}
