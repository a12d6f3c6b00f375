package dev.drivelink.emulator;

/**
 * A fault to inject into the next {@code count} requests of a route.
 *
 * @param route          a route key as in request counts ("PUT /upload/drive/v3/files", "POST /token"), a prefix
 *                       ending in "*" ("* /drive/v3/*" is not supported; use "GET /drive/v3/*"), or "*" for all
 * @param account        only requests whose bearer token belongs to this account (null: any request)
 * @param count          how many matching requests it affects
 * @param status         HTTP status to answer (0: answer normally, after the delay or drop)
 * @param reason         Google reason ("rateLimitExceeded", "userRateLimitExceeded", "backendError", ...) or, on
 *                       the token endpoint, the OAuth error ("invalid_grant", ...)
 * @param message        error message (null: a default for the status)
 * @param delayMillis    wait this long before answering
 * @param dropAfterBytes read this many request body bytes (a resumable chunk keeps them), then drop the connection
 * @param html           answer an HTML body instead of JSON (Google does this for some 429s)
 */
public record Fault(String route, String account, int count, int status, String reason, String message,
                    long delayMillis, Long dropAfterBytes, boolean html) {

    public static Fault error(String route, int count, int status, String reason) {
        return new Fault(route, null, count, status, reason, null, 0, null, false);
    }

    public static Fault delay(String route, int count, long delayMillis) {
        return new Fault(route, null, count, 0, null, null, delayMillis, null, false);
    }

    public static Fault dropAfter(String route, int count, long bytes) {
        return new Fault(route, null, count, 0, null, null, 0, bytes, false);
    }

    public static Fault html429(String route, int count) {
        return new Fault(route, null, count, 429, "rateLimitExceeded", null, 0, null, true);
    }

    public Fault forAccount(String email) {
        return new Fault(route, email, count, status, reason, message, delayMillis, dropAfterBytes, html);
    }

    boolean matches(String routeKey) {
        if (route == null || route.equals("*")) {
            return true;
        }
        if (route.endsWith("*")) {
            return routeKey.startsWith(route.substring(0, route.length() - 1));
        }
        return route.equals(routeKey);
    }
}
