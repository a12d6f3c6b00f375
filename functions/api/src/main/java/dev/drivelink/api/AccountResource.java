package dev.drivelink.api;

import dev.drivelink.core.sync.retention.Retention;
import dev.drivelink.core.wiring.RetentionFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** DELETE /drive/me?confirm=true: everything drivelink holds for the signed-in user, removed at once. */
@Path("/drive/me")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    RetentionFeature retention;

    @Inject
    CurrentUser user;

    @DELETE
    public Retention.Erased erase(@QueryParam("confirm") String confirm) {
        String userId = user.id();
        if (!"true".equals(confirm)) {
            throw Problem.badRequest("confirmation-required", "this removes your Drive connections and everything "
                    + "drivelink keeps for you: call it with ?confirm=true");
        }
        return retention.retention().eraseUser(userId);
    }
}
