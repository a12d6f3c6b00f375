package dev.drivelink.api;

import dev.drivelink.core.sync.settings.SettingsViews.GlobalSettingsView;
import dev.drivelink.core.wiring.SyncControlFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A connection's global sync settings (someone else's connection is a 404). */
@Path("/drive/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SyncSettingsResource {

    @Inject
    SyncControlFeature sync;

    @Inject
    CurrentUser user;

    @GET
    public GlobalSettingsView get(@QueryParam("connectionId") String connectionId) {
        return sync.settings().global(user.id(), required(connectionId));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    public GlobalSettingsView update(@QueryParam("connectionId") String connectionId, String body) {
        String id = required(connectionId);
        return sync.settings().updateGlobal(user.id(), id, JsonBodies.parse(body).root());
    }

    private static String required(String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            throw Problem.badRequest("missing-parameter", "the query parameter connectionId is required");
        }
        return connectionId;
    }
}
