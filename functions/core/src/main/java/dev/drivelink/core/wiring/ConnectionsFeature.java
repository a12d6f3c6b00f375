package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoConsentStateRepository;
import dev.drivelink.core.connect.ConnectionCommands;
import dev.drivelink.core.connect.ConsentStart;
import dev.drivelink.core.connect.OAuthFlowService;
import dev.drivelink.core.connect.RedirectPolicy;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.token.TokenRefreshSweep;

/** Connecting Google Drive and managing connections (the OAuth flow, connection routes, the refresh sweep). */
public final class ConnectionsFeature {

    private final Infrastructure infra;
    private final Lazy<ConsentStart> consentStart;
    private final Lazy<OAuthFlowService> oauthFlow;
    private final Lazy<TokenRefreshSweep> refreshSweep;

    public ConnectionsFeature(Infrastructure infra) {
        this.infra = infra;
        var config = infra.config();
        var settings = new OAuthFlowService.Settings(config.oauth().redirectUri(), config.oauth().scopeList(),
                config.oauth().stateTtl(), config.frontend().defaultUrl(), config.rootFolderName(),
                config.api().requestBudget());
        Lazy<DynamoConsentStateRepository> consents = Lazy.of(() ->
                new DynamoConsentStateRepository(infra.aws().dynamo(), config.table()));
        // auth-url: the consent store (DynamoDB) and the URL builder, nothing else (no KMS, no Drive, no events)
        this.consentStart = Lazy.of(() -> new ConsentStart(settings, new RedirectPolicy(config.frontend().allowedOrigins()),
                consents.get(), infra.oauth(), infra.clock()));
        this.oauthFlow = Lazy.of(() -> new OAuthFlowService(settings,
                new RedirectPolicy(config.frontend().allowedOrigins()), consents.get(),
                infra.connections(), infra.oauth(), infra.drive(), infra.tokens(), infra.sealer(),
                infra.connectionEvents(), infra.changes().hooks(), infra.clock()));
        this.refreshSweep = Lazy.of(() -> new TokenRefreshSweep(infra.connections(), infra.tokens(), infra.clock(),
                config.tokens().refreshWindow()));
    }

    /** Starting a consent (GET /drive/auth-url): builds only what that needs. */
    public ConsentStart consentStart() {
        return consentStart.get();
    }

    /** The whole flow; the callback finishes a consent with it. */
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
