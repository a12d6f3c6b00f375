package dev.drivelink.core.drive;

/**
 * Port implemented by the Google adapter: Drive's resources for one bearer credential, each call made
 * once, as asked. Only {@link DriveSession} uses it; everyone else opens a session with {@link DriveAccess}.
 */
public interface DriveApi {

    DriveResources with(DriveAccess.Bearer bearer);
}
