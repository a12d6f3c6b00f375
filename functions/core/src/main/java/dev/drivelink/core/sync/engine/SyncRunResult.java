package dev.drivelink.core.sync.engine;

import java.util.List;

/**
 * What one {@link SyncEngine#run} did, per project of the request.
 *
 * @param projects one outcome per project the request covered (none: no project uses the connection)
 */
public record SyncRunResult(String requestId, List<ProjectOutcome> projects) {

    public SyncRunResult {
        projects = List.copyOf(projects);
    }

    /** How the run of one project ended. */
    public enum Outcome {
        /** The plan was applied (every action done, or skipped because a side changed meanwhile). */
        SYNCED,
        /** Nothing to do: the project is not synced (inactive, mode off) or is paused and not resumed. */
        SKIPPED,
        /** The mass-delete guard stopped the run: nothing changed, the project is paused. */
        PAUSED,
        /** Some actions failed; their mappings were left, the next run tries again. */
        FAILED
    }

    /**
     * @param actions   side actions applied (done now)
     * @param unchanged side actions found already done or skipped on a failed precondition
     * @param failed    side actions that failed
     * @param detail    why, for SKIPPED / PAUSED / FAILED (null when SYNCED)
     */
    public record ProjectOutcome(String projectId, Outcome outcome, int actions, int unchanged, int failed,
                                 String detail) {
    }

    /** True when every project synced, was skipped or paused (nothing to retry). */
    public boolean complete() {
        return projects.stream().noneMatch(p -> p.outcome() == Outcome.FAILED);
    }
}
