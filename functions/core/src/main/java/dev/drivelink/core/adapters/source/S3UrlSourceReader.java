package dev.drivelink.core.adapters.source;

import dev.drivelink.core.upload.SourceReader;
import dev.drivelink.core.upload.UploadSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads S3 objects with ranged GETs (buckets must be on the configured list) and URLs through
 * {@link UrlSource}, which keeps them on the public internet.
 */
public final class S3UrlSourceReader implements SourceReader {

    private final S3Client s3;
    private final Set<String> allowedBuckets;
    private final UrlSource urls;

    public S3UrlSourceReader(S3Client s3, Set<String> allowedBuckets, UrlSource urls) {
        this.s3 = s3;
        this.allowedBuckets = Set.copyOf(allowedBuckets);
        this.urls = urls;
    }

    @Override
    public OptionalLong size(UploadSource source, Instant deadline) {
        if (source instanceof UploadSource.S3 o) {
            checkBucket(o);
            try {
                return OptionalLong.of(s3.headObject(r -> r.bucket(o.bucket()).key(o.key())
                        .overrideConfiguration(c -> timeLeft(deadline).ifPresent(c::apiCallTimeout))).contentLength());
            } catch (S3Exception e) {
                throw s3Failure(o, e);
            } catch (SdkClientException e) {
                throw new SourceUnavailable("cannot reach S3 for " + source.describe(), false, e);
            }
        }
        return urls.size((UploadSource.Url) source, deadline);
    }

    @Override
    public InputStream open(UploadSource source, long offset, Instant deadline) {
        if (source instanceof UploadSource.S3 o) {
            checkBucket(o);
            try {
                return new DeadlineStream(s3.getObject(r -> {
                    r.bucket(o.bucket()).key(o.key());
                    if (offset > 0) {
                        r.range("bytes=" + offset + "-");
                    }
                }), deadline);
            } catch (S3Exception e) {
                throw s3Failure(o, e);
            } catch (SdkClientException e) {
                throw new SourceUnavailable("cannot reach S3 for " + source.describe(), false, e);
            }
        }
        return urls.open((UploadSource.Url) source, offset, deadline);
    }

    private static java.util.Optional<Duration> timeLeft(Instant deadline) {
        if (deadline == null) {
            return java.util.Optional.empty();
        }
        Duration left = Duration.between(Instant.now(), deadline);
        return java.util.Optional.of(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
    }

    /** An S3 body whose reads fail once the deadline has passed (the SDK's socket timeout bounds each read). */
    private static final class DeadlineStream extends FilterInputStream {
        private final Instant deadline;

        DeadlineStream(InputStream in, Instant deadline) {
            super(in);
            this.deadline = deadline;
        }

        private void check() throws IOException {
            if (deadline != null && !Instant.now().isBefore(deadline)) {
                throw new SocketTimeoutException("the time for this run is up while reading from S3");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }
    }

    private void checkBucket(UploadSource.S3 o) {
        if (!allowedBuckets.contains(o.bucket())) {
            throw new SourceUnavailable("bucket " + o.bucket() + " is not an allowed upload source", true, null);
        }
    }

    private static SourceUnavailable s3Failure(UploadSource.S3 o, S3Exception e) {
        boolean permanent = e instanceof NoSuchKeyException || e.statusCode() == 404 || e.statusCode() == 403;
        return new SourceUnavailable((e.statusCode() == 404 ? "no such object: " : "S3 refused: ") + o.describe()
                + " (" + e.statusCode() + ")", permanent, e);
    }
}
