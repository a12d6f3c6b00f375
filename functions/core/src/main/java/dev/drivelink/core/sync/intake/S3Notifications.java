package dev.drivelink.core.sync.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of an S3 event notification as S3 puts it on an SQS queue
 * (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">event
 * structure 2.x</a>): {@code {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
 * "s3":{"bucket":{"name"},"object":{"key","versionId","eTag","sequencer"}}}]}}, or the
 * {@code s3:TestEvent} S3 sends when notifications are configured. Object keys arrive URL-encoded
 * (a space as {@code +}) and are decoded here.
 */
public final class S3Notifications {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest body SQS carries; a longer one is not a notification. */
    private static final int MAX_BODY = 262_144;

    private S3Notifications() {
    }

    /** What happened to an object. */
    public enum Kind {
        /** ObjectCreated:* (put, post, copy, multipart upload). */
        CREATED,
        /** ObjectRemoved:* and LifecycleExpiration:* (a delete, a delete marker). */
        REMOVED,
        /** Anything else (tagging, ACL, restore, storage class): not a change of content. */
        OTHER
    }

    /** One record: an object version that was created or removed. */
    public record ObjectChange(String eventName, Kind kind, String bucket, String key, String versionId, String eTag,
                               String sequencer) {
    }

    /**
     * A parsed body.
     *
     * @param testEvent true for the {@code s3:TestEvent} (no records)
     */
    public record Notification(boolean testEvent, String testBucket, List<ObjectChange> changes) {
        public Notification {
            changes = List.copyOf(changes);
        }
    }

    /** The body is not an S3 notification; retrying cannot help (dead-letter it with this reason). */
    public static final class InvalidNotification extends RuntimeException {
        public InvalidNotification(String reason) {
            super(reason);
        }
    }

    public static Notification parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidNotification("the message is empty");
        }
        if (body.length() > MAX_BODY) {
            throw new InvalidNotification("the message is larger than an S3 notification can be");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidNotification("the message is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidNotification("the message must be a JSON object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
            return new Notification(true, root.path("Bucket").asText(null), List.of());
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new InvalidNotification("not an S3 event notification: \"Records\" (an array) is missing");
        }
        if (records.isEmpty()) {
            throw new InvalidNotification("the notification has no records");
        }
        List<ObjectChange> changes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            changes.add(record(records.get(i), i));
        }
        return new Notification(false, null, changes);
    }

    private static ObjectChange record(JsonNode r, int index) {
        String where = "record " + index + ": ";
        if (!r.isObject()) {
            throw new InvalidNotification(where + "not an object");
        }
        String source = text(r, "eventSource");
        if (!"aws:s3".equals(source)) {
            throw new InvalidNotification(where + "eventSource is " + (source == null ? "missing" : "\"" + source + "\"")
                    + ", expected \"aws:s3\"");
        }
        String eventName = text(r, "eventName");
        if (eventName == null) {
            throw new InvalidNotification(where + "eventName is missing");
        }
        String bucket = text(r.path("s3").path("bucket"), "name");
        if (bucket == null) {
            throw new InvalidNotification(where + "s3.bucket.name is missing");
        }
        String rawKey = text(r.path("s3").path("object"), "key");
        if (rawKey == null) {
            throw new InvalidNotification(where + "s3.object.key is missing");
        }
        String key;
        try {
            key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidNotification(where + "s3.object.key is not URL-encoded: " + e.getMessage());
        }
        JsonNode object = r.path("s3").path("object");
        return new ObjectChange(eventName, kind(eventName), bucket, key, text(object, "versionId"),
                text(object, "eTag"), text(object, "sequencer"));
    }

    static Kind kind(String eventName) {
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name.startsWith("ObjectCreated:")) {
            return Kind.CREATED;
        }
        if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")) {
            return Kind.REMOVED;
        }
        return Kind.OTHER;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty() ? null : v.asText();
    }
}
