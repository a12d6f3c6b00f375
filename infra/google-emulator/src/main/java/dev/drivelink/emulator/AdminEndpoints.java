package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The admin API over HTTP (JSON), under /admin/. Mirrors {@link EmulatorAdmin}; documented in the README. */
final class AdminEndpoints {
    private final EmulatorAdmin admin;

    AdminEndpoints(EmulatorAdmin admin) {
        this.admin = admin;
    }

    void register(Router router) {
        router.route("GET", "/admin/accounts", r -> ok(admin.accounts()))
                .route("GET", "/admin/clients", r -> ok(admin.clients()))
                .route("POST", "/admin/clients", guarded(this::registerClient))
                .route("GET", "/admin/files", guarded(r -> ok(admin.files(required(r.param("account"), "account")))))
                .route("POST", "/admin/files", guarded(this::createFile))
                .route("POST", "/admin/folders", guarded(this::createFolder))
                .route("GET", "/admin/files/{fileId}", guarded(r -> ok(admin.file(r.pathParam("fileId")))))
                .route("GET", "/admin/files/{fileId}/content", guarded(r ->
                        new Response(200, "application/octet-stream", admin.content(r.pathParam("fileId")))))
                .route("PUT", "/admin/files/{fileId}/content", guarded(r -> ok(admin.updateContent(r.pathParam("fileId"), r.body()))))
                .route("POST", "/admin/files/{fileId}/rename", guarded(r ->
                        ok(admin.rename(r.pathParam("fileId"), required(field(r, "name"), "name")))))
                .route("POST", "/admin/files/{fileId}/move", guarded(r ->
                        ok(admin.move(r.pathParam("fileId"), required(field(r, "parentId"), "parentId")))))
                .route("POST", "/admin/files/{fileId}/trash", guarded(r -> ok(admin.trash(r.pathParam("fileId")))))
                .route("POST", "/admin/files/{fileId}/untrash", guarded(r -> ok(admin.untrash(r.pathParam("fileId")))))
                .route("DELETE", "/admin/files/{fileId}", guarded(r -> {
                    admin.delete(r.pathParam("fileId"));
                    return Response.empty(204);
                }))
                .route("POST", "/admin/files/{fileId}/pick", guarded(r -> {
                    admin.pick(r.pathParam("fileId"), required(field(r, "clientId"), "clientId"));
                    return ok(admin.file(r.pathParam("fileId")));
                }))
                .route("GET", "/admin/requests", r -> ok(admin.requestCounts()))
                .route("DELETE", "/admin/requests", r -> {
                    admin.resetRequestCounts();
                    return Response.empty(204);
                })
                .route("GET", "/admin/grants", r -> ok(admin.grants(r.param("clientId"), r.param("account"))))
                .route("POST", "/admin/revoke-access", guarded(r -> {
                    JsonNode body = r.jsonBody();
                    int n = admin.revokeAccess(required(DriveEndpoints.text(body, "clientId"), "clientId"),
                            required(DriveEndpoints.text(body, "account"), "account"));
                    return ok(Json.object().put("revokedGrants", n));
                }))
                .route("PUT", "/admin/quota", guarded(r -> {
                    JsonNode body = r.jsonBody();
                    if (!body.hasNonNull("limitBytes")) {
                        throw new IllegalArgumentException("missing limitBytes");
                    }
                    admin.setStorageQuota(required(DriveEndpoints.text(body, "account"), "account"), body.get("limitBytes").asLong());
                    return Response.empty(204);
                }))
                .route("POST", "/admin/faults", guarded(r -> {
                    JsonNode b = r.jsonBody();
                    admin.injectFault(new Fault(required(DriveEndpoints.text(b, "route"), "route"),
                            DriveEndpoints.text(b, "account"), b.path("count").asInt(1), b.path("status").asInt(0),
                            DriveEndpoints.text(b, "reason"), DriveEndpoints.text(b, "message"),
                            b.path("delayMillis").asLong(0),
                            b.hasNonNull("dropAfterBytes") ? b.get("dropAfterBytes").asLong() : null,
                            b.path("html").asBoolean(false)));
                    return ok(admin.faults());
                }))
                .route("GET", "/admin/faults", r -> ok(admin.faults()))
                .route("DELETE", "/admin/faults", r -> {
                    admin.clearFaults();
                    return Response.empty(204);
                })
                .route("POST", "/admin/rate-limits", guarded(r -> {
                    JsonNode b = r.jsonBody();
                    admin.rateLimit(required(DriveEndpoints.text(b, "account"), "account"),
                            b.path("maxRequests").asInt(10), Duration.ofMillis(Math.round(b.path("windowSeconds").asDouble(1) * 1000)));
                    return Response.empty(204);
                }))
                .route("GET", "/admin/notifications", r -> ok(admin.notifications()))
                .route("POST", "/admin/notifications", guarded(r -> {
                    JsonNode enabled = r.jsonBody().get("enabled");
                    if (enabled == null || !enabled.isBoolean()) {
                        throw new IllegalArgumentException("give {\"enabled\": true|false}");
                    }
                    admin.setNotificationsEnabled(enabled.asBoolean());
                    return ok(Json.object().put("enabled", admin.notificationsEnabled()));
                }))
                .route("GET", "/admin/channels", r -> ok(admin.channels()))
                .route("GET", "/admin/clock", r -> ok(Json.object().put("now", admin.now().toString())))
                .route("POST", "/admin/clock/advance", guarded(this::advanceClock))
                .route("POST", "/admin/reset", r -> {
                    admin.reset();
                    return Response.empty(204);
                });
    }

    private Response registerClient(Request r) throws IOException {
        JsonNode body = r.jsonBody();
        List<String> uris = new ArrayList<>();
        if (body.has("redirectUris")) {
            body.get("redirectUris").forEach(u -> uris.add(u.asText()));
        }
        admin.registerClient(required(DriveEndpoints.text(body, "clientId"), "clientId"),
                required(DriveEndpoints.text(body, "clientSecret"), "clientSecret"), uris);
        return ok(admin.clients());
    }

    private Response createFile(Request r) throws IOException {
        JsonNode body = r.jsonBody();
        byte[] content;
        if (body.hasNonNull("contentBase64")) {
            content = Base64.getDecoder().decode(body.get("contentBase64").asText());
        } else if (body.hasNonNull("content")) {
            content = body.get("content").asText().getBytes(StandardCharsets.UTF_8);
        } else {
            content = new byte[0];
        }
        String mimeType = DriveEndpoints.text(body, "mimeType");
        return ok(admin.createFile(required(DriveEndpoints.text(body, "account"), "account"),
                DriveEndpoints.text(body, "parentId"), required(DriveEndpoints.text(body, "name"), "name"),
                mimeType == null ? "application/octet-stream" : mimeType, content));
    }

    private Response createFolder(Request r) throws IOException {
        JsonNode body = r.jsonBody();
        return ok(admin.createFolder(required(DriveEndpoints.text(body, "account"), "account"),
                DriveEndpoints.text(body, "parentId"), required(DriveEndpoints.text(body, "name"), "name")));
    }

    private Response advanceClock(Request r) throws IOException {
        JsonNode body = r.jsonBody();
        Duration by;
        if (body.hasNonNull("seconds")) {
            by = Duration.ofMillis(Math.round(body.get("seconds").asDouble() * 1000));
        } else if (body.hasNonNull("duration")) {
            by = Duration.parse(body.get("duration").asText());
        } else {
            throw new IllegalArgumentException("give \"seconds\" or an ISO-8601 \"duration\"");
        }
        admin.advanceClock(by);
        return ok(Json.object().put("now", admin.now().toString()));
    }

    private static String field(Request r, String name) throws IOException {
        return DriveEndpoints.text(r.jsonBody(), name);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static Response ok(Object value) {
        return Response.json(200, value);
    }

    private static Router.Handler guarded(Router.Handler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (IllegalArgumentException e) {
                ObjectNode body = Json.object();
                body.put("error", e.getMessage());
                int status = e.getMessage() != null && e.getMessage().startsWith("unknown") ? 404 : 400;
                return Response.json(status, body);
            }
        };
    }
}
