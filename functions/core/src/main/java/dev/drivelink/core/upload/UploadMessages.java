package dev.drivelink.core.upload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.core.connection.ConnectionIds;
import dev.drivelink.core.drive.DriveNames;
import java.util.regex.Pattern;

/**
 * The upload request message (version 1): reading it with reasons a person can act on, and writing
 * it. The JSON schema in docs/upload-request.schema.json says the same in a machine-checkable way.
 */
public final class UploadMessages {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_APP_REF_BYTES = 4 * 1024;
    static final int MAX_FOLDER_PATH_CHARS = 5120;
    private static final Pattern MIME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    /** Messages are flat: deep nesting or endless numbers are refused while parsing, with a reason. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64)
                    .maxStringLength(MAX_MESSAGE_BYTES).build())
            .build()).build();

    private UploadMessages() {
    }

    /** The message is unusable; {@code reason} says why. Retrying cannot help. */
    public static final class InvalidUploadRequest extends RuntimeException {
        public InvalidUploadRequest(String reason) {
            super(reason);
        }
    }

    public static UploadRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidUploadRequest("the message is empty; send an upload request as JSON");
        }
        if (body.length() > MAX_MESSAGE_BYTES) {
            throw new InvalidUploadRequest("the message is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidUploadRequest("the message is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidUploadRequest("the message must be a JSON object");
        }
        return fromJson(root, true);
    }

    /** Reads a request; {@code needsVersion} is false for the HTTP API, where the version is implied. */
    public static UploadRequest fromJson(JsonNode root, boolean needsVersion) {
        int version = UploadRequest.CURRENT_VERSION;
        if (root.has("version") || needsVersion) {
            JsonNode v = root.get("version");
            if (v == null || !v.isInt()) {
                throw new InvalidUploadRequest("\"version\" is required and must be 1");
            }
            if (v.asInt() != UploadRequest.CURRENT_VERSION) {
                throw new InvalidUploadRequest("version " + v.asInt() + " is not supported; this worker reads version 1");
            }
            version = v.asInt();
        }
        String connectionId = text(root, "connectionId", true);
        if (!ConnectionIds.looksValid(connectionId)) {
            throw new InvalidUploadRequest("\"connectionId\" must be a connection id (dc_ and 32 hex digits)");
        }
        UploadSource source = source(root.get("source"));
        String fileName = DriveNames.normalize(text(root, "fileName", true));
        DriveNames.whyInvalid(fileName).ifPresent(why -> {
            throw new InvalidUploadRequest("\"fileName\" " + why);
        });
        String mimeType = text(root, "mimeType", true);
        if (!MIME.matcher(mimeType).matches()) {
            throw new InvalidUploadRequest("\"mimeType\" must look like type/subtype, e.g. audio/wav");
        }
        String folderPath = text(root, "folderPath", false);
        if (folderPath != null) {
            if (folderPath.length() > MAX_FOLDER_PATH_CHARS) {
                throw new InvalidUploadRequest("\"folderPath\" is longer than " + MAX_FOLDER_PATH_CHARS + " characters");
            }
            try {
                // stored as drivelink uses it: normalized segments, one slash between them
                folderPath = String.join("/", FolderPaths.segments(folderPath));
            } catch (RuntimeException e) {
                throw new InvalidUploadRequest(e.getMessage());
            }
            folderPath = folderPath.isEmpty() ? null : folderPath;
        }
        String appRef = null;
        JsonNode ref = root.get("appRef");
        if (ref != null && !ref.isNull()) {
            if (!ref.isObject() && !ref.isTextual()) {
                throw new InvalidUploadRequest("\"appRef\" must be a JSON object or a string");
            }
            appRef = ref.toString();
            if (appRef.length() > MAX_APP_REF_BYTES) {
                throw new InvalidUploadRequest("\"appRef\" is larger than " + MAX_APP_REF_BYTES + " bytes");
            }
        }
        String key = text(root, "idempotencyKey", false);
        if (key != null && !KEY.matcher(key).matches()) {
            throw new InvalidUploadRequest("\"idempotencyKey\" must be 1-200 printable ASCII characters");
        }
        String uploadId = text(root, "uploadId", false);
        if (uploadId != null && !UploadJobs.looksLikeJobId(uploadId)) {
            throw new InvalidUploadRequest("\"uploadId\" must be an upload id (up_ and 32 hex digits)");
        }
        return new UploadRequest(version, uploadId, connectionId, source, fileName, mimeType, folderPath, appRef, key);
    }

    private static UploadSource source(JsonNode source) {
        if (source == null || !source.isObject()) {
            throw new InvalidUploadRequest("\"source\" is required: {\"s3\":{\"bucket\",\"key\"}} or {\"url\":\"https://...\"}");
        }
        if (source.has("s3") && source.has("url")) {
            throw new InvalidUploadRequest("\"source\" must have either s3 or url, not both");
        }
        if (source.has("s3")) {
            JsonNode s3 = source.get("s3");
            if (!s3.isObject()) {
                throw new InvalidUploadRequest("\"source.s3\" must be {\"bucket\",\"key\"}");
            }
            return new UploadSource.S3(text(s3, "bucket", true, "source.s3.bucket"), text(s3, "key", true, "source.s3.key"));
        }
        if (source.has("url")) {
            String url = text(source, "url", true, "source.url");
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new InvalidUploadRequest("\"source.url\" must be an http(s) URL");
            }
            return new UploadSource.Url(url);
        }
        throw new InvalidUploadRequest("\"source\" must have s3 or url");
    }

    private static String text(JsonNode node, String field, boolean required) {
        return text(node, field, required, field);
    }

    private static String text(JsonNode node, String field, boolean required, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                throw new InvalidUploadRequest("\"" + name + "\" is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidUploadRequest("\"" + name + "\" must be a string");
        }
        return value.asText();
    }

    /** The appRef text as the JSON value the producer sent (an object or a string); null for none. */
    public static JsonNode appRefJson(String appRef) {
        if (appRef == null) {
            return null;
        }
        try {
            return JSON.readTree(appRef);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(appRef); // stored before it was checked as JSON: keep it as text
        }
    }

    public static String write(UploadRequest r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", r.version());
        if (r.uploadId() != null) {
            root.put("uploadId", r.uploadId());
        }
        root.put("connectionId", r.connectionId());
        ObjectNode source = root.putObject("source");
        if (r.source() instanceof UploadSource.S3 s3) {
            source.putObject("s3").put("bucket", s3.bucket()).put("key", s3.key());
        } else {
            source.put("url", ((UploadSource.Url) r.source()).url());
        }
        root.put("fileName", r.fileName());
        root.put("mimeType", r.mimeType());
        if (r.folderPath() != null) {
            root.put("folderPath", r.folderPath());
        }
        if (r.appRef() != null) {
            try {
                root.set("appRef", JSON.readTree(r.appRef()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (r.idempotencyKey() != null) {
            root.put("idempotencyKey", r.idempotencyKey());
        }
        return root.toString();
    }
}
