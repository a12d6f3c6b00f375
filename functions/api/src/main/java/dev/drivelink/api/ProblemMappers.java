package dev.drivelink.api;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json (RFC 9457); nothing internal leaks into it. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(Problem p) {
        return render(p.status(), p.code(), p.getMessage());
    }

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return render(status(e.kind()), e.code(), e.detail());
    }

    /** The one place a domain failure becomes an HTTP status. */
    static int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource answers application/json";
            case 415 -> "send application/json";
            case 413 -> "the request body is too large";
            default -> status >= 500 ? "the request could not be completed" : "the request is not valid";
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return render(status, title.toLowerCase().replace(' ', '-'), detail);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return render(500, "internal-error", "the request could not be completed");
    }

    static Response render(int status, String code, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://drivelink.dev/problems/" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
