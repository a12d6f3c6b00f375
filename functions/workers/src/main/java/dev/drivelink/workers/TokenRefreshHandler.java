package dev.drivelink.workers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.drivelink.core.token.TokenRefreshSweep;
import dev.drivelink.core.wiring.ConnectionsFeature;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/** Schedule -> one refresh sweep. The sweep never stops at one failing connection. */
@Named("token-refresh")
public class TokenRefreshHandler implements RequestHandler<ScheduledEvent, TokenRefreshSweep.Result> {

    private static final Logger LOG = Logger.getLogger(TokenRefreshHandler.class);

    @Inject
    ConnectionsFeature connections;

    @Override
    public TokenRefreshSweep.Result handleRequest(ScheduledEvent event, Context context) {
        LOG.infof("token refresh sweep triggered by %s at %s", event == null ? "?" : event.source(),
                event == null ? "?" : event.time());
        return connections.refreshSweep().run();
    }
}
