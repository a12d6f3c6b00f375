package dev.drivelink.core.sync.intake;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.connection.DriveConnection;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.project.ProjectMembership;
import dev.drivelink.core.sync.run.SyncQueue;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.run.SyncStatus;
import dev.drivelink.core.sync.run.SyncStatuses;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import dev.drivelink.core.sync.settings.SyncFrequency;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The sync schedule (an EventBridge rule, hourly): every project whose effective {@code syncFrequency}
 * is {@code hourly} or {@code daily} and whose last run is older than that gets a {@code SCHEDULE} sync
 * request. {@code realtime} projects are left to Drive's push notifications and to app-change events.
 *
 * <p>Who: the users of the live connections (those holding tokens, from the token-expiry index: a Query,
 * never a Scan), their projects and effective settings. Due: no run yet, or the last run
 * ({@link SyncStatus#lastRunAt()}, any reason: every run syncs the whole project) is older than
 * {@link #HOURLY_DUE} / {@link #DAILY_DUE} (a little under the period, so an hourly schedule never skips
 * an hour because the last run started a few seconds late). The request id is derived from the project
 * and the hour, so a schedule that fires twice in an hour asks once. One failing user or project never
 * stops the sweep.
 */
public final class ScheduledSyncs {

    private static final Logger LOG = Logger.getLogger(ScheduledSyncs.class);
    static final Duration HOURLY_DUE = Duration.ofMinutes(50);
    static final Duration DAILY_DUE = Duration.ofHours(23);
    /** Past every refresh due time: the token-expiry index then lists every connection holding tokens. */
    private static final Instant EVERY_LIVE_CONNECTION = Instant.parse("9999-12-31T00:00:00Z");

    /** What one sweep did. */
    public record Result(int users, int projects, int requested, int failed) {
    }

    private final ConnectionRepository connections;
    private final ProjectAccess access;
    private final SettingsService settings;
    private final SyncStatuses statuses;
    private final SyncQueue queue;
    private final Clock clock;

    public ScheduledSyncs(ConnectionRepository connections, ProjectAccess access, SettingsService settings,
                          SyncStatuses statuses, SyncQueue queue, Clock clock) {
        this.connections = connections;
        this.access = access;
        this.settings = settings;
        this.statuses = statuses;
        this.queue = queue;
        this.clock = clock;
    }

    public Result run() {
        Instant now = clock.instant();
        Set<String> users = new LinkedHashSet<>();
        int failed = 0;
        for (String connectionId : connections.idsWithAccessTokenExpiringBefore(EVERY_LIVE_CONNECTION)) {
            try {
                connections.find(connectionId).map(DriveConnection::userId).ifPresent(users::add);
            } catch (RuntimeException e) {
                failed++;
                LOG.errorf("connection %s: not looked at by the sync schedule: %s", connectionId, e.toString());
            }
        }
        int projects = 0;
        int requested = 0;
        for (String userId : users) {
            List<ProjectMembership> memberships;
            try {
                memberships = access.projectsOf(userId);
            } catch (RuntimeException e) {
                failed++;
                LOG.errorf("user %s: projects not read by the sync schedule: %s", userId, e.toString());
                continue;
            }
            for (ProjectMembership m : memberships) {
                projects++;
                try {
                    if (due(userId, m.projectId(), now).map(this::enqueue).orElse(false)) {
                        requested++;
                    }
                } catch (RuntimeException e) {
                    failed++;
                    LOG.errorf("project %s of user %s: scheduled sync not requested: %s", m.projectId(), userId,
                            e.toString());
                }
            }
        }
        LOG.infof("sync schedule: %d user(s), %d project(s), %d sync request(s), %d failure(s)", users.size(),
                projects, requested, failed);
        return new Result(users.size(), projects, requested, failed);
    }

    /** The request to send when the project is due now. */
    Optional<SyncRequest> due(String userId, String projectId, Instant now) {
        EffectiveSettings e = settings.effectiveSettings(userId, projectId);
        if (!e.active() || e.syncFrequency() == SyncFrequency.REALTIME) {
            return Optional.empty();
        }
        Duration period = e.syncFrequency() == SyncFrequency.HOURLY ? HOURLY_DUE : DAILY_DUE;
        Instant lastRun = statuses.current(userId, e.connectionId(), projectId).lastRunAt();
        if (lastRun != null && lastRun.isAfter(now.minus(period))) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(List.of(e.connectionId(), projectId,
                now.truncatedTo(ChronoUnit.HOURS).toString()));
        return Optional.of(new SyncRequest(SyncRequest.CURRENT_VERSION, RequestIds.derived("sched", parts),
                e.connectionId(), userId, projectId, SyncReason.SCHEDULE, null, now));
    }

    private boolean enqueue(SyncRequest request) {
        queue.enqueue(request);
        LOG.infof("connection %s: scheduled sync of project %s -> %s", request.connectionId(), request.projectId(),
                request.requestId());
        return true;
    }
}
