package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoConflictRepository;
import dev.drivelink.core.adapters.aws.DynamoFileMappingRepository;
import dev.drivelink.core.adapters.aws.DynamoMembershipRepository;
import dev.drivelink.core.adapters.aws.DynamoSettingsRepository;
import dev.drivelink.core.adapters.aws.DynamoSyncStatusRepository;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.sync.activity.ActivityQueries;
import dev.drivelink.core.sync.conflict.Conflicts;
import dev.drivelink.core.sync.files.ProjectFiles;
import dev.drivelink.core.sync.mapping.FileMappingRepository;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.run.SyncControl;
import dev.drivelink.core.sync.run.SyncQueue;
import dev.drivelink.core.sync.run.SyncStatuses;
import dev.drivelink.core.sync.settings.RealtimeWatchHook;
import dev.drivelink.core.sync.settings.SettingsService;
import java.util.Map;

/**
 * The sync engine's control plane: project membership, settings, conflicts, sync status and
 * requests, the activity log, file mappings. The API's project routes and the sync worker use it.
 */
public final class SyncControlFeature {

    private final Infrastructure infra;
    private final Lazy<ProjectAccess> access;
    private final Lazy<SettingsService> settings;
    private final Lazy<SyncQueue> queue;
    private final Lazy<SyncStatuses> statuses;
    private final Lazy<SyncControl> sync;
    private final Lazy<Conflicts> conflicts;
    private final Lazy<ActivityQueries> activity;
    private final Lazy<FileMappingRepository> mappings;
    private final Lazy<ProjectFiles> files;

    public SyncControlFeature(Infrastructure infra) {
        this(infra, null);
    }

    /** With another watch-channel hook than change detection's (tests, tools). */
    public SyncControlFeature(Infrastructure infra, RealtimeWatchHook watchHook) {
        this.infra = infra;
        RealtimeWatchHook hook = watchHook != null ? watchHook
                : (connectionId, realtime) -> infra.changes().hooks().realtimeChanged(connectionId, realtime);
        var config = infra.config();
        var table = config.table();
        this.access = Lazy.of(() -> new ProjectAccess(new DynamoMembershipRepository(infra.aws().dynamo(), table),
                userId -> {
                    Map<String, Boolean> before = settings().realtimeSnapshot(userId);
                    return () -> settings().membershipChanged(userId, before);
                }, infra.clock()));
        this.queue = Lazy.of(infra::syncQueue);
        this.settings = Lazy.of(() -> new SettingsService(access.get(), infra.connections(), infra.connectionQueries(),
                infra.connectionCommands(),
                new DynamoSettingsRepository(infra.aws().dynamo(), table), hook,
                effective -> sync().settingsChanged(effective), infra.clock()));
        this.statuses = Lazy.of(() -> new SyncStatuses(new DynamoSyncStatusRepository(infra.aws().dynamo(), table),
                infra.publisher(), infra.activityLog(), infra.clock()));
        this.sync = Lazy.of(() -> new SyncControl(settings.get(), statuses.get(), queue.get(), infra.activityLog(),
                infra.clock()));
        this.conflicts = Lazy.of(() -> new Conflicts(access.get(), infra.connections(),
                new DynamoConflictRepository(infra.aws().dynamo(), table, config.sync().activityRetention()),
                sync.get(), infra.activityLog(), infra.clock()));
        this.activity = Lazy.of(() -> new ActivityQueries(access.get(), infra.activityStore()));
        this.mappings = Lazy.of(() -> new DynamoFileMappingRepository(infra.aws().dynamo(), table));
        this.files = Lazy.of(() -> new ProjectFiles(settings.get(), mappings.get()));
    }

    /** Who may sync which project (admin routes, and every project route's membership check). */
    public ProjectAccess access() {
        return access.get();
    }

    /** Settings routes, and {@link SettingsService#effectiveSettings} for the worker. */
    public SettingsService settings() {
        return settings.get();
    }

    /** Sync status and resume (routes); sync requests onto the sync queue. */
    public SyncControl sync() {
        return sync.get();
    }

    /** The worker's side of the sync status: started, succeeded, paused, failed. */
    public SyncStatuses statuses() {
        return statuses.get();
    }

    public Conflicts conflicts() {
        return conflicts.get();
    }

    /** Reading the activity log (routes). */
    public ActivityQueries activity() {
        return activity.get();
    }

    /** Writing the activity log (workers). */
    public ActivityLog activityLog() {
        return infra.activityLog();
    }

    public FileMappingRepository mappings() {
        return mappings.get();
    }

    /** A project's files with their sync status (route). */
    public ProjectFiles files() {
        return files.get();
    }

    /** The JWT scope of the host app's backend. */
    public String adminScope() {
        return infra.config().sync().adminScope();
    }
}
