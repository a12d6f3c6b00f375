package dev.drivelink.core.drive;

/**
 * Port implemented by the Google adapter: Drive's resources for one bearer credential, each call made
 * once, as asked. Only {@link DriveSession} uses it; everyone else opens a session with {@link DriveAccess}.
 */
public interface DriveApi {

    /**
     * Drive's resources for one credential; every request waits at most {@code timeLeft} (null: the
     * configured timeouts only), so no call outlives the invocation or request that makes it.
     */
    DriveResources with(DriveAccess.Bearer bearer, java.time.Duration timeLeft);

    default DriveResources with(DriveAccess.Bearer bearer) {
        return with(bearer, null);
    }
}
