package dev.drivelink.core.drive;

import dev.drivelink.core.connection.GoogleAccount;

/** Drive's {@code about} resource: whose Drive this is. */
public interface DriveAbout {

    GoogleAccount user();
}
