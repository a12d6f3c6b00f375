package dev.drivelink.core.sync.intake;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.intake.AppFilesLocation.AppPath;
import dev.drivelink.core.sync.intake.S3Notifications.Kind;
import dev.drivelink.core.sync.intake.S3Notifications.ObjectChange;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.project.ProjectMembership;
import dev.drivelink.core.sync.run.SyncQueue;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * App-side changes: one batch of S3 event notifications from the app files bucket (standard SQS queue)
 * becomes at most one {@code APP_CHANGES} sync request per (connection, project) on the FIFO sync queue.
 *
 * <ul>
 *   <li>Each key is mapped to its project ({@link AppFilesLocation}); keys outside the layout are ignored.</li>
 *   <li>A created object drivelink wrote itself (its mark, checked with a HEAD of the notified version)
 *       is no change of the user's: it asks for nothing. A removal always counts: a delete marker carries
 *       no metadata, and a sync that finds nothing to do costs one listing.</li>
 *   <li>Every member of the project whose effective settings sync the app side (enabled, a connection,
 *       not {@code active_monitoring}, not {@code backup_only} without auto backup) gets a request.</li>
 *   <li>The request id is derived from the (connection, project) and the batch's changes of that project
 *       (with their SQS message ids), so a redelivered batch is dropped by the queue's deduplication and
 *       any new notification makes a new request.</li>
 *   <li>Unusable messages (not an S3 notification, another bucket) go to the dead-letter queue with their
 *       reason; a project whose lookup or enqueue failed has its messages delivered again.</li>
 * </ul>
 */
public final class AppChangeIntake {

    private static final Logger LOG = Logger.getLogger(AppChangeIntake.class);

    /** What one batch did (for logs and tests). */
    public record Result(List<SyncRequest> requested, List<String> retry, int deadLettered, int ignored) {
    }

    private final AppFilesLocation location;
    private final AppObjectMarks marks;
    private final ProjectAccess access;
    private final SettingsService settings;
    private final SyncQueue queue;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public AppChangeIntake(AppFilesLocation location, AppObjectMarks marks, ProjectAccess access,
                           SettingsService settings, SyncQueue queue, DeadLetters deadLetters, Clock clock) {
        this.location = location;
        this.marks = marks;
        this.access = access;
        this.settings = settings;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** The changed paths of one project in this batch, and the messages that named them. */
    private static final class ProjectChanges {
        final Set<String> identities = new TreeSet<>();
        final Set<String> messageIds = new LinkedHashSet<>();
    }

    public Result process(List<QueueMessage> messages) {
        Set<String> retry = new LinkedHashSet<>();
        Map<String, ProjectChanges> byProject = new LinkedHashMap<>();
        int deadLettered = 0;
        int ignored = 0;
        for (QueueMessage message : messages) {
            S3Notifications.Notification notification;
            try {
                notification = S3Notifications.parse(message.body());
                if (!notification.testEvent()) {
                    for (ObjectChange c : notification.changes()) {
                        if (!c.bucket().equals(location.bucket())) {
                            throw new S3Notifications.InvalidNotification("bucket " + c.bucket()
                                    + " is not the app files bucket (" + location.bucket() + ")");
                        }
                    }
                }
            } catch (S3Notifications.InvalidNotification e) {
                LOG.warnf("app change message %s is unusable: %s", message.id(), e.getMessage());
                if (deadLetter(message, "invalid S3 notification: " + e.getMessage())) {
                    deadLettered++;
                } else {
                    retry.add(message.id());
                }
                continue;
            }
            if (notification.testEvent()) {
                LOG.infof("S3 test event for bucket %s: notifications reach drivelink", notification.testBucket());
                continue;
            }
            for (ObjectChange change : notification.changes()) {
                var path = location.locate(change.key());
                if (change.kind() == Kind.OTHER || path.isEmpty()) {
                    ignored++;
                    continue;
                }
                try {
                    if (change.kind() == Kind.CREATED
                            && marks.writtenByDrivelink(change.bucket(), change.key(), change.versionId())) {
                        ignored++;
                        continue;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("app change message %s: could not read the mark of %s (%s); delivered again",
                            message.id(), change.key(), e.toString());
                    retry.add(message.id());
                    continue;
                }
                ProjectChanges p = byProject.computeIfAbsent(path.get().projectId(), k -> new ProjectChanges());
                p.identities.add(message.id() + "\u0000" + identity(change, path.get()));
                p.messageIds.add(message.id());
            }
        }
        List<SyncRequest> requested = new ArrayList<>();
        byProject.forEach((projectId, changes) -> {
            try {
                requested.addAll(requestSyncs(projectId, changes.identities));
            } catch (RuntimeException e) {
                LOG.errorf("project %s: app changes could not be handed to the sync queue (%s); %d message(s) "
                        + "delivered again", projectId, e.toString(), changes.messageIds.size());
                retry.addAll(changes.messageIds);
            }
        });
        return new Result(requested, List.copyOf(retry), deadLettered, ignored);
    }

    private List<SyncRequest> requestSyncs(String projectId, Set<String> identities) {
        List<SyncRequest> requests = new ArrayList<>();
        for (ProjectMembership member : access.membersOf(projectId)) {
            EffectiveSettings e;
            try {
                e = settings.effectiveSettings(member.userId(), projectId);
            } catch (DomainException gone) {
                if (gone.kind() == ErrorKind.NOT_FOUND) {
                    continue; // the membership was removed meanwhile
                }
                throw gone;
            }
            if (!syncsAppSide(e)) {
                continue;
            }
            List<String> parts = new ArrayList<>(List.of(e.connectionId(), projectId));
            parts.addAll(identities);
            SyncRequest request = new SyncRequest(SyncRequest.CURRENT_VERSION, RequestIds.derived("app", parts),
                    e.connectionId(), member.userId(), projectId, SyncReason.APP_CHANGES, null, clock.instant());
            queue.enqueue(request);
            LOG.infof("connection %s: app changes in project %s (%d object change(s)) -> sync request %s",
                    e.connectionId(), projectId, identities.size(), request.requestId());
            requests.add(request);
        }
        return requests;
    }

    /** Whether app-side changes can lead to anything in this sync (the engine decides the rest). */
    static boolean syncsAppSide(EffectiveSettings e) {
        if (!e.active()) {
            return false;
        }
        return switch (e.syncMode()) {
            case ACTIVE_MONITORING -> false;
            case BACKUP_ONLY -> e.autoBackup();
            case SELECTIVE_SYNC, BIDIRECTIONAL -> true;
        };
    }

    private static String identity(ObjectChange c, AppPath path) {
        String version = c.versionId() != null ? c.versionId() : c.sequencer() != null ? c.sequencer() : c.eTag();
        return path.path() + "\u0000" + c.kind() + "\u0000" + (version == null ? "" : version);
    }

    private boolean deadLetter(QueueMessage message, String reason) {
        try {
            deadLetters.deadLetter(message.body(), reason, message.id(), null);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "app change message %s could not be dead-lettered (%s); it will be delivered again",
                    message.id(), reason);
            return false;
        }
    }
}
