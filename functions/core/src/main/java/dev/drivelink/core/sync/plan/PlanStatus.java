package dev.drivelink.core.sync.plan;

/** {@code OK}: apply the actions. {@code PAUSED}: the mass-delete guard stopped the run; nothing to apply. */
public enum PlanStatus {
    OK,
    PAUSED
}
