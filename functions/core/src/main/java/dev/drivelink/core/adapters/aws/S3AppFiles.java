package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.sync.engine.AppFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The app side over a versioned S3 bucket: {@code {prefix}{projectId}/{path}}. Listing is one
 * ListObjectVersions walk (it carries the version ids ListObjectsV2 lacks); writes are conditional
 * (If-Match / If-None-Match); deletes leave delete markers.
 */
public final class S3AppFiles implements AppFiles {

    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3AppFiles(S3Client s3, String bucket, String prefix) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("DRIVELINK_APP_FILES_BUCKET is not set: the sync engine has no app side");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
    }

    private String projectPrefix(String projectId) {
        return prefix + projectId + "/";
    }

    private String key(String projectId, String path) {
        return projectPrefix(projectId) + path;
    }

    @Override
    public List<AppFile> list(String projectId) {
        String p = projectPrefix(projectId);
        List<AppFile> files = new ArrayList<>();
        for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(p))) {
            for (ObjectVersion v : page.versions()) {
                if (!Boolean.TRUE.equals(v.isLatest()) || v.key().endsWith("/")) {
                    continue;
                }
                String etag = unquote(v.eTag());
                files.add(new AppFile(v.key().substring(p.length()), v.versionId(), etag, md5OfEtag(etag), v.size(),
                        v.lastModified(), null, null));
            }
        }
        return files;
    }

    @Override
    public Optional<AppFile> head(String projectId, String path) {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(key(projectId, path)));
            return Optional.of(file(path, h.versionId(), h.eTag(), h.contentLength(), h.lastModified(),
                    h.contentType(), h.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HEAD of a key whose latest version is a delete marker
            }
            throw e;
        }
    }

    @Override
    public InputStream get(String projectId, String path, String versionId) {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key(projectId, path)).versionId(versionId));
        } catch (NoSuchKeyException e) {
            throw new PreconditionFailed(path + (versionId == null ? "" : "@" + versionId) + " is gone");
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 405) {
                throw new PreconditionFailed(path + (versionId == null ? "" : "@" + versionId) + " is gone");
            }
            throw e;
        }
    }

    @Override
    public AppFile put(String projectId, String path, InputStream content, long size, String contentType, String md5,
                       String expectedEtag) {
        String key = key(projectId, path);
        Digesting body = new Digesting(content);
        var response = conditional(path, () -> s3.putObject(r -> {
            r.bucket(bucket).key(key).contentLength(size)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .metadata(Map.of(WRITTEN_FOR_KEY, key, MD5, md5));
            if (expectedEtag == null) {
                r.ifNoneMatch("*");
            } else {
                r.ifMatch(quote(expectedEtag));
            }
        }, RequestBody.fromInputStream(body, size)));
        String written = body.hex();
        if (body.count != size || !written.equalsIgnoreCase(md5)) {
            // our own bad write: remove exactly that version, the previous one is current again
            s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(response.versionId()));
            throw new ContentMismatch("wrote " + body.count + " bytes with MD5 " + written + " to " + path
                    + ", expected " + size + " bytes with MD5 " + md5);
        }
        return head(projectId, path).filter(f -> f.versionId().equals(response.versionId()))
                .orElseGet(() -> new AppFile(path, response.versionId(), unquote(response.eTag()), md5, size,
                        java.time.Instant.now(), contentType, key));
    }

    @Override
    public void delete(String projectId, String path, String expectedVersionId) {
        Optional<AppFile> current = head(projectId, path);
        if (current.isEmpty()) {
            return;
        }
        if (expectedVersionId != null && !expectedVersionId.equals(current.get().versionId())) {
            throw new PreconditionFailed(path + " is at version " + current.get().versionId() + ", not "
                    + expectedVersionId);
        }
        // no versionId: a delete marker, never a permanent delete
        s3.deleteObject(r -> r.bucket(bucket).key(key(projectId, path)));
    }

    @Override
    public AppFile copy(String projectId, String fromPath, String fromVersionId, String toPath, String md5) {
        String to = key(projectId, toPath);
        String from = key(projectId, fromPath);
        HeadObjectResponse source = s3.headObject(r -> r.bucket(bucket).key(from).versionId(fromVersionId));
        if (head(projectId, toPath).isPresent()) {
            throw new PreconditionFailed(toPath + " exists");
        }
        var response = conditional(toPath, () -> s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from)
                .sourceVersionId(fromVersionId).destinationBucket(bucket).destinationKey(to)
                .metadataDirective(MetadataDirective.REPLACE).contentType(source.contentType())
                .metadata(Map.of(WRITTEN_FOR_KEY, to, MD5, md5))));
        return head(projectId, toPath).orElseGet(() -> new AppFile(toPath, response.versionId(),
                unquote(response.copyObjectResult().eTag()), md5, source.contentLength(),
                response.copyObjectResult().lastModified(), source.contentType(), to));
    }

    private AppFile file(String path, String versionId, String etag, Long size, java.time.Instant modified,
                         String contentType, Map<String, String> metadata) {
        String e = unquote(etag);
        String md5 = metadata.get(MD5);
        return new AppFile(path, versionId, e, md5 != null ? md5 : md5OfEtag(e), size == null ? 0 : size, modified,
                contentType, metadata.get(WRITTEN_FOR_KEY));
    }

    private static <T> T conditional(String path, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new PreconditionFailed(path + " changed: " + e.awsErrorDetails().errorCode());
            }
            throw e;
        }
    }

    /** The ETag of a single-part upload is the content's MD5; a multipart one (with a dash) is not. */
    static String md5OfEtag(String etag) {
        return etag != null && PLAIN_MD5.matcher(etag).matches() ? etag : null;
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static String quote(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    /** Counts and hashes what the SDK reads. */
    private static final class Digesting extends FilterInputStream {
        private final MessageDigest md5;
        long count;

        Digesting(InputStream in) {
            super(in);
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                md5.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                md5.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        String hex() {
            return HexFormat.of().formatHex(md5.digest());
        }
    }
}
