package dev.drivelink.core.connect;

import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.ConnectionView;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderPage;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveFiles;
import dev.drivelink.core.drive.DriveQuery;
import dev.drivelink.core.drive.DriveNames;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.LiveFolders;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.events.ConnectionEvent;
import dev.drivelink.core.events.ConnectionEvents;
import dev.drivelink.core.token.TokenLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
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
    private final DriveAccess drive;
    private final ConnectionEvents events;
    private final ConnectionHooks hooks;
    private final Clock clock;
    private final Duration requestBudget;

    /** @param requestBudget how long one command may spend on Google (Drive sessions end there) */
    public ConnectionCommands(ConnectionQueries queries, ConnectionRepository connections, TokenLifecycle tokens,
                              DriveAccess drive, ConnectionEvents events, ConnectionHooks hooks, Clock clock,
                              Duration requestBudget) {
        this.requestBudget = requestBudget;
        this.queries = queries;
        this.connections = connections;
        this.tokens = tokens;
        this.drive = drive;
        this.events = events;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** A folder checked with the connection's tokens: it exists, this app may see it, it is a folder, not trashed. */
    public FolderRef resolveFolder(String userId, String connectionId, String folderReference) {
        String folderId = FolderReference.parse(folderReference);
        DriveConnection c = usable(queries.owned(userId, connectionId));
        DriveFile item = atGoogle(() -> LiveFolders.require(session(c), folderId));
        return new FolderRef(item.id(), item.name(), item.webViewLink());
    }

    /** Resolves with the user's only usable connection when the caller named none. */
    public FolderRef resolveFolder(String userId, String folderReference) {
        FolderReference.parse(folderReference);
        List<DriveConnection> usable = connections.findByUser(userId).stream()
                .filter(c -> c.status() != ConnectionStatus.REVOKED).toList();
        if (usable.isEmpty()) {
            throw DomainException.conflict("no-connection", "connect Google Drive first");
        }
        if (usable.size() > 1) {
            throw DomainException.invalid("connection-required",
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
        String folderName = DriveNames.normalize(name);
        DriveNames.whyInvalid(folderName).ifPresent(why -> {
            throw DomainException.invalid("invalid-folder-name", "the name " + why);
        });
        DriveConnection c = usable(queries.owned(userId, connectionId));
        if (c.rootFolder() == null) {
            throw DomainException.conflict("no-root-folder", "connection " + connectionId + " has no root folder");
        }
        DriveFile created = atGoogle(() -> {
            try {
                return session(c).files().createFolder(folderName, c.rootFolder().id());
            } catch (DriveException e) {
                if (e.kind() == DriveException.Kind.NOT_FOUND || e.kind() == DriveException.Kind.FORBIDDEN) {
                    throw DomainException.invalid("folder-not-found", "the root folder " + c.rootFolder().id()
                            + " does not exist any more or this app may not see it; choose another root folder");
                }
                throw e;
            }
        });
        LOG.infof("connection %s: folder %s created under the root", connectionId, created.id());
        return new FolderRef(created.id(), created.name(), created.webViewLink());
    }

    /** At most this many levels are walked up from a browsed folder to find the root. */
    private static final int MAX_FOLDER_DEPTH = 32;

    /**
     * One page of the folders directly inside {@code parentReference} (null or blank: the root folder),
     * sorted by name within the page. The parent must be the root or a folder under it (400
     * {@code folder-outside-root}); under {@code drive.file} Drive lists only the folders this app
     * created or the user picked.
     */
    public FolderPage listFolders(String userId, String connectionId, String parentReference, String pageSizeParameter,
                                  String pageToken) {
        int pageSize = pageSize(pageSizeParameter);
        String parentId = parentReference == null || parentReference.isBlank() ? null : FolderReference.parse(parentReference);
        DriveConnection c = usable(queries.owned(userId, connectionId));
        if (c.rootFolder() == null) {
            throw DomainException.conflict("no-root-folder", "connection " + connectionId + " has no root folder");
        }
        String rootId = c.rootFolder().id();
        return atGoogle(() -> {
            DriveSession session = session(c);
            DriveFile parent = LiveFolders.require(session, parentId == null ? rootId : parentId);
            if (!isUnder(session, parent, rootId)) {
                throw DomainException.invalid("folder-outside-root", "folder " + parent.id() + " is not inside the root folder "
                        + c.rootFolder().name());
            }
            DriveFiles.Page page;
            try {
                page = session.files().list(DriveQuery.childFolders(parent.id()), blankToNull(pageToken), pageSize);
            } catch (DriveException e) {
                if (e.kind() == DriveException.Kind.REJECTED && pageToken != null && !pageToken.isBlank()) {
                    throw DomainException.invalid("invalid-page-token", "pageToken is not a nextPageToken of this listing");
                }
                throw e;
            }
            List<FolderRef> folders = page.files().stream()
                    .sorted(Comparator.comparing(DriveFile::name, String.CASE_INSENSITIVE_ORDER).thenComparing(DriveFile::id))
                    .map(ConnectionCommands::ref).toList();
            return new FolderPage(ref(parent), folders, page.nextPageToken());
        });
    }

    /** Whether {@code folder} is {@code rootId} or below it: walks its parents up (a parent this app may not see ends the walk). */
    private static boolean isUnder(DriveSession session, DriveFile folder, String rootId) {
        DriveFile current = folder;
        for (int level = 0; level <= MAX_FOLDER_DEPTH; level++) {
            if (current.id().equals(rootId)) {
                return true;
            }
            if (current.parents().isEmpty()) {
                return false;
            }
            try {
                current = session.files().get(current.parents().get(0));
            } catch (DriveException e) {
                if (e.kind() == DriveException.Kind.NOT_FOUND || e.kind() == DriveException.Kind.FORBIDDEN) {
                    return false;
                }
                throw e;
            }
        }
        return false;
    }

    private static FolderRef ref(DriveFile folder) {
        return new FolderRef(folder.id(), folder.name(), folder.webViewLink());
    }

    /** {@code pageSize}: absent = 50, else a number from 1 to 200. */
    private static int pageSize(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return 50;
        }
        if (!parameter.matches("[0-9]{1,3}") || Integer.parseInt(parameter) < 1 || Integer.parseInt(parameter) > 200) {
            throw DomainException.invalid("invalid-page-size", "pageSize must be a number from 1 to 200");
        }
        return Integer.parseInt(parameter);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
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
        hooks.revoking(c);
        String googleOutcome = tokens.revokeAtGoogle(c).orElse(null);
        DriveConnection saved = update(connectionId, current -> current.next(clock.instant(), ConnectionStatus.REVOKED,
                null, null, current.scopes(), googleOutcome));
        LOG.infof("connection %s revoked by its user", connectionId);
        events.publish(new ConnectionEvent(ConnectionEvent.Type.REVOKED, saved.id(), saved.userId(),
                saved.account().email(), saved.status().name(), "revoked by the user", saved.updatedAt()));
        return queries.view(saved);
    }

    private DriveConnection update(String connectionId, UnaryOperator<DriveConnection> change) {
        for (int attempt = 1; ; attempt++) {
            DriveConnection current = connections.find(connectionId)
                    .orElseThrow(() -> DomainException.notFound("connection", connectionId));
            DriveConnection next = change.apply(current);
            try {
                connections.save(next, current.version());
                return next;
            } catch (ConnectionRepository.ConcurrentUpdateException e) {
                if (attempt >= MAX_SAVE_ATTEMPTS) {
                    throw DomainException.conflict("concurrent-update", "connection " + connectionId + " is changing; try again");
                }
            }
        }
    }

    /** A Drive session for one request: it stops retrying and waiting when the request budget is spent. */
    private DriveSession session(DriveConnection c) {
        return drive.open(c).until(clock.instant().plus(requestBudget));
    }

    private static DriveConnection usable(DriveConnection c) {
        if (c.status() == ConnectionStatus.REVOKED) {
            throw DomainException.conflict("connection-revoked",
                    "connection " + c.id() + " is revoked; the user must connect Google Drive again");
        }
        return c;
    }

    /** A Drive call on behalf of a route: what Google's failures mean to the user. */
    private static <T> T atGoogle(Supplier<T> call) {
        try {
            return call.get();
        } catch (DriveException e) {
            throw switch (e.kind()) {
                case RATE_LIMITED, BACKEND, NETWORK -> DomainException.unavailable("google-unavailable",
                        "Google did not answer; try again");
                case QUOTA_EXCEEDED -> DomainException.conflict("storage-quota-exceeded", "the user's Drive is full");
                default -> DomainException.unavailable("google-error", "Google refused the request: " + e.getMessage());
            };
        }
    }
}
