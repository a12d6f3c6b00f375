package dev.drivelink.api;

import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The signed-in user's connections. Never includes tokens: {@link ConnectionView} has none. */
@Path("/drive/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    public record ConnectionList(List<ConnectionView> connections) {
    }

    @Inject
    ConnectionQueries queries;

    @Inject
    CurrentUser user;

    @GET
    public ConnectionList list() {
        return new ConnectionList(queries.list(user.id()));
    }

    @GET
    @Path("/{id}")
    public ConnectionView get(@PathParam("id") String id) {
        return queries.get(user.id(), id);
    }
}
