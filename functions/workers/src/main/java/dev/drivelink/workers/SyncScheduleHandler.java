package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.drivelink.core.sync.intake.ScheduledSyncs;
import dev.drivelink.core.wiring.SyncIntakeFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Schedule -> sync requests for the hourly and daily projects that are due. */
@Named("sync-schedule")
public class SyncScheduleHandler implements RequestHandler<ScheduledEvent, ScheduledSyncs.Result> {

    @Inject
    SyncIntakeFeature intake;

    @Override
    public ScheduledSyncs.Result handleRequest(ScheduledEvent event, Context context) {
        return intake.scheduledSyncs().run();
    }
}
