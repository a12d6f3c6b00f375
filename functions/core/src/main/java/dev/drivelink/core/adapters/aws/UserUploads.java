package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.s;

import dev.drivelink.core.upload.UploadJob;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's upload jobs, listed in the user's partition ({@code USER#u / UPLOAD#<id>}) when a job is
 * created, so that erasing the user finds them with a Query. The job item itself stays out of every
 * index (its progress saves write one item). The entry outlives the job: its TTL is the job's
 * longest possible life (the queue's retention) plus the finished-job TTL.
 */
final class UserUploads {

    private static final Logger LOG = Logger.getLogger(UserUploads.class);
    /** How long a job can stay unfinished at most: SQS keeps a message 14 days. */
    static final Duration LONGEST_JOB = Duration.ofDays(14);

    private UserUploads() {
    }

    /** Best effort: without the entry the job still expires by its own TTL. */
    static void remember(DynamoDbClient dynamo, String table, UploadJob job, Duration finishedJobTtl) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.userUpload(job.userId(), job.id()));
        item.put(Keys.TYPE, s("user-upload"));
        item.put("uploadId", s(job.id()));
        item.put(Keys.TTL, n(job.createdAt().plus(LONGEST_JOB).plus(finishedJobTtl).getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item));
        } catch (RuntimeException e) {
            LOG.warnf("upload %s: not listed for user %s (%s); it expires by its TTL", job.id(), job.userId(), e.toString());
        }
    }

    /** The job item an entry of the user's partition stands for, if it is one. */
    static Map<String, AttributeValue> jobKey(Map<String, AttributeValue> userItemKey) {
        String sk = Attrs.str(userItemKey, Keys.SK);
        return sk != null && sk.startsWith(Keys.USER_UPLOAD_PREFIX)
                ? Keys.upload(sk.substring(Keys.USER_UPLOAD_PREFIX.length())) : null;
    }
}
