package dev.drivelink.api;

import dev.drivelink.core.connect.OAuthFlowService.AuthUrlRequest;
import dev.drivelink.core.connect.OAuthFlowService.CallbackRequest;
import dev.drivelink.core.wiring.ConnectionsFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;

/** GET /drive/auth-url (signed-in user) and GET /drive/callback (public: Google sends the browser here). */
@Path("/drive")
public class OAuthResource {

    public record AuthUrlResponse(String url, Instant expiresAt) {
    }

    @Inject
    ConnectionsFeature connections;

    @Inject
    CurrentUser user;

    @Inject
    ConsentCookie consentCookie;

    @GET
    @Path("/auth-url")
    @Produces(MediaType.APPLICATION_JSON)
    public Response authUrl(@QueryParam("redirectAfter") String redirectAfter, @QueryParam("folder") String folder) {
        var url = connections.consentStart().authUrl(new AuthUrlRequest(user.id(), redirectAfter, folder, user.requestDomain()));
        return Response.ok(new AuthUrlResponse(url.url(), url.expiresAt()))
                .cookie(ConsentCookie.issue(url.browserKey(), Instant.now(), url.expiresAt()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("/callback")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error, @CookieParam(ConsentCookie.NAME) String cookie) {
        var outcome = connections.oauthFlow().callback(new CallbackRequest(state, code, error,
                consentCookie.presented(cookie).orElse(null)));
        return Response.status(Response.Status.FOUND)
                .location(URI.create(outcome.location()))
                .cookie(ConsentCookie.clear())
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
