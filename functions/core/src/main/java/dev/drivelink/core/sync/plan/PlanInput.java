package dev.drivelink.core.sync.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run of one project decides from. Time is an input ({@code now} names conflict
 * copies and dates conflict records); nothing else is read.
 *
 * @param base             the project's file-mapping records
 * @param app              the current app-side objects of the project
 * @param drive            the current Drive files (project folder, monitored folders, and any mapped
 *                         file id, trashed ones included)
 * @param deletesConfirmed the user confirmed the paused run ({@code POST .../sync/resume {"confirm":true}}):
 *                         the mass-delete guard does not stop this run
 */
public record PlanInput(List<BaseEntry> base, List<AppObject> app, List<DriveEntry> drive, SyncSettings settings,
                        Instant now, boolean deletesConfirmed) {
    public PlanInput {
        base = List.copyOf(base);
        app = List.copyOf(app);
        drive = List.copyOf(drive);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(now, "now");
    }
}
