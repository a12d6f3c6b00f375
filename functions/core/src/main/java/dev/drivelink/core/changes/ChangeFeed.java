package dev.drivelink.core.changes;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.connection.RootFolderState;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.LiveFolders;
import dev.drivelink.core.sync.settings.SyncFrequency;
import dev.drivelink.core.token.TokenLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One changes run of a connection: reads {@code changes.list} page by page from the stored cursor,
 * keeps one entry per item (its latest state) within the connection's root folder tree, notes what
 * the changes say about the root folder and the cached folder paths, hands the changes on, and only
 * then moves the cursor. A failure anywhere before that leaves the cursor where it was, and a retry
 * reads the same changes again; the cursor is never replaced by a fresh start token after a failure.
 */
public final class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final Duration DUE_SLOT = Duration.ofMinutes(5);

    public record Settings(int pageSize, int maxPagesPerRun, Duration realtimeBackstop) {
    }

    public enum Outcome {
        /** Everything up to Drive's newest change was handed on. */
        DONE,
        /** The page budget ran out: handed on so far; send a continuation. */
        MORE,
        /** The connection is revoked: its channels are stopped and the backstop leaves it alone. */
        REVOKED,
        /** A passing failure: the cursor did not move; deliver the request again. */
        RETRY,
        /** It can never succeed (unknown connection, Drive refuses the cursor): dead-letter it with the reason. */
        DEAD_LETTER
    }

    public record Result(Outcome outcome, int changes, String reason) {
    }

    private final ConnectionRepository connections;
    private final CursorStore cursors;
    private final DriveAccess drive;
    private final ChangeSink sink;
    private final FolderCache folderCache;
    private final RootFolderHealth rootHealth;
    private final WatchChannels channels;
    private final Clock clock;
    private final Settings settings;

    public ChangeFeed(ConnectionRepository connections, CursorStore cursors, DriveAccess drive, ChangeSink sink,
                      FolderCache folderCache, RootFolderHealth rootHealth, WatchChannels channels, Clock clock,
                      Settings settings) {
        this.connections = connections;
        this.cursors = cursors;
        this.drive = drive;
        this.sink = sink;
        this.folderCache = folderCache;
        this.rootHealth = rootHealth;
        this.channels = channels;
        this.clock = clock;
        this.settings = settings;
    }

    /** Runs the connection's changes, never waiting for a Drive retry past {@code deadline}. */
    public Result run(String connectionId, String reason, Instant deadline) {
        Optional<DriveConnection> found = connections.find(connectionId);
        if (found.isEmpty()) {
            return new Result(Outcome.DEAD_LETTER, 0, "unknown connection " + connectionId);
        }
        DriveConnection connection = found.get();
        if (connection.status() == ConnectionStatus.REVOKED) {
            retire(connection);
            return new Result(Outcome.REVOKED, 0, "connection " + connectionId + " is revoked");
        }
        Optional<ChangeCursor> stored = cursors.find(connectionId);
        ChangeCursor cursor = null;
        try {
            DriveSession session = drive.open(connection).until(deadline);
            if (stored.isEmpty()) {
                // a connection from before change detection: its feed starts now (nothing was lost: none was read)
                start(connectionId, session.changes().startPageToken());
                ensureChannel(connection, session, reason);
                return new Result(Outcome.DONE, 0, "cursor started");
            }
            cursor = stored.get();
            Result result = read(connection, cursor, session, reason);
            ensureChannel(connection, session, reason);
            return result;
        } catch (TokenLifecycle.RefreshFailed e) {
            if (e.connection().status() == ConnectionStatus.REVOKED) {
                retire(e.connection());
                return new Result(Outcome.REVOKED, 0, e.detail());
            }
            return failed(cursor, Outcome.RETRY, e.detail());
        } catch (DriveException e) {
            return failed(cursor, e.transientFailure() ? Outcome.RETRY : Outcome.DEAD_LETTER,
                    "Drive: " + e.getMessage());
        } catch (CursorStore.StaleCursorException e) {
            return new Result(Outcome.RETRY, 0, e.getMessage());
        }
    }

    private Result read(DriveConnection connection, ChangeCursor cursor, DriveSession session, String reason) {
        List<DriveChanges.Change> read = new ArrayList<>();
        String token = cursor.pageToken();
        String next = null;
        boolean more = false;
        for (int page = 1; ; page++) {
            DriveChanges.Page answer = session.changes().list(token, settings.pageSize());
            read.addAll(answer.changes());
            if (answer.newStartPageToken() != null) {
                next = answer.newStartPageToken();
                break;
            }
            if (answer.nextPageToken() == null) {
                throw new DriveException(DriveException.Kind.REJECTED, 200, null,
                        "changes.list answered neither nextPageToken nor newStartPageToken", null);
            }
            token = answer.nextPageToken();
            if (page >= settings.maxPagesPerRun()) {
                next = token;
                more = true;
                break;
            }
        }
        List<FileChange> latest = latestPerItem(read);
        FolderRef root = connection.rootFolder();
        List<FileChange> inTree = new ArrayList<>();
        if (root != null) {
            noteRootFolder(connection, latest, reason, session);
            RootTree tree = new RootTree(session, root.id(), latest);
            for (FileChange change : latest) {
                if (change.removed() || tree.contains(change)) {
                    inTree.add(change);
                }
            }
        }
        forgetChangedFolders(connection.id(), latest);
        if (!inTree.isEmpty()) {
            sink.accept(new ChangeBatch(connection.id(), connection.userId(), cursor.version(), cursor.pageToken(), next,
                    inTree));
        }
        Instant now = clock.instant();
        cursors.save(cursor.advanced(next, now, dueAfter(now, cursor)), cursor.version());
        LOG.infof("connection %s: changes run (%s) read %d change(s) in %s, handed on %d; cursor %d -> %d%s",
                connection.id(), reason, read.size(), root == null ? "no root" : "the root tree", inTree.size(),
                cursor.version(), cursor.version() + 1, more ? "; more to read" : "");
        return new Result(more ? Outcome.MORE : Outcome.DONE, inTree.size(), null);
    }

    /** One entry per item, its latest state, in the order of the items' last changes. */
    static List<FileChange> latestPerItem(List<DriveChanges.Change> changes) {
        Map<String, FileChange> latest = new LinkedHashMap<>();
        for (DriveChanges.Change change : changes) {
            latest.remove(change.fileId());
            latest.put(change.fileId(), FileChange.of(change));
        }
        return List.copyOf(latest.values());
    }

    /** A change to the root folder, or (on a backstop run) a look at it, updates its state. */
    private void noteRootFolder(DriveConnection connection, List<FileChange> changes, String reason, DriveSession session) {
        String rootId = connection.rootFolder().id();
        RootFolderState observed = null;
        String why = null;
        for (FileChange change : changes) {
            if (change.fileId().equals(rootId)) {
                observed = change.removed() ? RootFolderState.MISSING
                        : change.trashed() ? RootFolderState.TRASHED : RootFolderState.OK;
                why = change.removed() ? "Drive reports it removed" : change.trashed() ? "Drive reports it trashed"
                        : "Drive reports it back";
            }
        }
        if (observed == null && ChangesRequest.BACKSTOP.equals(reason)) {
            try {
                LiveFolders.require(session, rootId);
                observed = RootFolderState.OK;
                why = "a check found it";
            } catch (LiveFolders.NotLive e) {
                observed = e.defect() == LiveFolders.Defect.TRASHED ? RootFolderState.TRASHED : RootFolderState.MISSING;
                why = "a check found: " + e.detail();
            }
        }
        if (observed != null) {
            rootHealth.observe(connection.id(), rootId, observed, why);
        }
    }

    private void forgetChangedFolders(String connectionId, List<FileChange> changes) {
        if (changes.stream().noneMatch(c -> c.removed() || c.isFolder())) {
            return;
        }
        List<String> stale = FolderCacheCheck.stalePaths(folderCache.entries(connectionId), changes);
        stale.forEach(path -> folderCache.forget(connectionId, path));
        if (!stale.isEmpty()) {
            LOG.infof("connection %s: cached folder path(s) %s forgotten after changes in Drive", connectionId, stale);
        }
    }

    /** A realtime connection without a live channel (its opening failed, or it expired unrenewed) gets one. */
    private void ensureChannel(DriveConnection connection, DriveSession session, String reason) {
        if (ChangesRequest.NOTIFICATION.equals(reason) || !channels.enabled()) {
            return;
        }
        Optional<ChangeCursor> cursor = cursors.find(connection.id());
        if (cursor.isEmpty() || !cursor.get().frequency().watches()) {
            return;
        }
        Instant now = clock.instant();
        if (channels.live(connection.id(), now).isEmpty()) {
            try {
                channels.open(connection.id(), connection.userId(), session, now);
            } catch (RuntimeException e) {
                LOG.warnf("connection %s: no watch channel could be opened (%s); the backstop keeps polling",
                        connection.id(), e.getMessage());
            }
        }
    }

    /** The first cursor of a connection (the feed starts at {@code pageToken}); kept if one exists. */
    public void start(String connectionId, String pageToken) {
        Instant now = clock.instant();
        SyncFrequency frequency = SyncFrequency.REALTIME;
        cursors.createIfAbsent(ChangeCursor.start(connectionId, pageToken, frequency, now,
                slot(now.plus(frequency.backstop(settings.realtimeBackstop())))));
    }

    /** Sets how often the connection's changes are read; the backstop's due time follows. */
    public void frequency(String connectionId, SyncFrequency frequency) {
        cursors.find(connectionId).filter(c -> c.frequency() != frequency).ifPresent(c -> {
            Instant now = clock.instant();
            cursors.save(c.withFrequency(frequency, c.dueAt() == null ? null
                    : slot(now.plus(frequency.backstop(settings.realtimeBackstop())))), c.version());
        });
    }

    /** Puts a (re)connected connection's cursor back under the backstop. */
    public void resume(String connectionId) {
        cursors.find(connectionId).filter(c -> c.dueAt() == null).ifPresent(c -> {
            try {
                cursors.save(c.due(dueAfter(clock.instant(), c)), c.version());
            } catch (CursorStore.StaleCursorException e) {
                // someone moved it: it is under the backstop then
            }
        });
    }

    /** A revoked connection: channels marked stopped (its tokens are gone, Google ends them), no backstop. */
    void retire(DriveConnection connection) {
        channels.stopAll(connection.id(), null);
        cursors.find(connection.id()).filter(c -> c.dueAt() != null).ifPresent(c -> {
            try {
                cursors.save(c.due(null), c.version());
            } catch (CursorStore.StaleCursorException e) {
                // a run moved it; the next run retires it again
            }
        });
    }

    private Result failed(ChangeCursor cursor, Outcome outcome, String reason) {
        if (cursor != null) {
            Instant now = clock.instant();
            cursors.recordFailure(cursor, reason, now, cursor.dueAt() == null ? null : dueAfter(now, cursor));
        }
        return new Result(outcome, 0, reason);
    }

    /**
     * When the backstop takes the connection up if nothing else ran: its frequency's period after
     * {@code now}, rounded up to a 5-minute slot (so busy connections rewrite the due index rarely).
     */
    private Instant dueAfter(Instant now, ChangeCursor cursor) {
        return slot(now.plus(cursor.frequency().backstop(settings.realtimeBackstop())));
    }

    private static Instant slot(Instant at) {
        long slot = DUE_SLOT.getSeconds();
        return Instant.ofEpochSecond((at.getEpochSecond() + slot - 1) / slot * slot);
    }
}
