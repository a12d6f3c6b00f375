package dev.drivelink.api;

import dev.drivelink.core.connection.ConnectionView;
import dev.drivelink.core.connection.FolderPage;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.wiring.ConnectionsFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The signed-in user's connections. Each route is one core call; someone else's connection is a 404.
 * Never includes tokens: {@link ConnectionView} has none.
 */
@Path("/drive")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    public record ConnectionList(List<ConnectionView> connections) {
    }

    @Inject
    ConnectionsFeature connections;

    @Inject
    CurrentUser user;

    @GET
    @Path("/connections")
    public ConnectionList list() {
        return new ConnectionList(connections.queries().list(user.id()));
    }

    @GET
    @Path("/connections/{id}")
    public ConnectionView get(@PathParam("id") String id) {
        return connections.queries().get(user.id(), id);
    }

    @PATCH
    @Path("/connections/{id}/folder")
    @Consumes(MediaType.WILDCARD)
    public ConnectionView setRootFolder(@PathParam("id") String id, String body) {
        String folder = JsonBodies.parse(body).requiredString("folder");
        return connections.commands().setRootFolder(user.id(), id, folder);
    }

    @DELETE
    @Path("/connections/{id}")
    public ConnectionView revoke(@PathParam("id") String id) {
        return connections.commands().revoke(user.id(), id);
    }

    @POST
    @Path("/connections/{id}/refresh")
    @Consumes(MediaType.WILDCARD)
    public ConnectionView refresh(@PathParam("id") String id) {
        return connections.commands().refresh(user.id(), id);
    }

    @POST
    @Path("/connections/{id}/folders")
    @Consumes(MediaType.WILDCARD)
    public Response createFolder(@PathParam("id") String id, String body) {
        String name = JsonBodies.parse(body).requiredString("name");
        FolderRef folder = connections.commands().createFolder(user.id(), id, name);
        return Response.status(Response.Status.CREATED).entity(folder).build();
    }

    @GET
    @Path("/connections/{id}/folders")
    public FolderPage listFolders(@PathParam("id") String id, @QueryParam("parent") String parent,
                                  @QueryParam("pageSize") String pageSize, @QueryParam("pageToken") String pageToken) {
        return connections.commands().listFolders(user.id(), id, parent, pageSize, pageToken);
    }

    @POST
    @Path("/folder/resolve")
    @Consumes(MediaType.WILDCARD)
    public FolderRef resolve(String body) {
        JsonBodies json = JsonBodies.parse(body);
        String folder = json.requiredString("folder");
        return json.optionalString("connectionId")
                .map(connectionId -> connections.commands().resolveFolder(user.id(), connectionId, folder))
                .orElseGet(() -> connections.commands().resolveFolder(user.id(), folder));
    }
}
