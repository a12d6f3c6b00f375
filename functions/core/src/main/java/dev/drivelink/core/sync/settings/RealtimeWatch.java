package dev.drivelink.core.sync.settings;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.ConnectionStatus;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.project.ProjectMembership;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Which of a user's connections need a watch channel (some project syncs through it, enabled, with
 * {@code syncFrequency = realtime}), and telling change detection when that changes: after a settings
 * save or a membership change, the connections whose answer moved go to the {@link RealtimeWatchHook}.
 */
final class RealtimeWatch {

    /** The effective settings of a project, given the user's connections and a cache of global settings. */
    interface Resolver {
        EffectiveSettings resolve(ProjectSettings project, List<DriveConnection> mine, Map<String, GlobalSettings> globals);
    }

    private static final Logger LOG = Logger.getLogger(RealtimeWatch.class);

    private final ProjectAccess access;
    private final ConnectionRepository connections;
    private final SettingsRepository settings;
    private final RealtimeWatchHook hook;
    private final Resolver resolver;

    RealtimeWatch(ProjectAccess access, ConnectionRepository connections, SettingsRepository settings,
                  RealtimeWatchHook hook, Resolver resolver) {
        this.access = access;
        this.connections = connections;
        this.settings = settings;
        this.hook = hook;
        this.resolver = resolver;
    }

    boolean wanted(String userId, String connectionId) {
        return byConnection(userId).getOrDefault(connectionId, false);
    }

    /** Every connection of the user, and whether it wants a channel now. */
    Map<String, Boolean> byConnection(String userId) {
        List<DriveConnection> mine = connections.findByUser(userId);
        Map<String, Boolean> result = new HashMap<>();
        for (DriveConnection c : mine) {
            result.put(c.id(), false);
        }
        Map<String, ProjectSettings> stored = new HashMap<>();
        for (ProjectSettings p : settings.projectsOf(userId)) {
            stored.put(p.projectId(), p);
        }
        Map<String, GlobalSettings> globals = new HashMap<>();
        for (ProjectMembership m : access.projectsOf(userId)) {
            ProjectSettings p = stored.getOrDefault(m.projectId(), ProjectSettings.none(userId, m.projectId()));
            EffectiveSettings e = resolver.resolve(p, mine, globals);
            boolean live = mine.stream().anyMatch(c -> c.id().equals(e.connectionId()) && c.status() != ConnectionStatus.REVOKED);
            if (live && e.enabled() && e.syncFrequency() == SyncFrequency.REALTIME) {
                result.put(e.connectionId(), true);
            }
        }
        return result;
    }

    /** Tells the hook of every connection whose answer differs from {@code before}; a failing hook is logged. */
    void reconcile(String userId, Map<String, Boolean> before) {
        Map<String, Boolean> after = byConnection(userId);
        Set<String> ids = new HashSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            boolean was = before.getOrDefault(id, false);
            boolean now = after.getOrDefault(id, false);
            if (was != now) {
                try {
                    hook.realtimeChanged(id, now);
                } catch (RuntimeException e) {
                    LOG.warnf("connection %s: the watch channel hook failed (realtime=%s): %s", id, now, e.toString());
                }
            }
        }
    }
}
