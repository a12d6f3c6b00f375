package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.drivelink.core.sync.retention.Retention;
import dev.drivelink.core.wiring.RetentionFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/** Schedule -> purge the sync data of connections revoked longer ago than the grace period. */
@Named("retention-sweep")
public class RetentionSweepHandler implements RequestHandler<ScheduledEvent, Retention.Sweep> {

    private static final Logger LOG = Logger.getLogger(RetentionSweepHandler.class);

    @Inject
    RetentionFeature retention;

    @Override
    public Retention.Sweep handleRequest(ScheduledEvent event, Context context) {
        Retention.Sweep sweep = retention.retention().sweepRevoked();
        LOG.infof("retention sweep: %d connections purged, %d items deleted, %d failures", sweep.connectionsPurged(),
                sweep.itemsDeleted(), sweep.failures());
        return sweep;
    }
}
