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
                .route("GET", V3 + "/files/{fileId}", this::get);
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
        synchronized (state) {
            usage = state.files.values().stream().filter(f -> f.owner.equals(account.email()) && f.content != null)
                    .mapToLong(f -> f.content.length).sum();
        }
        ObjectNode about = Json.object();
        about.put("kind", "drive#about");
        about.set("user", DriveResources.user(account, true));
        ObjectNode quota = about.putObject("storageQuota");
        quota.put("limit", Long.toString(16_106_127_360L));
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
        DriveFile file = drive.create(caller.email(), caller, spec);
        return Response.json(200, render(file, caller, selector));
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
                return new Response(200, file.mimeType, content);
            }
            return Response.json(render(file, caller, selector));
        }
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
                map(body.get("properties")), map(body.get("appProperties")), text(body, "originalFilename"),
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
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
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
