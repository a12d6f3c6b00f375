package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.DriveFile;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the Google Picker (for a selective import): {@code GET /picker} shows an account's Drive files with
 * a checkbox each; "Select" grants the OAuth client {@code drive.file} access to the ticked files, exactly as
 * {@link EmulatorAdmin#pick} does, and hands them back to the page that opened the picker with
 * {@code window.opener.postMessage({action:"picked", docs:[{id,name,mimeType,...}]}, origin)} (the shape of the
 * Picker's ResponseObject) or to a {@code redirect_uri}; "Cancel" hands back {@code {action:"cancel"}}.
 *
 * <p>Parameters: {@code client_id} (a registered client), {@code login_hint} or {@code account} (the signed-in test
 * user), {@code origin} (postMessage target) or {@code redirect_uri}, both on an origin of one of the client's
 * registered redirect URIs, optional {@code mimeTypes} (comma-separated filter) and {@code state} (returned with a
 * redirect). A page's form is bound to a server-side session: single use, one hour (emulated clock).
 */
final class PickerEndpoints {
    static final Duration SESSION_LIFETIME = Duration.ofHours(1);

    private final EmulatorState state;
    private final DriveService drive;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** One opened picker: who picks for which app, and where the answer goes. */
    record Session(String id, String clientId, String email, String origin, String redirectUri, String state,
                   List<String> mimeTypes, Instant expiresAt) {
    }

    PickerEndpoints(EmulatorState state, DriveService drive) {
        this.state = state;
        this.drive = drive;
    }

    void register(Router router) {
        router.route("GET", "/picker", this::open)
                .route("POST", "/picker/select", this::select);
    }

    private Response open(Request request) {
        OAuthClient client = OAuthEndpoints.pageClient(state, request.param("client_id"));
        String email = request.param("login_hint") != null ? request.param("login_hint") : request.param("account");
        if (email == null || email.isBlank()) {
            throw new HtmlErrorException(400, "invalid_request", "Missing required parameter: login_hint (or account)");
        }
        Account account = state.account(email);
        if (account == null) {
            throw new HtmlErrorException(400, "invalid_request", "No such test account: " + email);
        }
        String origin = request.param("origin");
        String redirectUri = request.param("redirect_uri");
        if (blank(origin) && blank(redirectUri)) {
            throw new HtmlErrorException(400, "invalid_request",
                    "Missing required parameter: origin (to answer with postMessage) or redirect_uri");
        }
        if (!blank(origin)) {
            origin = allowedOrigin(client, origin, "origin");
        }
        if (!blank(redirectUri)) {
            allowedOrigin(client, redirectUri, "redirect_uri");
        }
        Instant now = state.now();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        Session session = new Session(Ids.opaque(32), client.clientId(), account.email(), blank(origin) ? null : origin,
                blank(redirectUri) ? null : redirectUri, request.param("state"),
                DriveEndpoints.ids(request.param("mimeTypes")), now.plus(SESSION_LIFETIME));
        sessions.put(session.id(), session);
        return page(session, account, null);
    }

    private Response select(Request request) throws IOException {
        Map<String, List<String>> form = request.form();
        String sessionId = Request.first(form, "session");
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || !state.now().isBefore(session.expiresAt())) {
            if (sessionId != null) {
                sessions.remove(sessionId);
            }
            throw new HtmlErrorException(400, "invalid_request",
                    "This picker has expired or was used already: open it again.");
        }
        String decision = Request.first(form, "decision");
        if ("cancel".equals(decision)) {
            if (!sessions.remove(sessionId, session)) {
                throw new HtmlErrorException(400, "invalid_request", "This picker was used already: open it again.");
            }
            return answer(session, Json.object().put("action", "cancel"), List.of());
        }
        if (!"select".equals(decision)) {
            throw new HtmlErrorException(400, "invalid_request", "Press Select or Cancel.");
        }
        Set<String> ids = new LinkedHashSet<>(form.getOrDefault("fileId", List.of()));
        Account account = state.requireAccount(session.email());
        if (ids.isEmpty()) {
            return page(session, account, "Select at least one file, or press Cancel.");
        }
        ObjectNode response = Json.object().put("action", "picked");
        ArrayNode docs = response.putArray("docs");
        synchronized (state) {
            Map<String, DriveFile> offered = new LinkedHashMap<>();
            offered(session).forEach(f -> offered.put(f.id, f));
            for (String id : ids) {
                if (!offered.containsKey(id)) {
                    throw new HtmlErrorException(400, "invalid_request", "Not a file this picker offered: " + id);
                }
            }
            if (!sessions.remove(sessionId, session)) {
                throw new HtmlErrorException(400, "invalid_request", "This picker was used already: open it again.");
            }
            for (String id : ids) {
                DriveFile file = offered.get(id);
                drive.pick(file, session.clientId());
                docs.add(document(file));
            }
        }
        return answer(session, response, List.copyOf(ids));
    }

    /** A picked file as the Picker describes it (Document fields of its ResponseObject). */
    private static ObjectNode document(DriveFile file) {
        ObjectNode doc = Json.object();
        doc.put("id", file.id);
        doc.put("serviceId", "docs");
        doc.put("mimeType", file.mimeType);
        doc.put("name", file.name);
        if (file.description != null) {
            doc.put("description", file.description);
        }
        doc.put("url", DriveResources.webViewLink(file));
        doc.put("lastEditedUtc", file.modifiedTime.toEpochMilli());
        if (!file.parents.isEmpty()) {
            doc.put("parentId", file.parents.get(0));
        }
        if (file.hasBlob()) {
            doc.put("sizeBytes", file.content == null ? 0 : file.content.length);
        }
        return doc;
    }

    /** To the opener by postMessage when an origin was given, else a 302 to the redirect URI. */
    private static Response answer(Session session, ObjectNode response, List<String> ids) {
        if (session.origin() != null) {
            return noStore(Response.html(200, PickerPage.result(session.origin(), response, ids.size())));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("action", response.get("action").asText());
        params.put("ids", ids.isEmpty() ? null : String.join(",", ids));
        params.put("state", session.state());
        return Response.redirect(Response.withQuery(session.redirectUri(), params));
    }

    private Response page(Session session, Account account, String warning) {
        synchronized (state) {
            return noStore(Response.html(200, PickerPage.render(session, account, offered(session), warning)));
        }
    }

    private static Response noStore(Response response) {
        return response.header("Cache-Control", "no-store");
    }

    /** What the picker offers: the account's files and folders, not trashed, not My Drive itself; folders first. */
    private List<DriveFile> offered(Session session) {
        synchronized (state) {
            return state.files.values().stream()
                    .filter(f -> f.owner.equals(session.email()) && !f.root && !f.trashed)
                    .filter(f -> session.mimeTypes().isEmpty() || session.mimeTypes().contains(f.mimeType))
                    .sorted(Comparator.comparing((DriveFile f) -> !f.isFolder())
                            .thenComparing(f -> f.name.toLowerCase(Locale.ROOT))
                            .thenComparing(f -> f.createdTime))
                    .toList();
        }
    }

    /** The URI's origin if it is the origin of one of the client's redirect URIs, else 400 origin_mismatch. */
    private static String allowedOrigin(OAuthClient client, String uri, String parameter) {
        String origin = origin(uri);
        for (String registered : client.redirectUris()) {
            if (origin != null && origin.equals(origin(registered))) {
                return origin;
            }
        }
        throw new HtmlErrorException(400, "origin_mismatch", "The " + parameter + " " + uri + " is not on an origin of "
                + "the client's registered redirect URIs (register one with POST /admin/clients).");
    }

    /** scheme://host[:port] in lower case, without a default port; null when it is not an http(s) URL. */
    static String origin(String uri) {
        try {
            URI u = new URI(uri.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null) {
                return null;
            }
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
