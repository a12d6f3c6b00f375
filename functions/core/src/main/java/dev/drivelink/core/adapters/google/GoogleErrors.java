package dev.drivelink.core.adapters.google;

import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import dev.drivelink.core.drive.DriveException.Kind;
import dev.drivelink.core.drive.DriveException;
import java.io.IOException;
import java.util.Set;

/** Turns what the Google client libraries throw into a {@link DriveException}. One place for the mapping. */
final class GoogleErrors {

    private static final Set<String> RATE_LIMIT_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded");

    private GoogleErrors() {
    }

    /** A non-2xx answer read by hand; {@code headers} may carry Retry-After. */
    static DriveException classify(String operation, HttpResponseException e, com.google.api.client.http.HttpHeaders headers) {
        String reason = null;
        try {
            var error = com.google.api.client.json.gson.GsonFactory.getDefaultInstance()
                    .createJsonParser(e.getContent()).parseAndClose(com.google.api.client.googleapis.json.GoogleJsonErrorContainer.class);
            reason = firstReason(error.getError());
        } catch (Exception notJson) {
            // Google sometimes answers HTML (429); the status says enough then
        }
        return withRetryAfter(new DriveException(kindOf(e.getStatusCode(), reason), e.getStatusCode(), reason,
                operation + " failed: " + e.getStatusCode() + (reason == null ? "" : " " + reason), e), headers);
    }

    static DriveException withRetryAfter(DriveException e, com.google.api.client.http.HttpHeaders headers) {
        if (headers == null) {
            return e;
        }
        Object value = headers.get("retry-after");
        String text = value instanceof java.util.List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
                : value == null ? null : String.valueOf(value);
        if (text != null) {
            try {
                e.retryAfter(java.time.Duration.ofSeconds(Long.parseLong(text.trim())));
            } catch (NumberFormatException ignored) {
                // an HTTP date: rare from Google; backoff decides then
            }
        }
        return e;
    }

    static DriveException classify(String operation, IOException e) {
        if (e instanceof TokenResponseException tre) {
            String error = tre.getDetails() == null ? null : tre.getDetails().getError();
            Kind kind = "invalid_grant".equals(error) ? Kind.INVALID_GRANT : kindOf(tre.getStatusCode(), error);
            return new DriveException(kind, tre.getStatusCode(), error,
                    operation + " failed: " + tre.getStatusCode() + " " + (error == null ? "" : error), e);
        }
        if (e instanceof GoogleJsonResponseException gjre) {
            String reason = firstReason(gjre.getDetails());
            return withRetryAfter(new DriveException(kindOf(gjre.getStatusCode(), reason), gjre.getStatusCode(), reason,
                    operation + " failed: " + gjre.getStatusCode() + " " + (reason == null ? "" : reason), e),
                    gjre.getHeaders());
        }
        if (e instanceof HttpResponseException hre) {
            return withRetryAfter(new DriveException(kindOf(hre.getStatusCode(), null), hre.getStatusCode(), null,
                    operation + " failed: " + hre.getStatusCode(), e), hre.getHeaders());
        }
        return new DriveException(Kind.NETWORK, 0, null, operation + " failed: " + e.getClass().getSimpleName(), e);
    }

    private static String firstReason(GoogleJsonError details) {
        if (details == null || details.getErrors() == null || details.getErrors().isEmpty()) {
            return null;
        }
        return details.getErrors().get(0).getReason();
    }

    static Kind kindOf(int status, String reason) {
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status == 401) {
            return Kind.UNAUTHORIZED;
        }
        if (status == 429 || (status == 403 && RATE_LIMIT_REASONS.contains(reason))) {
            return Kind.RATE_LIMITED;
        }
        if (status == 403 && "storageQuotaExceeded".equals(reason)) {
            return Kind.QUOTA_EXCEEDED;
        }
        if (status == 403) {
            return Kind.FORBIDDEN;
        }
        if (status >= 500) {
            return Kind.BACKEND;
        }
        return Kind.REJECTED;
    }
}
