package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.connection.FolderRef;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.FileTypeFilters;
import dev.drivelink.core.sync.settings.GlobalSettings;
import dev.drivelink.core.sync.settings.ProjectSettings;
import dev.drivelink.core.sync.settings.SettingsRepository;
import dev.drivelink.core.sync.settings.SyncFrequency;
import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.SyncPreferences;
import dev.drivelink.core.sync.settings.WireName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Settings: a connection's global ones under its partition ({@code CONN#c / SETTINGS}), a user's
 * project overrides under the user's ({@code USER#u / PSETTINGS#p}). A setting not set at a level is
 * not stored there.
 */
public final class DynamoSettingsRepository implements SettingsRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSettingsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<GlobalSettings> findGlobal(String connectionId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.globalSettings(connectionId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GlobalSettings(connectionId, str(item, "userId"), preferences(item),
                Attrs.instant(item, "updatedAt"), Attrs.num(item, "version", 0)));
    }

    @Override
    public void saveGlobal(GlobalSettings next, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.globalSettings(next.connectionId()));
        item.put(Keys.TYPE, s("global-settings"));
        item.put("connectionId", s(next.connectionId()));
        item.put("userId", s(next.userId()));
        putPreferences(item, next.values());
        item.put("updatedAt", s(next.updatedAt().toString()));
        item.put("version", n(next.version()));
        put(item, expectedVersion, "settings of connection " + next.connectionId());
    }

    @Override
    public Optional<ProjectSettings> findProject(String userId, String projectId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.projectSettings(userId, projectId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(project(item));
    }

    @Override
    public void saveProject(ProjectSettings next, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.projectSettings(next.userId(), next.projectId()));
        item.put(Keys.TYPE, s("project-settings"));
        item.put("userId", s(next.userId()));
        item.put("projectId", s(next.projectId()));
        putPreferences(item, next.overrides());
        putIfPresent(item, "connectionId", next.connectionId());
        if (next.backupFolder() != null) {
            item.put("backupFolder", folder(next.backupFolder()));
        }
        if (!next.monitoredFolders().isEmpty()) {
            item.put("monitoredFolders", AttributeValue.fromL(next.monitoredFolders().stream().map(DynamoSettingsRepository::folder).toList()));
        }
        item.put("updatedAt", s(next.updatedAt().toString()));
        item.put("version", n(next.version()));
        put(item, expectedVersion, "settings of project " + next.projectId());
    }

    @Override
    public List<ProjectSettings> projectsOf(String userId) {
        List<ProjectSettings> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.userPk(userId)), ":prefix", s(Keys.PROJECT_SETTINGS_PREFIX)))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(project(item)));
        return result;
    }

    private void put(Map<String, AttributeValue> item, long expectedVersion, String what) {
        if (!VersionedWrites.put(dynamo, table, item, expectedVersion)) {
            throw new ConcurrentUpdateException(what);
        }
    }

    private static ProjectSettings project(Map<String, AttributeValue> item) {
        List<FolderRef> monitored = new ArrayList<>();
        AttributeValue list = item.get("monitoredFolders");
        if (list != null && list.hasL()) {
            list.l().forEach(f -> monitored.add(folder(f.m())));
        }
        Map<String, AttributeValue> backup = Attrs.map(item, "backupFolder");
        return new ProjectSettings(str(item, "userId"), str(item, "projectId"), preferences(item),
                str(item, "connectionId"), backup == null ? null : folder(backup), monitored,
                Attrs.instant(item, "updatedAt"), Attrs.num(item, "version", 0));
    }

    private static void putPreferences(Map<String, AttributeValue> item, SyncPreferences p) {
        if (p.syncMode() != null) {
            item.put("syncMode", s(p.syncMode().wire()));
        }
        if (p.autoBackup() != null) {
            item.put("autoBackup", Attrs.bool(p.autoBackup()));
        }
        if (p.syncFrequency() != null) {
            item.put("syncFrequency", s(p.syncFrequency().wire()));
        }
        if (p.conflictResolution() != null) {
            item.put("conflictResolution", s(p.conflictResolution().wire()));
        }
        if (p.fileTypeFilters() != null) {
            item.put("fileTypeFilters", AttributeValue.fromM(Map.of(
                    "include", Attrs.strings(p.fileTypeFilters().include()),
                    "exclude", Attrs.strings(p.fileTypeFilters().exclude()))));
        }
        if (p.enabled() != null) {
            item.put("enabled", Attrs.bool(p.enabled()));
        }
        if (p.deleteBackups() != null) {
            item.put("deleteBackups", Attrs.bool(p.deleteBackups()));
        }
    }

    private static SyncPreferences preferences(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> filters = Attrs.map(item, "fileTypeFilters");
        return new SyncPreferences(
                wire(SyncMode.class, str(item, "syncMode")),
                Attrs.bool(item, "autoBackup"),
                wire(SyncFrequency.class, str(item, "syncFrequency")),
                wire(ConflictPolicy.class, str(item, "conflictResolution")),
                filters == null ? null : new FileTypeFilters(Attrs.list(filters, "include"), Attrs.list(filters, "exclude")),
                Attrs.bool(item, "enabled"),
                Attrs.bool(item, "deleteBackups"));
    }

    private static <E extends Enum<E> & WireName> E wire(Class<E> type, String value) {
        return value == null ? null : WireName.parse(type, value).orElse(null);
    }

    private static AttributeValue folder(FolderRef f) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", s(f.id()));
        putIfPresent(m, "name", f.name());
        putIfPresent(m, "link", f.link());
        return AttributeValue.fromM(m);
    }

    private static FolderRef folder(Map<String, AttributeValue> m) {
        return new FolderRef(str(m, "id"), str(m, "name"), str(m, "link"));
    }
}
