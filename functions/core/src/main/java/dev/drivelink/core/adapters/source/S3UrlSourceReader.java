package dev.drivelink.core.adapters.source;

import dev.drivelink.core.upload.SourceReader;
import dev.drivelink.core.upload.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads S3 objects with ranged GETs and URLs with Range requests. Buckets must be on the configured
 * list; URLs must be https and public unless local development allows otherwise (no reaching into
 * private networks from a Lambda).
 */
public final class S3UrlSourceReader implements SourceReader {

    private final S3Client s3;
    private final Set<String> allowedBuckets;
    private final boolean allowInsecureUrls;
    private final Duration timeout;

    public S3UrlSourceReader(S3Client s3, Set<String> allowedBuckets, boolean allowInsecureUrls, Duration timeout) {
        this.s3 = s3;
        this.allowedBuckets = Set.copyOf(allowedBuckets);
        this.allowInsecureUrls = allowInsecureUrls;
        this.timeout = timeout;
    }

    @Override
    public OptionalLong size(UploadSource source) {
        if (source instanceof UploadSource.S3 o) {
            checkBucket(o);
            try {
                return OptionalLong.of(s3.headObject(r -> r.bucket(o.bucket()).key(o.key())).contentLength());
            } catch (S3Exception e) {
                throw s3Failure(o, e);
            } catch (SdkClientException e) {
                throw new SourceUnavailable("cannot reach S3 for " + source.describe(), false, e);
            }
        }
        HttpURLConnection head = connect((UploadSource.Url) source, "HEAD", 0);
        try {
            // Some servers (and presigned URLs) refuse HEAD: then the size is learned while streaming.
            long length = head.getResponseCode() < 300 ? head.getContentLengthLong() : -1;
            return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } finally {
            head.disconnect();
        }
    }

    @Override
    public InputStream open(UploadSource source, long offset) {
        if (source instanceof UploadSource.S3 o) {
            checkBucket(o);
            try {
                return s3.getObject(r -> {
                    r.bucket(o.bucket()).key(o.key());
                    if (offset > 0) {
                        r.range("bytes=" + offset + "-");
                    }
                });
            } catch (S3Exception e) {
                throw s3Failure(o, e);
            } catch (SdkClientException e) {
                throw new SourceUnavailable("cannot reach S3 for " + source.describe(), false, e);
            }
        }
        HttpURLConnection get = connect((UploadSource.Url) source, "GET", offset);
        try {
            int status = get.getResponseCode();
            if (status >= 400) {
                get.disconnect();
                throw httpFailure(source, status);
            }
            InputStream in = get.getInputStream();
            if (offset > 0 && status != 206) {
                in.skipNBytes(offset); // the server ignored Range: skip what Drive already has
            }
            return in;
        } catch (IOException e) {
            get.disconnect();
            throw new SourceUnavailable("cannot read " + source.describe() + ": " + e.getMessage(), false, e);
        }
    }

    private void checkBucket(UploadSource.S3 o) {
        if (!allowedBuckets.contains(o.bucket())) {
            throw new SourceUnavailable("bucket " + o.bucket() + " is not an allowed upload source", true, null);
        }
    }

    private HttpURLConnection connect(UploadSource.Url source, String method, long offset) {
        URI uri;
        try {
            uri = URI.create(source.url());
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailable("not a URL: " + source.describe(), true, e);
        }
        checkUrl(uri);
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setRequestMethod(method);
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            if (offset > 0) {
                c.setRequestProperty("Range", "bytes=" + offset + "-");
            }
            return c;
        } catch (IOException e) {
            throw new SourceUnavailable("cannot open " + source.describe() + ": " + e.getMessage(), false, e);
        }
    }

    void checkUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https") && !(allowInsecureUrls && scheme.equals("http"))) {
            throw new SourceUnavailable("URL sources must be https", true, null);
        }
        if (allowInsecureUrls) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    throw new SourceUnavailable("URL sources must be on the public internet", true, null);
                }
            }
        } catch (UnknownHostException e) {
            throw new SourceUnavailable("unknown host in " + uri.getHost(), false, e);
        }
    }

    private static SourceUnavailable s3Failure(UploadSource.S3 o, S3Exception e) {
        boolean permanent = e instanceof NoSuchKeyException || e.statusCode() == 404 || e.statusCode() == 403;
        return new SourceUnavailable((e.statusCode() == 404 ? "no such object: " : "S3 refused: ") + o.describe()
                + " (" + e.statusCode() + ")", permanent, e);
    }

    private static SourceUnavailable httpFailure(UploadSource source, int status) {
        boolean permanent = status == 404 || status == 410 || status == 403 || status == 401;
        return new SourceUnavailable(source.describe() + " answered " + status, permanent, null);
    }
}
