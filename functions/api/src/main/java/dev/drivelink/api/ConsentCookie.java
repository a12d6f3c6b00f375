package dev.drivelink.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cookie that binds a consent to the browser that started it. GET /drive/auth-url sets it (the
 * frontend calls that route with {@code fetch(..., {credentials: "include"})}); only GET /drive/callback
 * receives it back (Path=/drive/callback, on the API's domain), and clears it. HttpOnly (no script
 * reads it), Secure, SameSite=Lax (sent on the top-level navigation back from Google, not on
 * cross-site subrequests).
 */
@RequestScoped
public class ConsentCookie {

    static final String NAME = "drivelink_consent";
    static final String PATH = "/drive/callback";

    @Inject
    APIGatewayV2HTTPEvent event;

    /** Set-Cookie for a consent that ends at {@code expiresAt}. */
    static NewCookie issue(String browserKey, Instant now, Instant expiresAt) {
        int maxAge = (int) Math.max(1, Duration.between(now, expiresAt).getSeconds());
        return base(browserKey).maxAge(maxAge).build();
    }

    /** Set-Cookie that removes it: a consent is finished (or refused) once. */
    static NewCookie clear() {
        return base("").maxAge(0).build();
    }

    private static NewCookie.Builder base(String value) {
        return new NewCookie.Builder(NAME).value(value).path(PATH).secure(true).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX);
    }

    /**
     * The value the browser sent back, if it sent one: API Gateway passes cookies apart from the headers;
     * {@code fromHeader} is the Cookie header's value, for a request that came as plain HTTP.
     */
    Optional<String> presented(String fromHeader) {
        List<String> cookies = event == null ? null : event.getCookies();
        if (cookies != null) {
            for (String cookie : cookies) {
                int eq = cookie.indexOf('=');
                if (eq > 0 && cookie.substring(0, eq).strip().equals(NAME)) {
                    return nonEmpty(cookie.substring(eq + 1).strip());
                }
            }
        }
        return nonEmpty(fromHeader);
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
