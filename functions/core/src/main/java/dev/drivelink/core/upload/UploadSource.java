package dev.drivelink.core.upload;

/** Where an upload's bytes come from. */
public sealed interface UploadSource permits UploadSource.S3, UploadSource.Url {

    /** An object in S3 (read with ranged GETs). */
    record S3(String bucket, String key) implements UploadSource {
    }

    /** A URL served over HTTP(S) (read with Range requests). */
    record Url(String url) implements UploadSource {
    }

    default String describe() {
        if (this instanceof S3 s3) {
            return "s3://" + s3.bucket() + "/" + s3.key();
        }
        String url = ((Url) this).url();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
