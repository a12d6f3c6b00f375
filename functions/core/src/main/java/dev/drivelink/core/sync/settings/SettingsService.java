package dev.drivelink.core.sync.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.connect.ConnectionCommands;
import dev.drivelink.core.connection.ConnectionQueries;
import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.settings.SettingsViews.GlobalSettingsView;
import dev.drivelink.core.sync.settings.SettingsViews.ProjectSettingsView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Sync settings: global per connection, overridden per user and project. Reading and changing them
 * (the routes), and {@link #effectiveSettings}, what the sync worker runs by.
 *
 * <p>Drive folders named in project settings are checked with the connection's own tokens (exists,
 * visible to this app, a folder, not trashed) and belong to that connection: naming a folder pins the
 * connection the project uses.
 */
public final class SettingsService {

    private static final Logger LOG = Logger.getLogger(SettingsService.class);

    private final ProjectAccess access;
    private final ConnectionRepository connections;
    private final ConnectionQueries queries;
    private final ConnectionCommands commands;
    private final SettingsRepository settings;
    private final RealtimeWatch realtime;
    private final Consumer<EffectiveSettings> projectChanged;
    private final Clock clock;

    /**
     * @param projectChanged told the effective settings after a project's settings were saved (the
     *                       wiring enqueues a sync of the project)
     */
    public SettingsService(ProjectAccess access, ConnectionRepository connections, ConnectionQueries queries,
                           ConnectionCommands commands, SettingsRepository settings, RealtimeWatchHook watch,
                           Consumer<EffectiveSettings> projectChanged, Clock clock) {
        this.access = access;
        this.connections = connections;
        this.queries = queries;
        this.commands = commands;
        this.settings = settings;
        this.realtime = new RealtimeWatch(access, connections, settings, watch, this::resolve);
        this.projectChanged = projectChanged;
        this.clock = clock;
    }

    // ---- global (per connection) -----------------------------------------------------------------

    public GlobalSettingsView global(String userId, String connectionId) {
        DriveConnection c = queries.owned(userId, connectionId);
        return SettingsViews.global(storedGlobal(c));
    }

    public GlobalSettingsView updateGlobal(String userId, String connectionId, JsonNode body) {
        DriveConnection c = usable(queries.owned(userId, connectionId));
        SettingsPatch patch = SettingsPatch.parse(body, false);
        Map<String, Boolean> before = realtime.byConnection(userId);
        GlobalSettings current = storedGlobal(c);
        GlobalSettings next = current.next(patch.applyTo(current.values()), clock.instant());
        try {
            settings.saveGlobal(next, current.version());
        } catch (SettingsRepository.ConcurrentUpdateException e) {
            throw concurrent();
        }
        LOG.infof("connection %s: global sync settings changed", c.id());
        realtime.reconcile(userId, before);
        return SettingsViews.global(next);
    }

    // ---- per project -------------------------------------------------------------------------------

    public ProjectSettingsView project(String userId, String projectId) {
        access.requireMember(userId, projectId);
        ProjectSettings stored = storedProject(userId, projectId);
        return SettingsViews.project(resolve(stored, connections.findByUser(userId)), stored.updatedAt());
    }

    public ProjectSettingsView updateProject(String userId, String projectId, JsonNode body) {
        access.requireMember(userId, projectId);
        SettingsPatch patch = SettingsPatch.parse(body, true);
        Map<String, Boolean> before = realtime.byConnection(userId);
        ProjectSettings current = storedProject(userId, projectId);

        String connectionId = current.connectionId();
        if (patch.touches(Setting.CONNECTION_ID)) {
            connectionId = patch.clears(Setting.CONNECTION_ID) ? null
                    : usable(queries.owned(userId, patch.value(Setting.CONNECTION_ID))).id();
        }
        boolean connectionChanged = !Objects.equals(connectionId, current.connectionId());

        // the folders after the patch, as references still to check (null: none / unchanged)
        String backupRef = null;
        FolderRef backup = current.backupFolder();
        if (patch.touches(Setting.BACKUP_FOLDER)) {
            backup = null;
            backupRef = patch.value(Setting.BACKUP_FOLDER);
        } else if (connectionChanged && backup != null) {
            backupRef = backup.id();
            backup = null;
        }
        List<String> monitoredRefs = null;
        List<FolderRef> monitored = current.monitoredFolders();
        if (patch.touches(Setting.MONITORED_FOLDERS)) {
            monitored = List.of();
            List<String> refs = patch.value(Setting.MONITORED_FOLDERS);
            monitoredRefs = refs == null ? null : refs;
        } else if (connectionChanged && !monitored.isEmpty()) {
            monitoredRefs = monitored.stream().map(FolderRef::id).toList();
            monitored = List.of();
        }
        boolean foldersToCheck = backupRef != null || (monitoredRefs != null && !monitoredRefs.isEmpty());
        boolean foldersAfter = foldersToCheck || backup != null || !monitored.isEmpty();

        if (foldersToCheck) {
            if (connectionId == null && patch.touches(Setting.CONNECTION_ID)) {
                throw folderNeedsConnection();
            }
            String folderConnection = connectionId != null ? connectionId
                    : defaultConnection(connections.findByUser(userId)).orElseThrow(SettingsService::folderNeedsConnection);
            if (backupRef != null) {
                backup = commands.resolveFolder(userId, folderConnection, backupRef);
            }
            if (monitoredRefs != null && !monitoredRefs.isEmpty()) {
                List<FolderRef> checked = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (String ref : monitoredRefs) {
                    FolderRef folder = commands.resolveFolder(userId, folderConnection, ref);
                    if (seen.add(folder.id())) {
                        checked.add(folder);
                    }
                }
                monitored = checked;
            }
            connectionId = folderConnection; // the folders belong to this connection from now on
        } else if (connectionId == null && foldersAfter) {
            throw folderNeedsConnection();
        }

        ProjectSettings next = new ProjectSettings(userId, projectId, patch.applyTo(current.overrides()), connectionId,
                backup, monitored, clock.instant(), current.version() + 1);
        try {
            settings.saveProject(next, current.version());
        } catch (SettingsRepository.ConcurrentUpdateException e) {
            throw concurrent();
        }
        LOG.infof("project %s: sync settings of user %s changed", projectId, userId);
        realtime.reconcile(userId, before);
        EffectiveSettings effective = resolve(next, connections.findByUser(userId));
        try {
            projectChanged.accept(effective);
        } catch (RuntimeException e) {
            LOG.warnf("project %s: could not ask for a sync after a settings change: %s", projectId, e.toString());
        }
        return SettingsViews.project(effective, next.updatedAt());
    }

    /**
     * What the sync worker runs by: the effective settings of {@code userId}'s sync of
     * {@code projectId}. 404 (DomainException NOT_FOUND) when the user is not (or no longer) a member.
     */
    public EffectiveSettings effectiveSettings(String userId, String projectId) {
        access.requireMember(userId, projectId);
        return resolve(storedProject(userId, projectId), connections.findByUser(userId));
    }

    /** The stored overrides of every project the user has settings for (retention uses it). */
    public List<ProjectSettings> storedProjects(String userId) {
        return settings.projectsOf(userId);
    }

    /** Retention: forgets the connection-bound part (connection, folders) of these settings. */
    public void detachConnection(ProjectSettings stored) {
        try {
            settings.saveProject(stored.withoutConnection(clock.instant()), stored.version());
        } catch (SettingsRepository.ConcurrentUpdateException e) {
            LOG.infof("project %s: settings of user %s changed meanwhile; left as they are", stored.projectId(),
                    stored.userId());
        }
    }

    /**
     * Whether {@code connectionId} should have a watch channel: some project the user is a member of
     * syncs through it, enabled, with {@code syncFrequency = realtime}. For the channel renewal sweep.
     */
    public boolean realtimeWanted(String userId, String connectionId) {
        return realtime.wanted(userId, connectionId);
    }

    /** Called when memberships of the user changed: channels may be wanted or not any more. */
    public void membershipChanged(String userId, Map<String, Boolean> before) {
        realtime.reconcile(userId, before);
    }

    /** A snapshot for {@link #membershipChanged}. */
    public Map<String, Boolean> realtimeSnapshot(String userId) {
        return realtime.byConnection(userId);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private EffectiveSettings resolve(ProjectSettings project, List<DriveConnection> mine) {
        return resolve(project, mine, new HashMap<>());
    }

    private EffectiveSettings resolve(ProjectSettings project, List<DriveConnection> mine,
                                      Map<String, GlobalSettings> globals) {
        String fallback = defaultConnection(mine).orElse(null);
        String connection = project.connectionId() != null ? project.connectionId() : fallback;
        GlobalSettings global = connection == null ? GlobalSettings.none(null, project.userId())
                : globals.computeIfAbsent(connection, id -> settings.findGlobal(id)
                        .orElse(GlobalSettings.none(id, project.userId())));
        return EffectiveSettings.resolve(project, fallback, global);
    }

    /** The user's only live connection, if there is exactly one. */
    private static Optional<String> defaultConnection(List<DriveConnection> mine) {
        List<DriveConnection> live = mine.stream().filter(c -> c.status() != ConnectionStatus.REVOKED).toList();
        return live.size() == 1 ? Optional.of(live.get(0).id()) : Optional.empty();
    }

    private GlobalSettings storedGlobal(DriveConnection c) {
        return settings.findGlobal(c.id()).orElse(GlobalSettings.none(c.id(), c.userId()));
    }

    private ProjectSettings storedProject(String userId, String projectId) {
        return settings.findProject(userId, projectId).orElse(ProjectSettings.none(userId, projectId));
    }

    private static DriveConnection usable(DriveConnection c) {
        if (c.status() == ConnectionStatus.REVOKED) {
            throw DomainException.conflict("connection-revoked",
                    "connection " + c.id() + " is revoked; the user must connect Google Drive again");
        }
        return c;
    }

    private static DomainException folderNeedsConnection() {
        return DomainException.invalid("connection-required", "Drive folders belong to a connection: name one with "
                + "\"connectionId\" (or clear \"backupFolder\" and \"monitoredFolders\" too)");
    }

    private static DomainException concurrent() {
        return DomainException.conflict("concurrent-update", "the settings changed meanwhile; read them and try again");
    }
}
