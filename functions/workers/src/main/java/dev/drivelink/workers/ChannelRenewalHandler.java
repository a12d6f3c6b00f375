package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.drivelink.core.changes.ChannelRenewal;
import dev.drivelink.core.wiring.ChangesFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Schedule -> renew the watch channels expiring within the renewal window. */
@Named("channel-renewal")
public class ChannelRenewalHandler implements RequestHandler<ScheduledEvent, ChannelRenewal.Result> {

    @Inject
    ChangesFeature changes;

    @Override
    public ChannelRenewal.Result handleRequest(ScheduledEvent event, Context context) {
        return changes.renewal().run(ScheduledEvent.firedAt(event));
    }
}
