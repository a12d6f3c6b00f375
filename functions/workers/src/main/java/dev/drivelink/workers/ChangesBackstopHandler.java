package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.drivelink.core.changes.ChangesBackstop;
import dev.drivelink.core.wiring.ChangesFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Schedule -> queue a changes run for every connection the push notifications may have missed. */
@Named("changes-backstop")
public class ChangesBackstopHandler implements RequestHandler<ScheduledEvent, ChangesBackstop.Result> {

    @Inject
    ChangesFeature changes;

    @Override
    public ChangesBackstop.Result handleRequest(ScheduledEvent event, Context context) {
        return changes.backstop().run(ScheduledEvent.firedAt(event));
    }
}
