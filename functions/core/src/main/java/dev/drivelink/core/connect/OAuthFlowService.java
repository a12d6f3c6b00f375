package dev.drivelink.core.connect;

import dev.drivelink.core.connection.ConnectionIds;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.connection.OAuthScopes;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.LiveFolders;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.token.OAuthProvider;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.core.token.TokenLifecycle;
import dev.drivelink.core.token.TokenSealer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * "Connect Google Drive": the authorization URL with a stored, single-use consent state, and the
 * callback that turns Google's answer into a connection (or a clear error code for the frontend).
 */
public final class OAuthFlowService {

    private static final Logger LOG = Logger.getLogger(OAuthFlowService.class);
    private static final int MAX_SAVE_ATTEMPTS = 3;
    /** What {@link Secrets#random}(32) gives: 43 base64url characters. */
    private static final java.util.regex.Pattern STATE_FORMAT = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Google's codes are a few hundred characters; anything far longer is not one. */
    static final int MAX_CODE_LENGTH = 2048;

    /** @param requestBudget how long the callback may spend on Google (the code exchange, then Drive) */
    public record Settings(Optional<String> redirectUri, List<String> scopes, Duration stateTtl,
                           String frontendDefaultUrl, String rootFolderName, Duration requestBudget) {
    }

    /** @param redirectAfter where the user should land afterwards (checked against the allow-list)
     *  @param folder a folder id or Drive link the user wants as the root (checked at the callback) */
    public record AuthUrlRequest(String userId, String redirectAfter, String folder, String requestDomain) {
    }

    /**
     * @param browserKey a secret for the browser that asked (the API sets it as an HttpOnly cookie that
     *                   only the callback receives); the consent can be finished only with it
     */
    public record AuthUrl(String url, Instant expiresAt, String browserKey) {
        @Override
        public String toString() {
            return "AuthUrl[url=" + url + ", expiresAt=" + expiresAt + ", browserKey=<redacted>]";
        }
    }

    /** @param browserKey the consent cookie the browser sent back, if any */
    public record CallbackRequest(String state, String code, String error, String browserKey) {
        @Override
        public String toString() {
            return "CallbackRequest[state=<redacted>, code=<redacted>, error=" + error + ", browserKey=<redacted>]";
        }
    }

    /** Where to send the browser, and what happened. */
    public record CallbackOutcome(String location, String connectionId, ConnectError error) {
    }

    private final Settings settings;
    private final ConsentStateRepository consents;
    private final ConnectionRepository connections;
    private final OAuthProvider oauth;
    private final DriveAccess drive;
    private final TokenLifecycle tokenLifecycle;
    private final TokenSealer sealer;
    private final ConnectionEvents events;
    private final ConnectionHooks hooks;
    private final Clock clock;
    private final ConsentStart start;

    public OAuthFlowService(Settings settings, RedirectPolicy redirectPolicy, ConsentStateRepository consents,
                            ConnectionRepository connections, OAuthProvider oauth, DriveAccess drive,
                            TokenLifecycle tokenLifecycle, TokenSealer sealer, ConnectionEvents events,
                            ConnectionHooks hooks, Clock clock) {
        this.settings = settings;
        this.consents = consents;
        this.connections = connections;
        this.oauth = oauth;
        this.drive = drive;
        this.tokenLifecycle = tokenLifecycle;
        this.sealer = sealer;
        this.events = events;
        this.hooks = hooks;
        this.clock = clock;
        this.start = new ConsentStart(settings, redirectPolicy, consents, oauth, clock);
    }

    /** The consent's first half (see {@link ConsentStart}, which the auth-url function uses alone). */
    public AuthUrl authUrl(AuthUrlRequest request) {
        return start.authUrl(request);
    }

    public CallbackOutcome callback(CallbackRequest request) {
        // only a value we could have issued is looked up: anything else (empty, too long, odd characters)
        // is unknown without a DynamoDB call, whose key limits it could break
        Optional<ConsentState> consumed = request.state() == null || !STATE_FORMAT.matcher(request.state()).matches()
                ? Optional.empty() : consents.consume(request.state());
        if (consumed.isEmpty()) {
            return failure(settings.frontendDefaultUrl(), ConnectError.INVALID_STATE, null);
        }
        ConsentState consent = consumed.get();
        String target = consent.redirectAfterUrl().orElse(settings.frontendDefaultUrl());
        if (!Secrets.matches(request.browserKey(), consent.browserKeyHash())) {
            LOG.warnf("consent of user %s finished in a browser that did not start it (consent cookie %s); refused",
                    consent.userId(), request.browserKey() == null ? "missing" : "different");
            return failure(target, ConnectError.BROWSER_MISMATCH, consent);
        }
        if (consent.expiredAt(clock.instant())) {
            return failure(target, ConnectError.EXPIRED_STATE, consent);
        }
        if (blankToNull(request.error()) != null) {
            return failure(target, "access_denied".equals(request.error())
                    ? ConnectError.ACCESS_DENIED : ConnectError.AUTHORIZATION_FAILED, consent);
        }
        if (blankToNull(request.code()) == null) {
            return failure(target, ConnectError.MISSING_CODE, consent);
        }
        if (request.code().length() > MAX_CODE_LENGTH) {
            return failure(target, ConnectError.CODE_REJECTED, consent);
        }
        try {
            // the whole exchange with Google (code, account, folder) fits in the request budget
            return connect(consent, request.code(), target, clock.instant().plus(settings.requestBudget()));
        } catch (ConnectFailure f) {
            return failure(target, f.error, consent);
        } catch (DriveException e) {
            LOG.warnf("connect for user %s failed at Google: %s", consent.userId(), e.getMessage());
            return failure(target, ConnectError.GOOGLE_UNAVAILABLE, consent);
        } catch (RuntimeException e) {
            LOG.errorf(e, "connect for user %s failed", consent.userId());
            return failure(target, ConnectError.SERVER_ERROR, consent);
        }
    }

    private CallbackOutcome connect(ConsentState consent, String code, String target, Instant deadline) {
        OAuthTokens tokens;
        try {
            tokens = oauth.exchangeCode(code, consent.redirectUri(), consent.codeVerifier());
        } catch (DriveException e) {
            if (e.transientFailure()) {
                throw e;
            }
            LOG.warnf("code exchange for user %s rejected: %s", consent.userId(), e.getMessage());
            throw new ConnectFailure(ConnectError.CODE_REJECTED);
        }
        if (!tokens.scopes().isEmpty() && !OAuthScopes.canonical(tokens.scopes()).containsAll(OAuthScopes.canonical(settings.scopes()))) {
            throw new ConnectFailure(ConnectError.SCOPE_NOT_GRANTED);
        }
        Set<String> extra = OAuthScopes.beyond(tokens.scopes(), settings.scopes());
        if (!extra.isEmpty()) {
            LOG.warnf("consent of user %s: Google granted scopes nobody asked for %s; not stored", consent.userId(), extra);
            throw new ConnectFailure(ConnectError.UNEXPECTED_SCOPES);
        }
        if (tokens.refreshToken() == null) {
            throw new ConnectFailure(ConnectError.NO_REFRESH_TOKEN);
        }
        DriveSession grant = drive.open(tokenLifecycle.forNewGrant("consent:" + consent.userId(), tokens))
                .until(deadline);
        GoogleAccount account = grant.about().user();
        String connectionId = ConnectionIds.of(consent.userId(), account.permissionId());

        for (int attempt = 1; ; attempt++) {
            Optional<DriveConnection> existing = connections.find(connectionId);
            FolderRef root = resolveRootFolder(grant, consent.requestedFolder(),
                    existing.map(DriveConnection::rootFolder));
            Instant now = clock.instant();
            var connection = new DriveConnection(connectionId, consent.userId(), account, ConnectionStatus.ACTIVE,
                    root, tokens.scopes().isEmpty() ? settings.scopes() : tokens.scopes(),
                    sealer.seal(tokens, consent.userId(), connectionId), tokens.accessTokenExpiresAt(), null,
                    existing.map(DriveConnection::createdAt).orElse(now), now,
                    existing.map(c -> c.version() + 1).orElse(1L), null);
            try {
                connections.save(connection, existing.map(DriveConnection::version).orElse(0L));
                LOG.infof("connection %s %s for user %s (root folder %s)", connectionId,
                        existing.isPresent() ? "reconnected" : "created", consent.userId(), root.id());
                events.publish(new ConnectionEvent(ConnectionEvent.Type.CONNECTED, connectionId, consent.userId(),
                        account.email(), ConnectionStatus.ACTIVE.name(),
                        existing.isPresent() ? "reconnected" : "connected", now));
                hooks.connected(connection, grant);
                return new CallbackOutcome(withQuery(target, "connectionId", connectionId), connectionId, null);
            } catch (ConnectionRepository.ConcurrentUpdateException e) {
                if (attempt >= MAX_SAVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The root is the folder the user asked for (it must be a live folder this app can see), else the
     * connection's current root if it is still usable, else a new folder with the configured name.
     */
    private FolderRef resolveRootFolder(DriveSession grant, Optional<String> requested, Optional<FolderRef> current) {
        if (requested.isPresent()) {
            try {
                return ref(LiveFolders.require(grant, requested.get()));
            } catch (LiveFolders.NotLive e) {
                throw new ConnectFailure(switch (e.defect()) {
                    case NOT_FOUND -> ConnectError.FOLDER_NOT_FOUND;
                    case NOT_A_FOLDER -> ConnectError.FOLDER_NOT_A_FOLDER;
                    case TRASHED -> ConnectError.FOLDER_TRASHED;
                });
            }
        }
        return current.flatMap(folder -> LiveFolders.find(grant, folder.id()))
                .map(OAuthFlowService::ref)
                .orElseGet(() -> ref(grant.files().createFolder(settings.rootFolderName(), null)));
    }

    private static FolderRef ref(DriveFile item) {
        return new FolderRef(item.id(), item.name(), item.webViewLink());
    }

    private CallbackOutcome failure(String target, ConnectError error, ConsentState consent) {
        if (consent != null) {
            LOG.infof("consent for user %s ended without a connection: %s", consent.userId(), error.code());
        } else {
            LOG.infof("callback with an unknown state: %s", error.code());
        }
        return new CallbackOutcome(withQuery(target, "error", error.code()), null, error);
    }

    static String withQuery(String url, String name, String value) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + fragment;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static final class ConnectFailure extends RuntimeException {
        private final ConnectError error;

        ConnectFailure(ConnectError error) {
            super(error.code(), null, false, false);
            this.error = error;
        }
    }
}
