package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoConsentStateRepository;
import dev.drivelink.core.connect.ConnectionCommands;
import dev.drivelink.core.connect.OAuthFlowService;
import dev.drivelink.core.connect.RedirectPolicy;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.token.TokenRefreshSweep;

/** Connecting Google Drive and managing connections (the OAuth flow, connection routes, the refresh sweep). */
public final class ConnectionsFeature {

    private final Infrastructure infra;
    private final Lazy<OAuthFlowService> oauthFlow;
    private final Lazy<TokenRefreshSweep> refreshSweep;

    public ConnectionsFeature(Infrastructure infra) {
        this.infra = infra;
        var config = infra.config();
        this.oauthFlow = Lazy.of(() -> new OAuthFlowService(
                new OAuthFlowService.Settings(config.oauth().redirectUri(), config.oauth().scopeList(),
                        config.oauth().stateTtl(), config.frontend().defaultUrl(), config.rootFolderName(),
                        config.api().requestBudget()),
                new RedirectPolicy(config.frontend().allowedOrigins()),
                new DynamoConsentStateRepository(infra.aws().dynamo(), config.table()),
                infra.connections(), infra.oauth(), infra.drive(), infra.tokens(), infra.sealer(),
                infra.connectionEvents(), infra.changes().hooks(), infra.clock()));
        this.refreshSweep = Lazy.of(() -> new TokenRefreshSweep(infra.connections(), infra.tokens(), infra.clock(),
                config.tokens().refreshWindow()));
    }

    public OAuthFlowService oauthFlow() {
        return oauthFlow.get();
    }

    public ConnectionQueries queries() {
        return infra.connectionQueries();
    }

    public ConnectionCommands commands() {
        return infra.connectionCommands();
    }

    public TokenRefreshSweep refreshSweep() {
        return refreshSweep.get();
    }
}
