package dev.drivelink.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.sync.activity.ActivityPage;
import dev.drivelink.core.sync.conflict.Conflict.ConflictView;
import dev.drivelink.core.sync.files.ProjectFiles.FilesPage;
import dev.drivelink.core.sync.project.ProjectMembership;
import dev.drivelink.core.sync.run.SyncStatusView;
import dev.drivelink.core.sync.settings.SettingsViews.ProjectSettingsView;
import dev.drivelink.core.wiring.SyncControlFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The signed-in user's projects: settings, files, conflicts, sync status and resume, activity. Each route is
 * one core call; a project the user is not a member of is a 404, exactly like a missing one.
 */
@Path("/drive/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    public record ProjectList(List<ProjectMembership> projects) {
    }

    public record ConflictList(List<ConflictView> conflicts) {
    }

    @Inject
    SyncControlFeature sync;

    @Inject
    CurrentUser user;

    @GET
    public ProjectList list() {
        return new ProjectList(sync.access().projectsOf(user.id()));
    }

    @GET
    @Path("/{projectId}/settings")
    public ProjectSettingsView settings(@PathParam("projectId") String projectId) {
        return sync.settings().project(user.id(), projectId);
    }

    @PUT
    @Path("/{projectId}/settings")
    @Consumes(MediaType.WILDCARD)
    public ProjectSettingsView updateSettings(@PathParam("projectId") String projectId, String body) {
        return sync.settings().updateProject(user.id(), projectId, JsonBodies.parse(body).root());
    }

    @GET
    @Path("/{projectId}/files")
    public FilesPage files(@PathParam("projectId") String projectId, @QueryParam("cursor") String cursor,
                           @QueryParam("limit") String limit) {
        return sync.files().list(user.id(), projectId, cursor, limit);
    }

    @GET
    @Path("/{projectId}/conflicts")
    public ConflictList conflicts(@PathParam("projectId") String projectId) {
        return new ConflictList(sync.conflicts().list(user.id(), projectId));
    }

    @POST
    @Path("/{projectId}/conflicts/{conflictId}/resolve")
    @Consumes(MediaType.WILDCARD)
    public ConflictView resolve(@PathParam("projectId") String projectId, @PathParam("conflictId") String conflictId,
                                String body) {
        String keep = JsonBodies.parse(body).requiredString("keep");
        return sync.conflicts().resolve(user.id(), projectId, conflictId, keep);
    }

    @GET
    @Path("/{projectId}/sync")
    public SyncStatusView status(@PathParam("projectId") String projectId) {
        return sync.sync().status(user.id(), projectId);
    }

    @POST
    @Path("/{projectId}/sync/resume")
    @Consumes(MediaType.WILDCARD)
    public SyncStatusView resume(@PathParam("projectId") String projectId, String body) {
        JsonNode confirm = JsonBodies.parse(body).root().get("confirm");
        if (confirm != null && !confirm.isNull() && !confirm.isBoolean()) {
            throw Problem.badRequest("invalid-field", "\"confirm\" must be true or false");
        }
        return sync.sync().resume(user.id(), projectId, confirm != null && confirm.asBoolean(false));
    }

    @GET
    @Path("/{projectId}/activity")
    public ActivityPage activity(@PathParam("projectId") String projectId, @QueryParam("action") String action,
                                 @QueryParam("status") String status, @QueryParam("cursor") String cursor,
                                 @QueryParam("limit") String limit) {
        return sync.activity().forProject(user.id(), projectId, action, status, cursor, limit);
    }
}
