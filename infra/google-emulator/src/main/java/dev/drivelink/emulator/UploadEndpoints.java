package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.emulator.Model.DriveFile;
import dev.drivelink.emulator.Model.UploadSession;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drive media uploads under /upload/drive/v3/files: {@code uploadType=media}, {@code multipart} and
 * {@code resumable} (initiation, chunk PUTs with Content-Range answering 308 + Range, {@code bytes *}{@code /N}
 * status queries), for files.create (POST) and files.update (PATCH).
 */
final class UploadEndpoints {
    static final int CHUNK_GRANULARITY = 256 * 1024;
    static final Duration SESSION_LIFETIME = Duration.ofDays(7);
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)\\s*");

    private final EmulatorState state;
    private final DriveService drive;
    private final DriveEndpoints endpoints;

    UploadEndpoints(EmulatorState state, DriveService drive, DriveEndpoints endpoints) {
        this.state = state;
        this.drive = drive;
        this.endpoints = endpoints;
    }

    void register(Router router) {
        router.route("POST", "/upload/drive/v3/files", this::create)
                .route("PATCH", "/upload/drive/v3/files/{fileId}", this::update)
                .route("PUT", "/upload/drive/v3/files", this::sessionPut)
                .route("PUT", "/upload/drive/v3/files/{fileId}", this::sessionPut)
                .route("POST", "/upload/drive/v3/files/{fileId}", this::sessionPut);
    }

    private record Upload(JsonNode metadata, byte[] content, String contentType) {
    }

    private Response create(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        String uploadType = uploadType(request);
        if (uploadType.equals("resumable")) {
            return initiate(request, caller, null);
        }
        Upload upload = readDirect(request, uploadType);
        return Response.json(200, finishCreate(caller, upload.metadata(), upload.content(), upload.contentType(), request));
    }

    private Response update(Request request) throws IOException {
        Caller caller = drive.authenticate(request);
        DriveService.requireWrite(caller);
        String fileId = request.pathParam("fileId");
        synchronized (state) {
            drive.visible(caller, fileId);
        }
        String uploadType = uploadType(request);
        if (uploadType.equals("resumable")) {
            return initiate(request, caller, fileId);
        }
        Upload upload = readDirect(request, uploadType);
        return Response.json(200, finishUpdate(caller, fileId, upload.metadata(), upload.content(),
                request.param("addParents"), request.param("removeParents"), request));
    }

    private static String uploadType(Request request) {
        String uploadType = request.param("uploadType");
        if (uploadType == null || uploadType.isBlank()) {
            throw GoogleApiException.invalidParameter("uploadType", "Upload requests must specify an uploadType.");
        }
        if (!Arrays.asList("media", "multipart", "resumable").contains(uploadType)) {
            throw GoogleApiException.invalidParameter("uploadType", "Invalid uploadType: " + uploadType);
        }
        return uploadType;
    }

    private static Upload readDirect(Request request, String uploadType) throws IOException {
        byte[] body = request.body();
        if (uploadType.equals("media")) {
            String ct = request.contentType();
            return new Upload(Json.object(), body, ct.isBlank() ? "application/octet-stream" : Multipart.stripParams(ct));
        }
        return parseMultipart(request.contentType(), body);
    }

    // ---- multipart/related -----------------------------------------------------------------------------

    static Upload parseMultipart(String contentType, byte[] body) throws IOException {
        String boundary = Multipart.boundary(contentType);
        if (!contentType.toLowerCase().startsWith("multipart/") || boundary == null) {
            throw GoogleApiException.badRequest("Multipart uploads need a multipart/related Content-Type with a boundary.");
        }
        List<Multipart.Part> parts = Multipart.parse(body, boundary);
        if (parts.size() != 2) {
            throw GoogleApiException.badRequest("A multipart upload has exactly two parts: metadata and media, got "
                    + parts.size() + ".");
        }
        Multipart.Part mediaPart = parts.get(1);
        byte[] media = mediaPart.content();
        if ("base64".equalsIgnoreCase(String.valueOf(mediaPart.header("Content-Transfer-Encoding")))) {
            media = java.util.Base64.getMimeDecoder().decode(media);
        }
        byte[] metadataBytes = parts.get(0).content();
        JsonNode metadata = metadataBytes.length == 0 ? Json.object() : Json.MAPPER.readTree(metadataBytes);
        String mediaType = mediaPart.header("Content-Type") == null ? "application/octet-stream" : mediaPart.header("Content-Type");
        return new Upload(metadata, media, Multipart.stripParams(mediaType));
    }

    // ---- resumable --------------------------------------------------------------------------------------

    private Response initiate(Request request, Caller caller, String targetFileId) throws IOException {
        JsonNode metadata = request.jsonBody();
        // Validate the metadata now, as Google does at initiation.
        if (targetFileId == null) {
            DriveService.FileSpec spec = DriveEndpoints.spec(metadata, null);
            if (spec.parents() != null) {
                synchronized (state) {
                    for (String parent : spec.parents()) {
                        drive.visible(caller, parent);
                    }
                }
            }
        } else {
            DriveEndpoints.patch(metadata, request, null);
        }
        UploadSession session = new UploadSession();
        session.id = "AJ" + Ids.random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray(), 70);
        session.owner = caller.email();
        session.clientId = caller.clientId();
        session.targetFileId = targetFileId;
        session.metadataJson = metadata.toString();
        String xType = request.header("X-Upload-Content-Type");
        session.contentType = xType == null || xType.isBlank() ? null : Multipart.stripParams(xType);
        String xLength = request.header("X-Upload-Content-Length");
        if (xLength != null && !xLength.isBlank()) {
            try {
                session.declaredLength = Long.parseLong(xLength.trim());
            } catch (NumberFormatException e) {
                throw GoogleApiException.badRequest("Invalid X-Upload-Content-Length: " + xLength);
            }
            if (session.contentType == null || !session.contentType.startsWith(GoogleMime.PREFIX)) {
                drive.checkQuota(caller.email(), session.declaredLength);
            }
        }
        session.addParents = request.param("addParents");
        session.removeParents = request.param("removeParents");
        session.createdAt = state.now();
        synchronized (state) {
            state.uploads.put(session.id, session);
        }
        String query = request.exchange.getRequestURI().getRawQuery();
        String location = state.baseUrlForLinks() + request.path.substring(1) + "?" + (query == null ? "" : query + "&")
                + "upload_id=" + session.id;
        return Response.empty(200).header("Location", location).header("X-GUploader-UploadID", session.id);
    }

    private Response sessionPut(Request request) throws IOException {
        String uploadId = request.param("upload_id");
        UploadSession session;
        synchronized (state) {
            session = uploadId == null ? null : state.uploads.get(uploadId);
            if (session != null && !session.createdAt.plus(SESSION_LIFETIME).isAfter(state.now())) {
                state.uploads.remove(uploadId);
                session = null;
            }
        }
        if (session == null) {
            request.drain();
            return new GoogleApiException(404, "notFound", "Upload session not found or expired: " + uploadId,
                    "upload_id", "parameter").toResponse();
        }
        String contentRange = request.header("Content-Range");
        byte[] chunk = request.bodyKeepingPartial();
        boolean drop = request.dropArmed();
        synchronized (session) {
            if (session.completedFileId != null) {
                return finalResponse(session, endpoints.fileSelector(request));
            }
            long received = session.receivedLength();
            Long total;
            long start;
            boolean statusQuery = false;
            if (contentRange == null || contentRange.isBlank()) {
                start = 0;
                total = (long) chunk.length; // the whole content in one request
                if (received > 0 && chunk.length > 0) {
                    throw GoogleApiException.badRequest("Missing Content-Range on a resumed upload.");
                }
            } else {
                Matcher m = CONTENT_RANGE.matcher(contentRange);
                if (!m.matches()) {
                    throw GoogleApiException.badRequest("Invalid Content-Range: " + contentRange);
                }
                total = m.group(3).equals("*") ? null : Long.parseLong(m.group(3));
                if (m.group(1) == null) {
                    statusQuery = true;
                    start = received;
                } else {
                    start = Long.parseLong(m.group(1));
                    long end = Long.parseLong(m.group(2));
                    if (end - start + 1 != chunk.length && !drop) {
                        throw GoogleApiException.badRequest("Content-Range " + contentRange + " does not match the "
                                + chunk.length + " bytes sent.");
                    }
                }
            }
            if (session.declaredLength != null && total != null && !total.equals(session.declaredLength)) {
                throw GoogleApiException.badRequest("The upload's total size " + total
                        + " differs from X-Upload-Content-Length " + session.declaredLength + ".");
            }
            if (!statusQuery) {
                if (start > received) {
                    throw GoogleApiException.badRequest("Invalid request. According to the Content-Range header, the "
                            + "upload offset is " + start + " byte(s), which exceeds already uploaded size of "
                            + received + " byte(s).");
                }
                int skip = (int) (received - start); // bytes the server already has
                byte[] fresh = skip >= chunk.length ? new byte[0] : Arrays.copyOfRange(chunk, skip, chunk.length);
                boolean last = total != null && received + fresh.length >= total && !drop;
                if (!last && !drop && fresh.length > 0) {
                    if (chunk.length < CHUNK_GRANULARITY) {
                        throw GoogleApiException.badRequest("Invalid request. The number of bytes uploaded is required "
                                + "to be equal or greater than " + CHUNK_GRANULARITY + ", except for the final request "
                                + "(it's recommended to be the exact multiple of " + CHUNK_GRANULARITY + "). The "
                                + "received request contained " + chunk.length + " bytes, which does not meet this "
                                + "requirement.");
                    }
                    // Keep only whole 256 KiB units: the client learns from Range what to send again.
                    long keepTo = ((received + fresh.length) / CHUNK_GRANULARITY) * CHUNK_GRANULARITY;
                    fresh = Arrays.copyOf(fresh, (int) Math.max(0, keepTo - received));
                }
                if (total != null && received + fresh.length > total) {
                    throw GoogleApiException.badRequest("More bytes sent than the declared total " + total + ".");
                }
                session.append(fresh);
                if (drop) {
                    throw new Router.DropConnection("dropped mid-upload after " + chunk.length + " bytes");
                }
            }
            if (total != null && session.receivedLength() == total) {
                FieldSelector selector = endpoints.fileSelector(request);
                synchronized (state) { // lock order: session, then state
                    complete(session);
                    return finalResponse(session, selector);
                }
            }
            Response incomplete = Response.empty(308);
            if (session.receivedLength() > 0) {
                incomplete.header("Range", "bytes=0-" + (session.receivedLength() - 1));
            }
            incomplete.header("X-GUploader-UploadID", session.id);
            return incomplete;
        }
    }

    private void complete(UploadSession session) throws IOException {
        JsonNode metadata = Json.MAPPER.readTree(session.metadataJson);
        Caller caller = sessionCaller(session);
        if (session.targetFileId == null) {
            DriveFile file = createFile(caller, metadata, session.received(), session.contentType);
            session.completedFileId = file.id;
        } else {
            updateFile(caller, session.targetFileId, metadata, session.received(), session.addParents, session.removeParents);
            session.completedFileId = session.targetFileId;
        }
    }

    private Caller sessionCaller(UploadSession session) {
        // The session URI itself is the credential (as at Google); act with the initiating app's drive.file view.
        return new Caller(session.owner, session.clientId, java.util.Set.of(Scopes.DRIVE), Scopes.DriveAccess.FULL, null);
    }

    private Response finalResponse(UploadSession session, FieldSelector selector) {
        synchronized (state) {
            DriveFile file = state.files.get(session.completedFileId);
            if (file == null) {
                throw GoogleApiException.notFound(session.completedFileId);
            }
            return Response.json(200, endpoints.render(file, sessionCaller(session), selector));
        }
    }

    // ---- completion -------------------------------------------------------------------------------------

    private JsonNode finishCreate(Caller caller, JsonNode metadata, byte[] content, String contentType, Request request) {
        FieldSelector selector = endpoints.fileSelector(request);
        synchronized (state) { // the answer shows this create, not a later change by someone else
            DriveFile file = createFile(caller, metadata, content, contentType);
            return endpoints.render(file, caller, selector);
        }
    }

    private DriveFile createFile(Caller caller, JsonNode metadata, byte[] content, String contentType) {
        DriveService.FileSpec spec = DriveEndpoints.spec(metadata, content);
        if (spec.mimeType() == null) {
            spec = new DriveService.FileSpec(spec.id(), spec.name(), contentType == null ? "application/octet-stream" : contentType,
                    spec.parents(), spec.description(), spec.starred(), spec.properties(), spec.appProperties(),
                    spec.originalFilename(), spec.createdTime(), spec.modifiedTime(), content);
        }
        if (GoogleMime.FOLDER.equals(spec.mimeType()) && content.length > 0) {
            throw GoogleApiException.badRequest("A folder cannot have content.");
        }
        return drive.create(caller.email(), caller, spec);
    }

    private JsonNode finishUpdate(Caller caller, String fileId, JsonNode metadata, byte[] content, String addParents,
                                  String removeParents, Request request) {
        FieldSelector selector = endpoints.fileSelector(request);
        synchronized (state) { // the answer shows this update, not a later one
            DriveFile file = updateFile(caller, fileId, metadata, content, addParents, removeParents);
            return endpoints.render(file, caller, selector);
        }
    }

    private DriveFile updateFile(Caller caller, String fileId, JsonNode metadata, byte[] content, String addParents,
                                 String removeParents) {
        DriveService.Patch patch = DriveEndpoints.patch(metadata, addParents, removeParents, content);
        synchronized (state) {
            DriveFile file = drive.visible(caller, fileId);
            return drive.update(caller, file, patch);
        }
    }
}
