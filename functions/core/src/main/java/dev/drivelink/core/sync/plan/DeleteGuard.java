package dev.drivelink.core.sync.plan;

/**
 * The mass-delete guard: a run whose deletes (both sides together) exceed {@code percent} % of the
 * project's mapped files and number more than {@code minimumDeletes} applies nothing and pauses.
 */
public record DeleteGuard(int percent, int minimumDeletes) {
    public static final DeleteGuard DEFAULT = new DeleteGuard(50, 10);

    public DeleteGuard {
        if (percent < 0 || minimumDeletes < 0) {
            throw new IllegalArgumentException("guard thresholds must not be negative");
        }
    }

    public boolean trips(int deletes, int mappedFiles) {
        return deletes > minimumDeletes && (long) deletes * 100 > (long) mappedFiles * percent;
    }
}
