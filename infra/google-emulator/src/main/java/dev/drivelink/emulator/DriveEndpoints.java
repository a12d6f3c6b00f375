package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.DriveService.FileSpec;
import dev.drivelink.emulator.Model.DriveFile;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Drive API v3 over HTTP, under /drive/v3/ (and /upload/drive/v3/ for media). */
final class DriveEndpoints {
    static final String V3 = "/drive/v3";

    /** File fields a request body may set; anything else answers 403 fieldNotWritable, as Drive does. */
    static final Set<String> WRITABLE = Set.of("kind", "id", "name", "mimeType", "parents", "description", "starred",
            "properties", "appProperties", "originalFilename", "createdTime", "modifiedTime", "trashed",
            "folderColorRgb", "contentHints", "writersCanShare", "viewersCanCopyContent", "copyRequiresWriterPermission",
            "contentRestrictions", "viewedByMeTime", "shortcutDetails", "inheritedPermissionsDisabled");

    final EmulatorState state;
    final DriveService drive;

    DriveEndpoints(EmulatorState state, DriveService drive) {
        this.state = state;
        this.drive = drive;
    }

    void register(Router router) {
        router.route("GET", V3 + "/about", this::about)
                .route("POST", V3 + "/files", this::createMetadataOnly)
                .route("GET", V3 + "/files", this::list)
                .route("GET", V3 + "/files/generateIds", this::generateIds)
                .route("GET", V3 + "/files/{fileId}", this::get)
                .route("PATCH", V3 + "/files/{fileId}", this::updateMetadataOnly)
                .route("DELETE", V3 + "/files/{fileId}", this::delete);
    }

    // ---- about ------------------------------------------------------------------------------------------

    private Response about(Request request) {
        Caller caller = drive.authenticate(request);
        String fields = request.param("fields");
        if (fields == null || fields.isBlank()) {
            throw GoogleApiException.required("fields");
        }
        FieldSelector selector = FieldSelector.parse(fields);
        selector.validate(DriveResources.ABOUT_FIELDS, fields);
        Account account = state.requireAccount(caller.email());
        long usage;
        long limit;
        synchronized (state) {
            usage = state.usage(account.email());
            limit = state.quota(account.email());
        }
        ObjectNode about = Json.object();
        about.put("kind", "drive#about");
        about.set("user", DriveResources.user(account, true));
        ObjectNode quota = about.putObject("storageQuota");
        quota.put("limit", Long.toString(limit));
        quota.put("usage", Long.toString(usage));
        quota.put("usageInDrive", Long.toString(usage));
        quota.put("usageInDriveTrash", "0");
        about.putObject("importFormats");
        about.putObject("exportFormats");
        about.putObject("maxImportSizes");
        about.put("maxUploadSize", "5242880000000");
        about.put("appInstalled", false);
        about.putArray("folderColorPalette").add("#ac725e").add("#d06b64").add("#f83a22").add("#4986e7");
        about.put("canCreateDrives", true);
        return Response.json(selector.apply(about));
    }

    // ---- files ------------------------------------------------------------------------------------------

    private Response createMetadataOnly(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        String uploadType = request.param("uploadType");
        if (uploadType != null && !uploadType.isBlank()) {
            throw GoogleApiException.badRequest("Media upload requests must use the /upload URI: uploadType=" + uploadType);
        }
        FieldSelector selector = fileSelector(request);
        JsonNode body = request.jsonBody();
        FileSpec spec = spec(body, null);
        synchronized (state) { // the answer shows this create, not a later change by someone else
            DriveFile file = drive.create(caller.email(), caller, spec);
            return Response.json(200, render(file, caller, selector));
        }
    }

    private Response get(Request request) {
        Caller caller = drive.authenticate(request);
        String fileId = request.pathParam("fileId");
        FieldSelector selector = fileSelector(request);
        synchronized (state) {
            DriveFile file = drive.visible(caller, fileId);
            if ("media".equals(request.param("alt"))) {
                if (!file.hasBlob()) {
                    throw new GoogleApiException(403, "fileNotDownloadable",
                            "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
                            "alt", "parameter");
                }
                byte[] content = file.content == null ? new byte[0] : file.content;
                return media(request, file, content);
            }
            return Response.json(render(file, caller, selector));
        }
    }

    static final Set<String> LIST_FIELDS = Set.of("kind", "nextPageToken", "incompleteSearch", "files");
    static final FieldSelector DEFAULT_LIST_FIELDS = FieldSelector.parse("kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)");
    static final Set<String> ORDER_KEYS = Set.of("createdTime", "folder", "modifiedByMeTime", "modifiedTime", "name",
            "name_natural", "quotaBytesUsed", "recency", "sharedWithMeTime", "starred", "viewedByMeTime");

    /** An integer query parameter in [min, max], with Google's messages for a bad one. */
    static int intParam(Request request, String name, int fallback, int min, int max) {
        String text = request.param(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw GoogleApiException.invalidParameter(name, "Invalid value '" + text + "'.");
        }
        if (value < min || value > max) {
            throw GoogleApiException.invalidParameter(name,
                    "Invalid value '" + value + "'. Values must be within the range: [" + min + ", " + max + "]");
        }
        return value;
    }

    /** files.list: q, orderBy, pageSize (1..1000, default 100), pageToken, fields. */
    private Response list(Request request) {
        Caller caller = drive.authenticate(request);
        String q = request.param("q");
        FileQuery.Expr query = q == null || q.isBlank() ? null : FileQuery.parse(q);
        int pageSize = intParam(request, "pageSize", 100, 1, 1000);
        String orderBy = request.param("orderBy");
        java.util.Comparator<DriveFile> order = ordering(orderBy);
        String fields = request.param("fields");
        FieldSelector selector = DEFAULT_LIST_FIELDS;
        if (fields != null && !fields.isBlank()) {
            selector = FieldSelector.parse(fields);
            selector.validate(LIST_FIELDS, fields);
            FieldSelector filesSel = selector.fields.get("files");
            if (filesSel != null) {
                filesSel.validate(DriveResources.FILE_FIELDS, fields);
            }
        }
        String fingerprint = Integer.toHexString(java.util.Objects.hash(q, orderBy, caller.email()));
        int offset = 0;
        String pageToken = request.param("pageToken");
        if (pageToken != null && !pageToken.isBlank()) {
            offset = decodePageToken(pageToken, fingerprint);
        }
        Account account = state.requireAccount(caller.email());
        ObjectNode out = Json.object();
        out.put("kind", "drive#fileList");
        synchronized (state) {
            List<DriveFile> matching = new ArrayList<>();
            for (DriveFile f : state.files.values()) {
                if (f.root || !f.owner.equals(account.email()) || !DriveService.canSee(caller, f)) {
                    continue;
                }
                if (query == null || FileQuery.matches(query, f, account.email(), account.rootFolderId())) {
                    matching.add(f);
                }
            }
            matching.sort(order);
            int end = Math.min(matching.size(), offset + pageSize);
            if (end < matching.size()) {
                out.put("nextPageToken", encodePageToken(end, fingerprint));
            }
            out.put("incompleteSearch", false);
            com.fasterxml.jackson.databind.node.ArrayNode files = out.putArray("files");
            for (int i = offset; i < end; i++) {
                files.add(DriveResources.file(matching.get(i), account, caller));
            }
        }
        return Response.json(selector.apply(out));
    }

    private static String encodePageToken(int offset, String fingerprint) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + offset + ":" + fingerprint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int decodePageToken(String token, String fingerprint) {
        try {
            String[] parts = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals("v1") && parts[2].equals(fingerprint)) {
                return Integer.parseInt(parts[1]);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error
        }
        throw new GoogleApiException(400, "invalid", "Invalid Value", "pageToken", "parameter");
    }

    /** orderBy: comma-separated keys, each optionally followed by "desc"; ties broken by creation, then id. */
    static java.util.Comparator<DriveFile> ordering(String orderBy) {
        java.util.Comparator<DriveFile> tail = java.util.Comparator.comparing((DriveFile f) -> f.createdTime)
                .thenComparing(f -> f.id);
        if (orderBy == null || orderBy.isBlank()) {
            return tail;
        }
        java.util.Comparator<DriveFile> result = null;
        for (String part : orderBy.split(",")) {
            String[] words = part.trim().split("\\s+");
            String key = words[0];
            boolean desc = words.length > 1 && words[1].equalsIgnoreCase("desc");
            if (!ORDER_KEYS.contains(key) || words.length > 2 || (words.length == 2 && !desc && !words[1].equalsIgnoreCase("asc"))) {
                throw GoogleApiException.invalidParameter("orderBy", "Invalid sort key: " + part.trim());
            }
            java.util.Comparator<DriveFile> c = switch (key) {
                case "folder" -> java.util.Comparator.comparing((DriveFile f) -> !f.isFolder());
                case "name", "name_natural" -> java.util.Comparator.comparing((DriveFile f) -> f.name.toLowerCase(java.util.Locale.ROOT));
                case "createdTime" -> java.util.Comparator.comparing((DriveFile f) -> f.createdTime);
                case "starred" -> java.util.Comparator.comparing((DriveFile f) -> !f.starred);
                case "quotaBytesUsed" -> java.util.Comparator.comparingLong((DriveFile f) -> f.content == null ? 0 : f.content.length);
                default -> java.util.Comparator.comparing((DriveFile f) -> f.modifiedTime);
            };
            if (desc) {
                c = c.reversed();
            }
            result = result == null ? c : result.thenComparing(c);
        }
        return result.thenComparing(tail);
    }

    /** alt=media, with single-range requests (206 + Content-Range; 416 when unsatisfiable). */
    private static Response media(Request request, DriveFile file, byte[] content) {
        String range = request.header("Range");
        int total = content.length;
        if (range == null || range.isBlank()) {
            return new Response(200, file.mimeType, content).header("Accept-Ranges", "bytes")
                    .header("ETag", "\"" + file.md5Checksum + "\"");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*bytes=(\\d*)-(\\d*)\\s*").matcher(range);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Response(200, file.mimeType, content); // an unparseable Range is ignored, as RFC 9110 allows
        }
        long start;
        long end;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            start = Math.max(0, total - suffix);
            end = total - 1;
        } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(m.group(2)), total - 1);
        }
        if (start >= total || start > end) {
            GoogleApiException e = new GoogleApiException(416, "requestedRangeNotSatisfiable",
                    "Request range not satisfiable", "Range", "header");
            return e.toResponse().header("Content-Range", "bytes */" + total);
        }
        byte[] slice = java.util.Arrays.copyOfRange(content, (int) start, (int) end + 1);
        return new Response(206, file.mimeType, slice).header("Content-Range", "bytes " + start + "-" + end + "/" + total)
                .header("Accept-Ranges", "bytes");
    }

    private Response generateIds(Request request) {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        int count = intParam(request, "count", 10, 1, 1000);
        String space = request.param("space") == null ? "drive" : request.param("space");
        if (!space.equals("drive")) {
            throw GoogleApiException.invalidParameter("space", "Only the 'drive' space is emulated.");
        }
        ObjectNode out = Json.object();
        out.put("kind", "drive#generatedIds");
        out.put("space", space);
        out.putArray("ids").addAll(drive.generateIds(caller.email(), count).stream().map(out::textNode).toList());
        String fields = request.param("fields");
        return Response.json(fields == null || fields.isBlank() ? out : FieldSelector.parse(fields).apply(out));
    }

    private Response updateMetadataOnly(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        String uploadType = request.param("uploadType");
        if (uploadType != null && !uploadType.isBlank()) {
            throw GoogleApiException.badRequest("Media upload requests must use the /upload URI: uploadType=" + uploadType);
        }
        FieldSelector selector = fileSelector(request);
        DriveService.Patch patch = patch(request.jsonBody(), request, null);
        synchronized (state) {
            DriveFile file = drive.visible(caller, request.pathParam("fileId"));
            drive.update(caller, file, patch);
            return Response.json(render(file, caller, selector));
        }
    }

    private Response delete(Request request) {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        synchronized (state) {
            DriveFile file = drive.visible(caller, request.pathParam("fileId"));
            drive.delete(file);
        }
        return Response.empty(204);
    }

    /** A files.update patch from the request body and the addParents/removeParents parameters. */
    static DriveService.Patch patch(JsonNode body, Request request, byte[] content) {
        return patch(body, request.param("addParents"), request.param("removeParents"), content);
    }

    static DriveService.Patch patch(JsonNode body, String addParents, String removeParents, byte[] content) {
        if (body == null || body.isNull()) {
            body = Json.object();
        }
        if (!body.isObject()) {
            throw GoogleApiException.badRequest("Invalid JSON payload received. Expected an object.");
        }
        if (body.has("parents")) {
            throw new GoogleApiException(403, "fieldNotWritable", "The parents field is not directly writable in update "
                    + "requests. Use the addParents and removeParents parameters instead.", null, null);
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!WRITABLE.contains(name) || name.equals("id")) {
                throw new GoogleApiException(403, "fieldNotWritable",
                        "The resource body includes fields which are not directly writable.", null, null);
            }
        }
        return new DriveService.Patch(text(body, "name"), text(body, "mimeType"), text(body, "description"),
                body.hasNonNull("starred") ? body.get("starred").asBoolean() : null,
                body.hasNonNull("trashed") ? body.get("trashed").asBoolean() : null,
                map(body.get("properties")), map(body.get("appProperties")), instant(body, "modifiedTime"),
                text(body, "originalFilename"), ids(addParents), ids(removeParents), content);
    }

    static List<String> ids(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated != null) {
            for (String id : commaSeparated.split(",")) {
                if (!id.isBlank()) {
                    out.add(id.trim());
                }
            }
        }
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    FieldSelector fileSelector(Request request) {
        String fields = request.param("fields");
        if (fields == null || fields.isBlank()) {
            return DriveResources.DEFAULT_FILE_FIELDS;
        }
        FieldSelector selector = FieldSelector.parse(fields);
        selector.validate(DriveResources.FILE_FIELDS, fields);
        return selector;
    }

    JsonNode render(DriveFile file, Caller caller, FieldSelector selector) {
        Account owner = state.requireAccount(file.owner);
        return selector.apply(DriveResources.file(file, owner, caller));
    }

    /** A FileSpec from a File resource in a request body, refusing fields Drive does not let clients write. */
    static FileSpec spec(JsonNode body, byte[] content) {
        if (body == null || body.isNull()) {
            body = Json.object();
        }
        if (!body.isObject()) {
            throw GoogleApiException.badRequest("Invalid JSON payload received. Expected an object.");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!WRITABLE.contains(name)) {
                throw new GoogleApiException(403, "fieldNotWritable",
                        "The resource body includes fields which are not directly writable.", null, null);
            }
        }
        List<String> parents = null;
        if (body.hasNonNull("parents")) {
            parents = new ArrayList<>();
            for (JsonNode p : body.get("parents")) {
                parents.add(p.asText());
            }
        }
        return new FileSpec(text(body, "id"), text(body, "name"), text(body, "mimeType"), parents,
                text(body, "description"), body.hasNonNull("starred") ? body.get("starred").asBoolean() : null,
                withoutNulls(map(body.get("properties"))), withoutNulls(map(body.get("appProperties"))),
                text(body, "originalFilename"),
                instant(body, "createdTime"), instant(body, "modifiedTime"), content);
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static Map<String, String> map(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }

    static Map<String, String> withoutNulls(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    static Instant instant(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GoogleApiException.invalidParameter(field, "Invalid value for " + field + ": " + value);
        }
    }
}
