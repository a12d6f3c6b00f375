package dev.drivelink.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What moto leaves out of S3 event notifications: a delete on a versioned bucket (a delete marker)
 * sends nothing in moto 5.2, where S3 sends {@code ObjectRemoved:DeleteMarkerCreated}. For every
 * template bucket whose {@code NotificationConfiguration} sends {@code s3:ObjectRemoved:*} (or
 * {@code :DeleteMarkerCreated}) to a queue, this polls the bucket's versions (under the rule's prefix)
 * twice a second and sends each new delete marker's notification to that queue, in S3's shape (key
 * URL-encoded, versionId, sequencer). Everything else (puts, copies, version deletes) moto sends itself.
 */
final class S3RemovalNotices implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 500;

    private record Watch(String bucket, String prefix, String queueUrl) {
    }

    private final S3Client s3;
    private final SqsClient sqs;
    private final List<Watch> watches = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Consumer<String> log;
    private volatile boolean running;
    private Thread thread;

    S3RemovalNotices(Stack stack, Consumer<String> log) {
        this.log = log;
        this.s3 = stack.aws().s3();
        this.sqs = stack.aws().sqs();
        for (CloudTemplate.Resource bucket : stack.template().resourcesOfType("AWS::S3::Bucket")) {
            if (stack.resource(bucket.logicalId()).isEmpty()) {
                continue; // its condition was false
            }
            Map<String, Object> properties = CloudTemplate.map(stack.resolve(bucket.properties()));
            for (Object item : CloudTemplate.list(CloudTemplate.map(properties.get("NotificationConfiguration"))
                    .get("QueueConfigurations"))) {
                Map<String, Object> q = CloudTemplate.map(item);
                String event = String.valueOf(q.get("Event"));
                if (!event.equals("s3:ObjectRemoved:*") && !event.equals("s3:ObjectRemoved:DeleteMarkerCreated")) {
                    continue;
                }
                String prefix = "";
                for (Object rule : CloudTemplate.list(CloudTemplate.map(CloudTemplate.map(q.get("Filter")).get("S3Key"))
                        .get("Rules"))) {
                    Map<String, Object> r = CloudTemplate.map(rule);
                    if ("prefix".equalsIgnoreCase(String.valueOf(r.get("Name")))) {
                        prefix = String.valueOf(r.get("Value"));
                    }
                }
                String arn = String.valueOf(q.get("Queue"));
                String queueName = arn.substring(arn.lastIndexOf(':') + 1);
                watches.add(new Watch(stack.ref(bucket.logicalId()), prefix,
                        sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl()));
            }
        }
    }

    /** The buckets watched, as {@code bucket/prefix -> queue url}, for the banner. */
    List<String> describe() {
        return watches.stream().map(w -> w.bucket() + "/" + w.prefix() + " -> " + w.queueUrl()).toList();
    }

    void start() {
        if (watches.isEmpty()) {
            return;
        }
        watches.forEach(w -> markers(w).forEach(m -> seen.add(w.bucket() + "\0" + m.key() + "\0" + m.versionId())));
        running = true;
        thread = new Thread(this::run, "s3-removal-notices");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (Watch w : watches) {
                try {
                    for (DeleteMarkerEntry m : markers(w)) {
                        if (seen.add(w.bucket() + "\0" + m.key() + "\0" + m.versionId())) {
                            sqs.sendMessage(b -> b.queueUrl(w.queueUrl()).messageBody(event(w.bucket(), m)));
                        }
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        log.accept("s3 removal notices for " + w.bucket() + ": " + e);
                    }
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<DeleteMarkerEntry> markers(Watch w) {
        List<DeleteMarkerEntry> result = new ArrayList<>();
        s3.listObjectVersionsPaginator(b -> b.bucket(w.bucket()).prefix(w.prefix()))
                .forEach(page -> result.addAll(page.deleteMarkers()));
        return result;
    }

    static String event(String bucket, DeleteMarkerEntry marker) {
        Map<String, Object> object = Map.of("key", URLEncoder.encode(marker.key(), StandardCharsets.UTF_8),
                "versionId", marker.versionId(), "sequencer", Long.toHexString(System.nanoTime()).toUpperCase());
        Map<String, Object> record = Map.of("eventVersion", "2.1", "eventSource", "aws:s3", "awsRegion", LocalAws.REGION,
                "eventTime", Instant.now().toString(), "eventName", "ObjectRemoved:DeleteMarkerCreated",
                "s3", Map.of("s3SchemaVersion", "1.0", "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket),
                        "object", object));
        try {
            return JSON.writeValueAsString(Map.of("Records", List.of(record)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
