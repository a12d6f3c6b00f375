package dev.drivelink.core.sync.intake;

/**
 * Port: whether an S3 object version is one drivelink wrote itself. Objects the sync engine writes to
 * the app files bucket carry the user metadata {@value #KEY_METADATA} naming the key they were written
 * to (S3 sends it as {@code x-amz-meta-drivelink-key}); a user's copy or move of such an object carries
 * the metadata along to another key, so only a match of the key counts.
 */
public interface AppObjectMarks {

    /** The user-metadata name (without {@code x-amz-meta-}) of drivelink's mark. */
    String KEY_METADATA = dev.drivelink.core.sync.engine.AppFiles.WRITTEN_FOR_KEY;

    /**
     * @param versionId the version the notification named (null: the current one)
     * @return true when that version exists and carries drivelink's mark for {@code key}; false when it
     *         does not, or is gone already (then the change is someone's and a sync is asked for)
     */
    boolean writtenByDrivelink(String bucket, String key, String versionId);
}
