package dev.drivelink.floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The whole of an empty Quarkus HTTP function, on the same extensions as functions/api (Lambda HTTP,
 * REST with Jackson, CDI): its cold start is the floor any function of that module starts from.
 * FunctionInit's first event for the auth-url function is a GET of this path.
 */
@Path("/drive")
public class Floor {

    @GET
    @Path("/auth-url")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> authUrl() {
        return Map.of("url", "https://floor.invalid/");
    }
}
