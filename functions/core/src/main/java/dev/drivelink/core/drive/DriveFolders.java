package dev.drivelink.core.drive;

import dev.drivelink.core.connection.GoogleAccount;

/** Port: the Drive calls the connection flow needs, made with a given access token. */
public interface DriveFolders {

    GoogleAccount about(String accessToken);

    /** @throws DriveException NOT_FOUND if it does not exist or this app may not see it */
    DriveItem get(String accessToken, String fileId);

    /** Creates a folder under {@code parentId}, or under My Drive when it is null. */
    DriveItem createFolder(String accessToken, String name, String parentId);
}
