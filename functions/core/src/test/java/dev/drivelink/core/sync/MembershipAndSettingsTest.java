package dev.drivelink.core.sync;

import static dev.drivelink.core.sync.SyncFixture.json;
import static dev.drivelink.core.sync.SyncFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.error.ErrorKind;
import dev.drivelink.core.sync.project.ProjectAccess;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.Origin;
import dev.drivelink.core.sync.settings.Setting;
import dev.drivelink.core.sync.settings.SettingsService;
import dev.drivelink.core.sync.settings.SettingsViews.SettingView;
import dev.drivelink.core.sync.settings.SyncFrequency;
import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.SyncControlFeature;
import dev.drivelink.emulator.AdminFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Project membership and sync settings against moto and the Google emulator. */
class MembershipAndSettingsTest extends SyncWorldTest {

    static final List<String> hookCalls = Collections.synchronizedList(new ArrayList<>());
    String user;
    String connection;
    String project;

    @BeforeAll
    static void withAWatchHook() {
        sync = new SyncControlFeature(core.infrastructure(), (c, realtime) -> hookCalls.add(c + "=" + realtime));
    }

    @BeforeEach
    void member() {
        user = SyncFixture.id("user");
        project = SyncFixture.id("project");
        connection = world.connect(user, "alice@example.com");
        sync.access().grant(project, user);
    }

    SettingsService settings() {
        return sync.settings();
    }

    static Map<String, Object> values(Map<String, SettingView> view) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        view.forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    static Map<String, String> origins(Map<String, SettingView> view) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        view.forEach((k, v) -> m.put(k, v.origin()));
        return m;
    }

    // ---- membership ---------------------------------------------------------------------------------

    @Test
    void grantingIsIdempotentAndRemovingMakesTheProjectA404() {
        ProjectAccess access = sync.access();
        String other = SyncFixture.id("project");
        ProjectAccess.Grant first = access.grant(other, user);
        ProjectAccess.Grant again = access.grant(other, user);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.membership().grantedAt()).isEqualTo(first.membership().grantedAt());
        assertThat(access.projectsOf(user)).extracting(m -> m.projectId()).containsExactlyInAnyOrder(project, other);
        assertThat(access.requireMember(user, other).userId()).isEqualTo(user);

        assertThat(access.remove(other, user)).isTrue();
        assertThat(access.remove(other, user)).isFalse();
        problem(() -> access.requireMember(user, other), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().project(user, other), ErrorKind.NOT_FOUND, "not-found");
    }

    @Test
    void aProjectOfSomeoneElseIsExactlyLikeOneThatDoesNotExist() {
        String stranger = SyncFixture.id("user");
        world.connect(stranger, "bob@example.com");
        problem(() -> settings().project(stranger, project), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().project(stranger, "no-such-project"), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().updateProject(stranger, project, json("{\"syncMode\":\"bidirectional\"}")),
                ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().effectiveSettings(stranger, project), ErrorKind.NOT_FOUND, "not-found");
        assertThat(settings().project(user, project).settings().get("syncMode").value()).isEqualTo("backup_only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#b", "a/b", "..", "with space", "é"})
    void malformedIdsAre400s(String bad) {
        problem(() -> sync.access().grant(bad, user), ErrorKind.INVALID, "invalid-project-id");
        problem(() -> sync.access().grant(project, bad), ErrorKind.INVALID, "invalid-user-id");
        problem(() -> settings().project(user, bad), ErrorKind.INVALID, "invalid-project-id");
    }

    @Test
    void idsAsHostAppsWriteThemAreAccepted() {
        for (String id : List.of("auth0|5f7c8ec7c33c6c004bbafe82", "8c0f5b6e-3c57-4b8e-9a51-4f4b0a2f7c11", "proj_1.2-x",
                "x".repeat(128))) {
            assertThat(sync.access().grant(id, id).created()).isTrue();
        }
        problem(() -> sync.access().grant("x".repeat(129), user), ErrorKind.INVALID, "invalid-project-id");
    }

    // ---- effective settings ----------------------------------------------------------------------

    @Test
    void defaultsApplyUntilSomethingIsSet() {
        var global = settings().global(user, connection);
        assertThat(values(global.settings())).containsExactly(
                Map.entry("syncMode", "backup_only"), Map.entry("autoBackup", true),
                Map.entry("syncFrequency", "realtime"), Map.entry("conflictResolution", "manual"),
                Map.entry("fileTypeFilters", Map.of("include", List.of(), "exclude", List.of())),
                Map.entry("enabled", true), Map.entry("deleteBackups", false));
        assertThat(origins(global.settings()).values()).containsOnly("default");

        var projectView = settings().project(user, project);
        assertThat(projectView.settings().keySet()).containsExactly("syncMode", "autoBackup", "syncFrequency",
                "conflictResolution", "fileTypeFilters", "enabled", "deleteBackups", "connectionId", "backupFolder",
                "monitoredFolders");
        assertThat(projectView.settings().get("connectionId").value()).isEqualTo(connection);
        assertThat(projectView.settings().get("backupFolder").value()).isNull();
        assertThat(origins(projectView.settings()).values()).containsOnly("default");
    }

    @Test
    void globalPutChangesOnlyTheFieldsSentAndNullGoesBackToTheDefault() {
        settings().updateGlobal(user, connection, json("{\"syncMode\":\"bidirectional\",\"fileTypeFilters\":"
                + "{\"include\":[\".WAV\",\"*.aiff\",\"audio/*\"],\"exclude\":[\"tmp\"]}}"));
        var second = settings().updateGlobal(user, connection, json("{\"autoBackup\":false}"));

        assertThat(second.settings().get("syncMode")).isEqualTo(new SettingView("bidirectional", "global"));
        assertThat(second.settings().get("autoBackup")).isEqualTo(new SettingView(false, "global"));
        assertThat(second.settings().get("fileTypeFilters").value())
                .isEqualTo(Map.of("include", List.of("wav", "aiff", "audio/*"), "exclude", List.of("tmp")));
        assertThat(second.settings().get("conflictResolution")).isEqualTo(new SettingView("manual", "default"));

        var cleared = settings().updateGlobal(user, connection, json("{\"syncMode\":null}"));
        assertThat(cleared.settings().get("syncMode")).isEqualTo(new SettingView("backup_only", "default"));
        assertThat(settings().global(user, connection).settings()).isEqualTo(cleared.settings());
    }

    @Test
    void projectOverridesWinOverGlobalWhichWinsOverDefaults() {
        settings().updateGlobal(user, connection, json("{\"conflictResolution\":\"keep_both\",\"syncMode\":\"bidirectional\"}"));
        var view = settings().updateProject(user, project, json("{\"syncMode\":\"selective_sync\",\"syncFrequency\":\"hourly\"}"));

        assertThat(origins(view.settings())).containsEntry("syncMode", "project").containsEntry("syncFrequency", "project")
                .containsEntry("conflictResolution", "global").containsEntry("autoBackup", "default")
                .containsEntry("connectionId", "default");
        EffectiveSettings e = settings().effectiveSettings(user, project);
        assertThat(e.syncMode()).isEqualTo(SyncMode.SELECTIVE_SYNC);
        assertThat(e.syncFrequency()).isEqualTo(SyncFrequency.HOURLY);
        assertThat(e.conflictResolution()).isEqualTo(ConflictPolicy.KEEP_BOTH);
        assertThat(e.connectionId()).isEqualTo(connection);
        assertThat(e.origin(Setting.CONFLICT_RESOLUTION)).isEqualTo(Origin.GLOBAL);
        assertThat(e.active()).isTrue();

        settings().updateProject(user, project, json("{\"syncMode\":null,\"enabled\":false}"));
        EffectiveSettings after = settings().effectiveSettings(user, project);
        assertThat(after.syncMode()).isEqualTo(SyncMode.BIDIRECTIONAL);
        assertThat(after.origin(Setting.SYNC_MODE)).isEqualTo(Origin.GLOBAL);
        assertThat(after.syncFrequency()).isEqualTo(SyncFrequency.HOURLY);
        assertThat(after.active()).isFalse();
    }

    @Test
    void theBackupFolderIsCheckedInDriveAndPinsTheConnection() {
        AdminFile folder = fixture.pickedFolder("alice@example.com", "Band backups");
        var view = settings().updateProject(user, project, json("{\"backupFolder\":\"https://drive.google.com/drive/folders/"
                + folder.id() + "?usp=sharing\",\"monitoredFolders\":[\"" + folder.id() + "\"]}"));

        assertThat(view.settings().get("backupFolder").origin()).isEqualTo("project");
        EffectiveSettings e = settings().effectiveSettings(user, project);
        assertThat(e.backupFolder().id()).isEqualTo(folder.id());
        assertThat(e.backupFolder().name()).isEqualTo("Band backups");
        assertThat(e.monitoredFolders()).extracting(f -> f.id()).containsExactly(folder.id());
        assertThat(e.origin(Setting.CONNECTION_ID)).isEqualTo(Origin.PROJECT);

        var admin = world.google.admin();
        AdminFile file = admin.createFile("alice@example.com", admin.account("alice@example.com").rootFolderId(), "a.txt",
                "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        admin.pick(file.id(), TestWorld.CLIENT_ID);
        AdminFile trashed = fixture.pickedFolder("alice@example.com", "old");
        admin.trash(trashed.id());
        AdminFile unseen = admin.createFolder("alice@example.com", admin.account("alice@example.com").rootFolderId(), "private");

        problem(() -> settings().updateProject(user, project, json("{\"backupFolder\":\"" + file.id() + "\"}")),
                ErrorKind.INVALID, "not-a-folder");
        problem(() -> settings().updateProject(user, project, json("{\"backupFolder\":\"" + trashed.id() + "\"}")),
                ErrorKind.INVALID, "folder-trashed");
        problem(() -> settings().updateProject(user, project, json("{\"monitoredFolders\":[\"" + unseen.id() + "\"]}")),
                ErrorKind.INVALID, "folder-not-found");
        problem(() -> settings().updateProject(user, project, json("{\"backupFolder\":\"not a link\"}")),
                ErrorKind.INVALID, "invalid-folder-reference");
        problem(() -> settings().updateProject(user, project, json("{\"connectionId\":null}")),
                ErrorKind.INVALID, "connection-required");
        assertThat(settings().effectiveSettings(user, project).backupFolder().id()).isEqualTo(folder.id());
    }

    @Test
    void withSeveralConnectionsTheProjectMustNameOne() {
        String second = world.connect(user, "bob@example.com");
        assertThat(settings().effectiveSettings(user, project).connectionId()).isNull();
        AdminFile folder = fixture.pickedFolder("bob@example.com", "Bob's backups");
        problem(() -> settings().updateProject(user, project, json("{\"backupFolder\":\"" + folder.id() + "\"}")),
                ErrorKind.INVALID, "connection-required");
        problem(() -> settings().updateProject(user, project, json("{\"backupFolder\":\"" + folder.id() + "\","
                + "\"connectionId\":\"" + connection + "\"}")), ErrorKind.INVALID, "folder-not-found");

        settings().updateProject(user, project, json("{\"backupFolder\":\"" + folder.id() + "\",\"connectionId\":\"" + second + "\"}"));
        EffectiveSettings e = settings().effectiveSettings(user, project);
        assertThat(e.connectionId()).isEqualTo(second);
        assertThat(e.backupFolder().name()).isEqualTo("Bob's backups");
    }

    @Test
    void foreignRevokedAndMalformedConnectionsAreRefused() {
        String stranger = SyncFixture.id("user");
        String theirs = world.connect(stranger, "carol@example.com");
        problem(() -> settings().updateProject(user, project, json("{\"connectionId\":\"" + theirs + "\"}")),
                ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().global(user, theirs), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().updateGlobal(user, theirs, json("{\"enabled\":false}")), ErrorKind.NOT_FOUND, "not-found");
        problem(() -> settings().global(user, "dc_nope"), ErrorKind.NOT_FOUND, "not-found");

        core.connectionCommands().revoke(user, connection);
        problem(() -> settings().updateProject(user, project, json("{\"connectionId\":\"" + connection + "\"}")),
                ErrorKind.CONFLICT, "connection-revoked");
        problem(() -> settings().updateGlobal(user, connection, json("{\"enabled\":false}")),
                ErrorKind.CONFLICT, "connection-revoked");
        assertThat(settings().global(user, connection).connectionId()).isEqualTo(connection);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"syncMode\":\"sometimes\"}|invalid-sync-mode",
            "{\"syncMode\":3}|invalid-sync-mode",
            "{\"syncFrequency\":\"weekly\"}|invalid-sync-frequency",
            "{\"conflictResolution\":\"newest\"}|invalid-conflict-resolution",
            "{\"autoBackup\":\"yes\"}|invalid-setting",
            "{\"enabled\":1}|invalid-setting",
            "{\"deleteBackups\":null,\"colour\":\"red\"}|unknown-setting",
            "{\"fileTypeFilters\":[\"wav\"]}|invalid-file-type-filter",
            "{\"fileTypeFilters\":{\"only\":[\"wav\"]}}|invalid-file-type-filter",
            "{\"fileTypeFilters\":{\"include\":[\"a b\"]}}|invalid-file-type-filter",
            "{\"fileTypeFilters\":{\"exclude\":[\"audio/\"]}}|invalid-file-type-filter",
            "{\"fileTypeFilters\":{\"include\":\"wav\"}}|invalid-file-type-filter",
            "{\"monitoredFolders\":\"abc\"}|invalid-setting",
            "{\"connectionId\":42}|invalid-setting"})
    void badSettingsAreClear400s(String caseText) {
        String[] parts = caseText.split("\\|");
        JsonNode body = json(parts[0]);
        problem(() -> settings().updateProject(user, project, body), ErrorKind.INVALID, parts[1]);
        if (!parts[0].contains("monitoredFolders") && !parts[0].contains("connectionId")) {
            problem(() -> settings().updateGlobal(user, connection, body), ErrorKind.INVALID, parts[1]);
        }
        assertThat(origins(settings().project(user, project).settings()).values()).containsOnly("default");
    }

    @Test
    void projectOnlySettingsAreRefusedGloballyAndMonitoredFoldersAreBounded() {
        problem(() -> settings().updateGlobal(user, connection, json("{\"backupFolder\":\"abcdefghijklmn\"}")),
                ErrorKind.INVALID, "unknown-setting");
        StringBuilder many = new StringBuilder("{\"monitoredFolders\":[");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"folder-id-number-").append(i).append("\"");
        }
        problem(() -> settings().updateProject(user, project, json(many + "]}")), ErrorKind.INVALID,
                "too-many-monitored-folders");
    }

    // ---- hooks: watch channels and sync requests ---------------------------------------------------

    @Test
    void theWatchHookHearsWhenAConnectionNeedsRealtimeOrNoLonger() {
        String other = SyncFixture.id("user");
        String theirs = world.connect(other, "carol@example.com");
        hookCalls.clear();

        String p = SyncFixture.id("project");
        sync.access().grant(p, other);                       // realtime by default: the channel is wanted
        settings().updateProject(other, p, json("{\"autoBackup\":false}"));   // nothing changes for the channel
        settings().updateProject(other, p, json("{\"syncFrequency\":\"hourly\"}"));
        settings().updateGlobal(other, theirs, json("{\"syncFrequency\":\"daily\"}"));
        settings().updateProject(other, p, json("{\"syncFrequency\":null}"));   // daily from global: still no channel
        settings().updateGlobal(other, theirs, json("{\"syncFrequency\":\"realtime\"}"));
        settings().updateProject(other, p, json("{\"enabled\":false}"));
        sync.access().grant(SyncFixture.id("project"), other);  // another realtime project
        assertThat(settings().realtimeWanted(other, theirs)).isTrue();

        assertThat(hookCalls).containsExactly(theirs + "=true", theirs + "=false", theirs + "=true", theirs + "=false",
                theirs + "=true");
    }

    @Test
    void savingProjectSettingsAsksForASyncOfTheProject() {
        settings().updateProject(user, project, json("{\"syncMode\":\"bidirectional\"}"));
        var request = fixture.awaitRequest(r -> project.equals(r.body().path("projectId").asText()));
        assertThat(request.groupId()).isEqualTo(connection);
        assertThat(request.body().get("reason").asText()).isEqualTo("settings_changed");
        assertThat(request.body().get("userId").asText()).isEqualTo(user);
        assertThat(request.body().get("connectionId").asText()).isEqualTo(connection);
    }
}
