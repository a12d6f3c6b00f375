package dev.drivelink.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.upload.UploadView;
import dev.drivelink.core.wiring.UploadsFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Enqueue an upload into one of the user's connections, and follow it. */
@Path("/drive/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

    @Inject
    UploadsFeature uploads;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(String body) {
        JsonNode json = JsonBodies.parse(body).root();
        UploadView view = uploads.intake().submit(user.id(), json);
        return Response.accepted(view).header("Location", "/drive/uploads/" + view.id()).build();
    }

    @GET
    @Path("/{id}")
    public UploadView get(@PathParam("id") String id) {
        return uploads.intake().view(user.id(), id);
    }
}
