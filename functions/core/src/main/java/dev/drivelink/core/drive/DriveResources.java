package dev.drivelink.core.drive;

/** Drive's API grouped by resource, as the session and the Google adapter both offer it. */
public interface DriveResources {

    DriveFiles files();

    DriveUploads uploads();

    DriveChanges changes();

    DriveChannels channels();

    DriveAbout about();
}
