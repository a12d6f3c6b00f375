package dev.drivelink.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user: the {@code sub} claim that API Gateway's JWT authorizer verified and put in the
 * request context. Headers and bodies are never consulted.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    APIGatewayV2HTTPEvent event;

    public String id() {
        return sub().orElseThrow(() -> Problem.unauthorized("the request carries no verified user"));
    }

    private Optional<String> sub() {
        var context = event == null ? null : event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        return Optional.ofNullable(claims).map(c -> c.get("sub")).filter(s -> !s.isBlank());
    }

    /** The API's domain as the client called it, for defaults such as the OAuth redirect URI. */
    public String requestDomain() {
        var context = event == null ? null : event.getRequestContext();
        return context == null ? null : context.getDomainName();
    }
}
