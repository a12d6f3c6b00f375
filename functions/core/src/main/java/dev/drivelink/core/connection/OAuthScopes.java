package dev.drivelink.core.connection;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Scope names as Google reports them. A consent may ask for "email" or "profile"; the token answer
 * names them https://www.googleapis.com/auth/userinfo.email and .../userinfo.profile. Comparing asked
 * and granted scopes compares canonical names.
 */
public final class OAuthScopes {

    private static final String PREFIX = "https://www.googleapis.com/auth/";

    private OAuthScopes() {
    }

    public static String canonical(String scope) {
        return switch (scope) {
            case "email" -> PREFIX + "userinfo.email";
            case "profile" -> PREFIX + "userinfo.profile";
            default -> scope;
        };
    }

    public static Set<String> canonical(Collection<String> scopes) {
        Set<String> result = new LinkedHashSet<>();
        scopes.forEach(s -> result.add(canonical(s)));
        return result;
    }

    /** What {@code granted} holds beyond {@code asked} (canonical names). */
    public static Set<String> beyond(Collection<String> granted, Collection<String> asked) {
        Set<String> extra = canonical(granted);
        extra.removeAll(canonical(asked));
        return extra;
    }
}
