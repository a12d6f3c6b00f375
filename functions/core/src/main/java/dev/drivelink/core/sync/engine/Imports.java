package dev.drivelink.core.sync.engine;

import dev.drivelink.core.connection.ConnectionRepository;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.sync.mapping.MappingPaths;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.run.SyncControl;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import dev.drivelink.core.sync.settings.SyncMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /drive/projects/{projectId}/imports {"fileIds":[...],"connectionId":"...","targetPath":"..."}}:
 * the user picked Drive files to bring into the project ({@code selective_sync}). Validated here,
 * recorded as pending imports, and handed to the sync worker with an {@code import} sync request; the
 * worker checks each file in Drive (live, binary, not filtered) and downloads it to
 * {@code <targetPath>/<file name>} (default {@code from-drive/<file name>}), mapped as imported.
 */
public final class Imports {

    public static final int MAX_FILES = 100;
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    /** What the route answers (202). */
    public record Accepted(String requestId, String projectId, String connectionId, List<String> fileIds,
                           String targetPath) {
    }

    private final ProjectAccess access;
    private final ConnectionRepository connections;
    private final SettingsService settings;
    private final PendingImports pending;
    private final SyncControl sync;
    private final Clock clock;

    public Imports(ProjectAccess access, ConnectionRepository connections, SettingsService settings,
                   PendingImports pending, SyncControl sync, Clock clock) {
        this.access = access;
        this.connections = connections;
        this.settings = settings;
        this.pending = pending;
        this.sync = sync;
        this.clock = clock;
    }

    /**
     * 404 for a project the user is not a member of or a connection that is not theirs; 400
     * {@code invalid-import} for a bad body; 409 {@code import-not-allowed} when the project cannot
     * receive Drive files (backup_only, sync disabled, or it syncs with another connection).
     */
    public Accepted request(String userId, String projectId, String connectionId, List<String> fileIds,
                            String targetPath) {
        access.requireMember(userId, projectId);
        if (connectionId == null || connectionId.isBlank()) {
            throw DomainException.invalid("invalid-import", "\"connectionId\" is required");
        }
        connections.find(connectionId).filter(c -> c.userId().equals(userId))
                .orElseThrow(() -> DomainException.notFound("connection", connectionId));
        if (fileIds == null || fileIds.isEmpty()) {
            throw DomainException.invalid("invalid-import", "\"fileIds\" must list at least one Drive file id");
        }
        if (fileIds.size() > MAX_FILES) {
            throw DomainException.invalid("invalid-import", "at most " + MAX_FILES + " files per import");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : fileIds) {
            if (id == null || !FILE_ID.matcher(id).matches()) {
                throw DomainException.invalid("invalid-import", "\"" + id + "\" is not a Drive file id");
            }
            ids.add(id);
        }
        String folder = targetPath == null || targetPath.isBlank() ? null
                : MappingPaths.require(MappingPaths.trimSlashes(targetPath));
        EffectiveSettings effective = settings.effectiveSettings(userId, projectId);
        if (!connectionId.equals(effective.connectionId())) {
            throw DomainException.conflict("import-not-allowed", "project " + projectId
                    + " does not sync with connection " + connectionId);
        }
        if (!effective.active() || effective.syncMode() == SyncMode.BACKUP_ONLY) {
            throw DomainException.conflict("import-not-allowed", "project " + projectId + " does not take files from "
                    + "Drive (sync mode " + effective.syncMode().wire() + (effective.enabled() ? "" : ", disabled") + ")");
        }
        Instant now = clock.instant();
        List<PendingImports.PendingImport> records = new ArrayList<>();
        for (String id : ids) {
            records.add(new PendingImports.PendingImport(connectionId, projectId, userId, id, folder, now));
        }
        pending.add(records);
        SyncRequest request = sync.request(userId, connectionId, projectId, SyncReason.IMPORT, null);
        return new Accepted(request.requestId(), projectId, connectionId, List.copyOf(ids), folder);
    }
}
