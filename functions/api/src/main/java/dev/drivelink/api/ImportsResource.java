package dev.drivelink.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.sync.engine.Imports;
import dev.drivelink.core.wiring.SyncEngineFeature;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /drive/projects/{projectId}/imports}: picked Drive files into the project (selective sync). */
@Path("/drive/projects/{projectId}/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {

    @Inject
    SyncEngineFeature engine;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response importFiles(@PathParam("projectId") String projectId, String body) {
        JsonBodies json = JsonBodies.parse(body);
        Imports.Accepted accepted = engine.imports().request(user.id(), projectId,
                json.optionalString("connectionId").orElse(null), fileIds(json.root().get("fileIds")),
                json.optionalString("targetPath").orElse(null));
        return Response.accepted(accepted).build();
    }

    private static List<String> fileIds(JsonNode ids) {
        if (ids == null || ids.isNull()) {
            return null; // the core says what is missing
        }
        if (!ids.isArray()) {
            throw Problem.badRequest("invalid-field", "\"fileIds\" must be an array of Drive file ids");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw Problem.badRequest("invalid-field", "\"fileIds\" must hold strings");
            }
            result.add(id.asText());
        }
        return result;
    }
}
