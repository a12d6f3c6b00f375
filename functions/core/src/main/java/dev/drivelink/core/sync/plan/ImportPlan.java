package dev.drivelink.core.sync.plan;

import java.util.Map;

/**
 * The plan of an import of picked Drive files, and the ids that cannot be imported with the reason
 * (for the API's answer).
 */
public record ImportPlan(Plan plan, Map<String, String> rejected) {
    public ImportPlan {
        rejected = Map.copyOf(rejected);
    }
}
