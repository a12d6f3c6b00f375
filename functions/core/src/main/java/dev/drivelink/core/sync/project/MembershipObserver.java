package dev.drivelink.core.sync.project;

/**
 * Told around a change of a user's memberships, so it can compare what they implied before and
 * after (the settings start or stop watch channels with it).
 */
@FunctionalInterface
public interface MembershipObserver {

    /** Called before the change; the returned action runs after it, only if something changed. */
    Runnable changing(String userId);

    MembershipObserver NONE = userId -> () -> { };
}
