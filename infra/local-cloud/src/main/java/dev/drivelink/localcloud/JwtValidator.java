package dev.drivelink.localcloud;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What API Gateway's JWT authorizer checks, in its order: the token from the identity source (with
 * or without {@code Bearer }), RS256 signature by a known {@code kid}, {@code iss}, {@code aud} (or
 * {@code client_id} when there is no aud), {@code exp}, {@code nbf}, {@code iat}, and, when the route
 * asks for scopes, one of them in {@code scope}/{@code scp}.
 */
final class JwtValidator {

    /** The token is fine but lacks every scope the route asks for: 403, not 401. */
    static final class ForbiddenException extends Exception {
        ForbiddenException(String message) {
            super(message);
        }
    }

    private final Function<String, PublicKey> keys;
    private final Clock clock;

    JwtValidator(Function<String, PublicKey> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The token's claims when it passes, else an exception naming the first failed check. */
    Map<String, Object> validate(String identity, String issuer, List<String> audiences, List<String> routeScopes)
            throws Jwt.InvalidTokenException, ForbiddenException {
        if (identity == null || identity.isBlank()) {
            throw new Jwt.InvalidTokenException("no token in the identity source");
        }
        String token = identity.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        Jwt.Decoded decoded = Jwt.decode(token);
        Object kid = decoded.header().get("kid");
        PublicKey key = kid == null ? null : keys.apply(String.valueOf(kid));
        if (key == null) {
            throw new Jwt.InvalidTokenException("the token's kid is not a key of the issuer");
        }
        if (!Jwt.verifyRs256(decoded, key)) {
            throw new Jwt.InvalidTokenException("the token's signature is not valid");
        }
        Map<String, Object> claims = decoded.claims();
        if (!issuer.equals(claims.get("iss"))) {
            throw new Jwt.InvalidTokenException("the token does not have a valid issuer");
        }
        List<String> tokenAudiences = strings(claims.containsKey("aud") ? claims.get("aud") : claims.get("client_id"));
        if (tokenAudiences.stream().noneMatch(audiences::contains)) {
            throw new Jwt.InvalidTokenException("the token does not have a valid audience");
        }
        long now = clock.instant().getEpochSecond();
        Long exp = number(claims.get("exp"));
        if (exp == null || exp <= now) {
            throw new Jwt.InvalidTokenException("the token has expired");
        }
        Long nbf = number(claims.get("nbf"));
        if (nbf != null && nbf > now) {
            throw new Jwt.InvalidTokenException("the token is not valid yet");
        }
        Long iat = number(claims.get("iat"));
        if (iat != null && iat > now + 60) {
            throw new Jwt.InvalidTokenException("the token was issued in the future");
        }
        if (!routeScopes.isEmpty() && scopes(claims).stream().noneMatch(routeScopes::contains)) {
            throw new ForbiddenException("the token has none of the scopes " + routeScopes);
        }
        return claims;
    }

    /** The token's scopes, from {@code scope} (space-separated) or {@code scp}. */
    static List<String> scopes(Map<String, Object> claims) {
        Object scope = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
        if (scope instanceof String text) {
            List<String> scopes = new ArrayList<>();
            for (String s : text.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
            return scopes;
        }
        return strings(scope);
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> result.add(String.valueOf(item)));
        } else if (value != null) {
            result.add(String.valueOf(value));
        }
        return result;
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
