package dev.drivelink.core.connection;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFolders;
import dev.drivelink.core.drive.DriveItem;
import dev.drivelink.core.drive.DriveNames;
import dev.drivelink.core.drive.OAuthProvider;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.problem.Problem;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.core.token.TokenLifecycle;
import dev.drivelink.core.token.TokenSealer;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * What a signed-in user can do with their connections: choose the root folder, create folders under
 * it, resolve a pasted folder link, refresh, and revoke. Every command first checks ownership
 * (someone else's connection is a 404) and talks to Drive with the connection's own tokens.
 */
public final class ConnectionCommands {

    private static final Logger LOG = Logger.getLogger(ConnectionCommands.class);
    private static final int MAX_SAVE_ATTEMPTS = 5;

    private final ConnectionQueries queries;
    private final ConnectionRepository connections;
    private final TokenLifecycle tokens;
    private final TokenSealer sealer;
    private final DriveFolders drive;
    private final OAuthProvider oauth;
    private final ConnectionEvents events;
    private final Clock clock;

    public ConnectionCommands(ConnectionQueries queries, ConnectionRepository connections, TokenLifecycle tokens,
                              TokenSealer sealer, DriveFolders drive, OAuthProvider oauth, ConnectionEvents events,
                              Clock clock) {
        this.queries = queries;
        this.connections = connections;
        this.tokens = tokens;
        this.sealer = sealer;
        this.drive = drive;
        this.oauth = oauth;
        this.events = events;
        this.clock = clock;
    }

    /** A folder checked with the connection's tokens: it exists, this app may see it, it is a folder, not trashed. */
    public FolderRef resolveFolder(String userId, String connectionId, String folderReference) {
        String folderId = FolderReference.parse(folderReference);
        DriveConnection c = usable(queries.owned(userId, connectionId));
        DriveItem item;
        try {
            item = tokens.withAccessToken(c.id(), token -> drive.get(token, folderId));
        } catch (DriveException e) {
            throw folderProblem(e, folderId);
        }
        if (!item.isFolder()) {
            throw Problem.badRequest("not-a-folder", folderId + " is a file, not a folder");
        }
        if (item.trashed()) {
            throw Problem.badRequest("folder-trashed", "folder " + folderId + " is in the trash");
        }
        return new FolderRef(item.id(), item.name(), item.webViewLink());
    }

    /** Resolves with the user's only usable connection when the caller named none. */
    public FolderRef resolveFolder(String userId, String folderReference) {
        FolderReference.parse(folderReference);
        List<DriveConnection> usable = connections.findByUser(userId).stream()
                .filter(c -> c.status() != ConnectionStatus.REVOKED).toList();
        if (usable.isEmpty()) {
            throw Problem.conflict("no-connection", "connect Google Drive first");
        }
        if (usable.size() > 1) {
            throw Problem.badRequest("connection-required",
                    "you have several Drive connections: say which one with connectionId");
        }
        return resolveFolder(userId, usable.get(0).id(), folderReference);
    }

    public ConnectionView setRootFolder(String userId, String connectionId, String folderReference) {
        FolderRef folder = resolveFolder(userId, connectionId, folderReference);
        DriveConnection saved = update(connectionId, c -> c.withRootFolder(folder, clock.instant()));
        LOG.infof("connection %s: root folder set to %s", connectionId, folder.id());
        return queries.view(saved);
    }

    public FolderRef createFolder(String userId, String connectionId, String name) {
        String folderName = name == null ? null : name.strip();
        DriveNames.whyInvalid(folderName).ifPresent(why -> {
            throw Problem.badRequest("invalid-folder-name", "the name " + why);
        });
        DriveConnection c = usable(queries.owned(userId, connectionId));
        if (c.rootFolder() == null) {
            throw Problem.conflict("no-root-folder", "connection " + connectionId + " has no root folder");
        }
        try {
            DriveItem created = tokens.withAccessToken(c.id(), token -> drive.createFolder(token, folderName, c.rootFolder().id()));
            LOG.infof("connection %s: folder %s created under the root", connectionId, created.id());
            return new FolderRef(created.id(), created.name(), created.webViewLink());
        } catch (DriveException e) {
            throw folderProblem(e, c.rootFolder().id());
        }
    }

    public ConnectionView refresh(String userId, String connectionId) {
        queries.owned(userId, connectionId);
        return queries.view(tokens.refreshNow(connectionId));
    }

    /**
     * Soft revoke: REVOKED, sealed tokens removed, the grant revoked at Google (best effort: a failure
     * there is recorded in lastError, not fatal). Idempotent.
     */
    public ConnectionView revoke(String userId, String connectionId) {
        DriveConnection c = queries.owned(userId, connectionId);
        if (c.status() == ConnectionStatus.REVOKED && c.tokens() == null) {
            return queries.view(c);
        }
        String googleOutcome = revokeAtGoogle(c);
        DriveConnection saved = update(connectionId, current -> current.next(clock.instant(), ConnectionStatus.REVOKED,
                null, null, current.scopes(), googleOutcome));
        LOG.infof("connection %s revoked by its user", connectionId);
        events.publish(new ConnectionEvent(ConnectionEvent.Type.REVOKED, saved.id(), saved.userId(),
                saved.account().email(), saved.status().name(), "revoked by the user", saved.updatedAt()));
        return queries.view(saved);
    }

    private String revokeAtGoogle(DriveConnection c) {
        if (c.tokens() == null) {
            return null;
        }
        try {
            OAuthTokens t = sealer.open(c.tokens(), c.userId(), c.id());
            oauth.revoke(t.refreshToken() != null ? t.refreshToken() : t.accessToken());
            return null;
        } catch (DriveException e) {
            if (e.status() == 400) {
                return null; // Google no longer knows the token: the grant is gone already
            }
            LOG.warnf("connection %s: revoking at Google failed: %s", c.id(), e.getMessage());
            return "revoking the grant at Google failed (" + e.getMessage() + "); the user can remove access at "
                    + "https://myaccount.google.com/permissions";
        } catch (RuntimeException e) {
            LOG.warnf("connection %s: revoking at Google failed: %s", c.id(), e.toString());
            return "revoking the grant at Google failed; the user can remove access at https://myaccount.google.com/permissions";
        }
    }

    private DriveConnection update(String connectionId, UnaryOperator<DriveConnection> change) {
        for (int attempt = 1; ; attempt++) {
            DriveConnection current = connections.find(connectionId)
                    .orElseThrow(() -> Problem.notFound("connection", connectionId));
            DriveConnection next = change.apply(current);
            try {
                connections.save(next, current.version());
                return next;
            } catch (ConnectionRepository.ConcurrentUpdateException e) {
                if (attempt >= MAX_SAVE_ATTEMPTS) {
                    throw Problem.conflict("concurrent-update", "connection " + connectionId + " is changing; try again");
                }
            }
        }
    }

    private static DriveConnection usable(DriveConnection c) {
        if (c.status() == ConnectionStatus.REVOKED) {
            throw Problem.conflict("connection-revoked",
                    "connection " + c.id() + " is revoked; the user must connect Google Drive again");
        }
        return c;
    }

    private static Problem folderProblem(DriveException e, String folderId) {
        return switch (e.kind()) {
            case NOT_FOUND, FORBIDDEN -> Problem.badRequest("folder-not-found",
                    "folder " + folderId + " does not exist or this app may not see it (the user must pick it or let drivelink create it)");
            case RATE_LIMITED, BACKEND, NETWORK -> Problem.unavailable("google-unavailable", "Google did not answer; try again");
            case QUOTA_EXCEEDED -> Problem.conflict("storage-quota-exceeded", "the user's Drive is full");
            default -> Problem.unavailable("google-error", "Google refused the request: " + e.getMessage());
        };
    }
}
