package dev.drivelink.core.adapters.aws;

import dev.drivelink.core.sync.intake.AppObjectMarks;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** drivelink's mark on an app object version, read with one HeadObject (S3 event records carry no metadata). */
public final class S3AppObjectMarks implements AppObjectMarks {

    private final S3Client s3;

    public S3AppObjectMarks(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public boolean writtenByDrivelink(String bucket, String key, String versionId) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 405) {
                return false; // gone already (or a delete marker): whatever happened next is someone's change
            }
            throw e;
        }
        return key.equals(head.metadata().get(KEY_METADATA));
    }
}
