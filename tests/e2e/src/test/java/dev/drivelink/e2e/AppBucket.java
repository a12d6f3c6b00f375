package dev.drivelink.e2e;

import dev.drivelink.localcloud.LocalCloud;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A project's app files as the host app sees them: objects under {@code projects/<project>/} in the app files bucket. */
record AppBucket(LocalCloud cloud, String bucket, String project) {

    String key(String path) {
        return "projects/" + project + "/" + path;
    }

    void put(String path, byte[] content) {
        cloud.aws().s3().putObject(r -> r.bucket(bucket).key(key(path)), RequestBody.fromBytes(content));
    }

    Optional<byte[]> get(String path) {
        try {
            return Optional.of(cloud.aws().s3().getObjectAsBytes(r -> r.bucket(bucket).key(key(path))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    Instant modified(String path) {
        return cloud.aws().s3().headObject(r -> r.bucket(bucket).key(key(path))).lastModified();
    }

    /** Every version S3 keeps of the path (delete markers left out), newest first. */
    List<byte[]> versions(String path) {
        return cloud.aws().s3().listObjectVersions(r -> r.bucket(bucket).prefix(key(path))).versions().stream()
                .filter(v -> v.key().equals(key(path)))
                .map(v -> cloud.aws().s3().getObjectAsBytes(r -> r.bucket(bucket).key(key(path)).versionId(v.versionId()))
                        .asByteArray()).toList();
    }

    /** The project's live paths (relative), sorted. */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        cloud.aws().s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(key(""))).contents()
                .forEach(o -> paths.add(o.key().substring(key("").length())));
        return paths.stream().sorted().toList();
    }
}
