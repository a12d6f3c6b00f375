package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.ConflictPolicy;

import dev.drivelink.core.sync.conflict.Keep;

import java.util.List;

/**
 * The sync planner: pure functions from a project's base, both sides' listings and its settings to
 * the actions that bring the sides together (SYNC.md beside the module's pom is the specification).
 * No I/O, no clock: {@link PlanInput#now()} is the time.
 */
public final class SyncPlanner {
    private SyncPlanner() {
    }

    /** One sync run of one project. */
    public static Plan plan(PlanInput input) {
        return new PlanRun(input, null, null).plan();
    }

    /**
     * The manual resolution of the conflict parked at {@code path}: {@code keep} acts once as the
     * matching policy ({@code app_wins}, {@code drive_wins}, {@code keep_both}) on the current state of
     * that file; nothing else in the project is touched. The user chose, so the delete guard does not
     * apply.
     *
     * @throws IllegalArgumentException when no conflict is parked at {@code path}
     */
    public static Plan resolveConflict(PlanInput input, String path, Keep keep) {
        BaseEntry entry = input.base().stream().filter(b -> b.path().equals(path) && b.inConflict()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no conflict at " + path));
        PlanInput confirmed = new PlanInput(input.base(), input.app(), input.drive(), input.settings(), input.now(),
                true);
        return new PlanRun(confirmed, policyOf(keep), entry).plan();
    }

    /**
     * Import picked Drive files into the project ({@code selective_sync}): each is downloaded to its
     * target path (default {@code from-drive/<name>}; a taken path gets a conflict copy name) and
     * mapped as imported. A file already mapped is only marked imported.
     */
    public static ImportPlan planImport(PlanInput input, List<ImportRequest> requests) {
        return new PlanRun(input, null, null).imports(requests);
    }

    /** The policy a user's answer applies, once. */
    static ConflictPolicy policyOf(Keep keep) {
        return switch (keep) {
            case APP -> ConflictPolicy.APP_WINS;
            case DRIVE -> ConflictPolicy.DRIVE_WINS;
            case BOTH -> ConflictPolicy.KEEP_BOTH;
        };
    }
}
