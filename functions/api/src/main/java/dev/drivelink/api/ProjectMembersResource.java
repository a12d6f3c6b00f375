package dev.drivelink.api;

import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.project.ProjectMembership;
import dev.drivelink.core.wiring.SyncControlFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The host app's backend grants and removes project membership (admin scope only). */
@Path("/drive/projects/{projectId}/members/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectMembersResource {

    @Inject
    SyncControlFeature sync;

    @Inject
    AdminCaller admin;

    @PUT
    @Consumes(MediaType.WILDCARD)
    public Response grant(@PathParam("projectId") String projectId, @PathParam("userId") String userId) {
        admin.require();
        ProjectAccess.Grant grant = sync.access().grant(projectId, userId);
        ProjectMembership m = grant.membership();
        return Response.status(grant.created() ? Response.Status.CREATED : Response.Status.OK).entity(m).build();
    }

    @DELETE
    public Response remove(@PathParam("projectId") String projectId, @PathParam("userId") String userId) {
        admin.require();
        sync.access().remove(projectId, userId);
        return Response.noContent().build();
    }
}
