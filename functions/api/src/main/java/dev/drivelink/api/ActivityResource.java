package dev.drivelink.api;

import dev.drivelink.core.sync.activity.ActivityPage;
import dev.drivelink.core.wiring.SyncControlFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** All of the signed-in user's activity, newest first. */
@Path("/drive/activity")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    @Inject
    SyncControlFeature sync;

    @Inject
    CurrentUser user;

    @GET
    public ActivityPage list(@QueryParam("action") String action, @QueryParam("status") String status,
                             @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return sync.activity().forUser(user.id(), action, status, cursor, limit);
    }
}
