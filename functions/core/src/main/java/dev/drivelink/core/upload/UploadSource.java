package dev.drivelink.core.upload;

/** Where an upload's bytes come from. */
public sealed interface UploadSource permits UploadSource.S3, UploadSource.Url {

    /** An object in S3 (read with ranged GETs). */
    record S3(String bucket, String key) implements UploadSource {
    }

    /** A URL served over HTTP(S) (read with Range requests). */
    record Url(String url) implements UploadSource {
        /** scheme://host[:port]/path: what is left to say where it came from once it is no longer read. */
        public String withoutSecrets() {
            try {
                java.net.URI uri = new java.net.URI(url);
                return new java.net.URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toASCIIString();
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                int cut = url.indexOf('?');
                return cut < 0 ? url : url.substring(0, cut);
            }
        }
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
