package dev.drivelink.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.drivelink.core.wiring.SyncControlFeature;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host app's backend on a service route. API Gateway already refused tokens without the admin
 * scope (the route's AuthorizationScopes); this checks it again from the verified claims, so a route
 * declared without the scope still never serves a user token.
 */
@RequestScoped
public class AdminCaller {

    @Inject
    APIGatewayV2HTTPEvent event;

    @Inject
    SyncControlFeature sync;

    void require() {
        String scope = sync.adminScope();
        if (!scopes().contains(scope)) {
            throw new Problem(403, "forbidden", "this route is for the host app's backend: its token needs the scope "
                    + scope);
        }
    }

    private List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        var context = event == null ? null : event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        if (jwt == null) {
            return scopes;
        }
        if (jwt.getScopes() != null) {
            scopes.addAll(jwt.getScopes());
        }
        Map<String, String> claims = jwt.getClaims();
        if (claims != null) {
            for (String claim : new String[] {"scope", "scp"}) {
                String value = claims.get(claim);
                if (value != null) {
                    for (String s : value.replace("[", " ").replace("]", " ").replace(",", " ").trim().split("\\s+")) {
                        if (!s.isEmpty()) {
                            scopes.add(s);
                        }
                    }
                }
            }
        }
        return scopes;
    }
}
