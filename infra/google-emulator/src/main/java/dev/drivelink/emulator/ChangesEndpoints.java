package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.Change;
import dev.drivelink.emulator.Model.Channel;
import dev.drivelink.emulator.Model.DriveFile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** changes.getStartPageToken, changes.list, changes.watch and channels.stop. */
final class ChangesEndpoints {
    static final Duration DEFAULT_CHANNEL_LIFETIME = Duration.ofHours(1);
    static final Duration MAX_CHANNEL_LIFETIME = Duration.ofDays(7);
    static final Set<String> LIST_FIELDS = Set.of("kind", "nextPageToken", "newStartPageToken", "changes");
    static final Set<String> CHANGE_FIELDS = Set.of("kind", "removed", "file", "fileId", "time", "type", "changeType",
            "driveId", "drive", "teamDriveId", "teamDrive");
    static final FieldSelector DEFAULT_FIELDS = FieldSelector.parse(
            "kind,nextPageToken,newStartPageToken,changes(kind,removed,fileId,time,type,changeType,file(kind,id,name,mimeType))");

    private final EmulatorState state;
    private final DriveService drive;
    private final Notifier notifier;

    ChangesEndpoints(EmulatorState state, DriveService drive, Notifier notifier) {
        this.state = state;
        this.drive = drive;
        this.notifier = notifier;
    }

    void register(Router router) {
        router.route("GET", DriveEndpoints.V3 + "/changes/startPageToken", this::startPageToken)
                .route("GET", DriveEndpoints.V3 + "/changes", this::list)
                .route("POST", DriveEndpoints.V3 + "/changes/watch", this::watch)
                .route("POST", DriveEndpoints.V3 + "/channels/stop", this::stop);
    }

    private Response startPageToken(Request request) {
        drive.authenticate(request);
        ObjectNode out = Json.object();
        out.put("kind", "drive#startPageToken");
        synchronized (state) {
            out.put("startPageToken", Long.toString(state.nextChangeId));
        }
        String fields = request.param("fields");
        return Response.json(fields == null || fields.isBlank() ? out : FieldSelector.parse(fields).apply(out));
    }

    private long pageToken(Request request) {
        String token = request.param("pageToken");
        if (token == null || token.isBlank()) {
            throw GoogleApiException.required("pageToken");
        }
        long value;
        try {
            value = Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw new GoogleApiException(400, "invalid", "Invalid Value", "pageToken", "parameter");
        }
        synchronized (state) {
            if (value < 1 || value > state.nextChangeId) {
                throw new GoogleApiException(400, "invalid", "Invalid Value", "pageToken", "parameter");
            }
        }
        return value;
    }

    private Response list(Request request) {
        Caller caller = drive.authenticate(request);
        long from = pageToken(request);
        int pageSize = DriveEndpoints.intParam(request, "pageSize", 100, 1, 1000);
        boolean includeRemoved = request.booleanParam("includeRemoved", true);
        FieldSelector selector = DEFAULT_FIELDS;
        String fields = request.param("fields");
        if (fields != null && !fields.isBlank()) {
            selector = FieldSelector.parse(fields);
            selector.validate(LIST_FIELDS, fields);
            FieldSelector changeSel = selector.fields.get("changes");
            if (changeSel != null) {
                changeSel.validate(CHANGE_FIELDS, fields);
            }
        }
        Account account = state.requireAccount(caller.email());
        ObjectNode out = Json.object();
        out.put("kind", "drive#changeList");
        synchronized (state) {
            // The latest change of each file since the token, in change order.
            Map<String, Change> latest = new LinkedHashMap<>();
            for (Change c : state.changes) {
                if (c.id < from || !c.owner.equals(account.email())) {
                    continue;
                }
                if (caller.fileScopeOnly() && !c.appIds.contains(caller.clientId())) {
                    DriveFile now = state.files.get(c.fileId);
                    if (now == null || !now.appIds.contains(caller.clientId())) {
                        continue;
                    }
                }
                latest.remove(c.fileId);
                latest.put(c.fileId, c);
            }
            List<Change> window = new ArrayList<>();
            for (Change c : latest.values()) {
                if (includeRemoved || !c.removed) {
                    window.add(c);
                }
            }
            window.sort((a, b) -> Long.compare(a.id, b.id));
            ArrayNode changes = out.putArray("changes");
            int n = Math.min(pageSize, window.size());
            for (int i = 0; i < n; i++) {
                changes.add(render(window.get(i), account, caller));
            }
            if (window.size() > n) {
                out.put("nextPageToken", Long.toString(window.get(n).id));
            } else {
                out.put("newStartPageToken", Long.toString(state.nextChangeId));
            }
        }
        return Response.json(selector.apply(out));
    }

    private ObjectNode render(Change c, Account account, Caller caller) {
        ObjectNode o = Json.object();
        o.put("kind", "drive#change");
        DriveFile file = state.files.get(c.fileId);
        boolean removed = c.removed || file == null;
        o.put("removed", removed);
        if (!removed) {
            o.set("file", DriveResources.file(file, account, caller));
        }
        o.put("fileId", c.fileId);
        o.put("time", DriveResources.time(c.time));
        o.put("type", "file");
        o.put("changeType", "file");
        return o;
    }

    private Response watch(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        long from = pageToken(request);
        JsonNode body = request.jsonBody();
        String id = DriveEndpoints.text(body, "id");
        String type = DriveEndpoints.text(body, "type");
        String address = DriveEndpoints.text(body, "address");
        if (id == null || id.isBlank()) {
            throw new GoogleApiException(400, "required", "Required field: id", "id", "other");
        }
        if (type == null || !(type.equals("web_hook") || type.equals("webhook"))) {
            throw new GoogleApiException(400, "invalid", "Invalid value for type: " + type + ". Use web_hook.", "type", "other");
        }
        if (address == null || !(address.startsWith("https://") || address.startsWith("http://"))) {
            throw new GoogleApiException(400, "push.webhookUrlNotHttps", "WebHook callback must be HTTPS: " + address,
                    "address", "other");
        }
        Instant now = state.now();
        Instant expiration = now.plus(DEFAULT_CHANNEL_LIFETIME);
        JsonNode exp = body.get("expiration");
        if (exp != null && !exp.isNull()) {
            long ms;
            try {
                ms = Long.parseLong(exp.asText());
            } catch (NumberFormatException e) {
                throw new GoogleApiException(400, "invalid", "Invalid expiration: " + exp.asText(), "expiration", "other");
            }
            Instant requested = Instant.ofEpochMilli(ms);
            if (!requested.isAfter(now)) {
                throw new GoogleApiException(400, "invalid", "Expiration must be in the future.", "expiration", "other");
            }
            Instant max = now.plus(MAX_CHANNEL_LIFETIME);
            expiration = requested.isAfter(max) ? max : requested;
        }
        Channel channel = new Channel();
        channel.id = id;
        channel.resourceId = Ids.random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray(), 27);
        channel.resourceUri = state.baseUrlForLinks() + "drive/v3/changes?alt=json&pageToken=" + from;
        channel.token = DriveEndpoints.text(body, "token");
        channel.address = address;
        channel.expiration = expiration;
        channel.owner = caller.email();
        channel.clientId = caller.clientId();
        channel.fileScopeOnly = caller.fileScopeOnly();
        synchronized (state) {
            Channel existing = state.channels.get(id);
            if (existing != null && !existing.stopped && state.now().isBefore(existing.expiration)) {
                throw new GoogleApiException(400, "channelIdNotUnique", "Channel id " + id + " not unique", "id", "other");
            }
            state.channels.put(id, channel);
            notifier.sync(channel);
        }
        ObjectNode out = Json.object();
        out.put("kind", "api#channel");
        out.put("id", channel.id);
        out.put("resourceId", channel.resourceId);
        out.put("resourceUri", channel.resourceUri);
        if (channel.token != null) {
            out.put("token", channel.token);
        }
        out.put("expiration", Long.toString(channel.expiration.toEpochMilli()));
        return Response.json(out);
    }

    private Response stop(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        JsonNode body = request.jsonBody();
        String id = DriveEndpoints.text(body, "id");
        String resourceId = DriveEndpoints.text(body, "resourceId");
        synchronized (state) {
            Channel channel = id == null ? null : state.channels.get(id);
            if (channel == null || channel.stopped || !channel.resourceId.equals(resourceId)
                    || !channel.owner.equals(caller.email()) || !channel.clientId.equals(caller.clientId())) {
                throw new GoogleApiException(404, "notFound", "Channel '" + id + "' not found for project", null, null);
            }
            channel.stopped = true;
        }
        return Response.empty(204);
    }

    /** Channels for the admin API. */
    List<Map<String, Object>> channels() {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (state) {
            for (Channel c : state.channels.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id);
                m.put("resourceId", c.resourceId);
                m.put("address", c.address);
                m.put("account", c.owner);
                m.put("clientId", c.clientId);
                m.put("expiration", c.expiration.toString());
                m.put("active", !c.stopped && state.now().isBefore(c.expiration));
                out.add(m);
            }
        }
        return out;
    }
}
