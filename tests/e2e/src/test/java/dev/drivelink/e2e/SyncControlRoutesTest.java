package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.core.wiring.SyncControlFeature;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync engine's control plane as the host app and its users call it: through the local gateway
 * (JWT authorizer, route scopes) into the packaged functions, against moto and the Google emulator.
 * What the sync worker will write (conflicts, statuses, activity) is written through the core, as
 * the worker will.
 */
class SyncControlRoutesTest {

    static LocalCloud cloud;
    static Gateway gateway;
    static SyncControlFeature worker;
    static String admin;
    static final ObjectMapper JSON = new ObjectMapper();
    String user;
    String jwt;
    String connectionId;
    String project;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        worker = World.syncWorkerSide();
        admin = gateway.adminToken();
    }

    @BeforeEach
    void memberWithAConnection() {
        user = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        jwt = cloud.signIn(user);
        connectionId = connect(jwt, "alice@example.com");
        project = "project-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(gateway.call("PUT", members(project, user), admin, null).statusCode()).isEqualTo(201);
    }

    static String connect(String token, String account) {
        return gateway.connect(token, account);
    }

    static String members(String projectId, String userId) {
        return "/drive/projects/" + encode(projectId) + "/members/" + encode(userId);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).get("code").asText()).isEqualTo(code);
        assertThat(json(response).get("detail").asText()).isNotBlank();
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    // ---- membership ---------------------------------------------------------------------------------

    @Test
    void onlyTheHostBackendsAdminTokenMayGrantMembership() {
        String other = "p-" + UUID.randomUUID().toString().substring(0, 8);

        var asUser = gateway.call("PUT", members(other, user), jwt, null);
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(gateway.call("DELETE", members(project, user), jwt, null).statusCode()).isEqualTo(403);
        assertThat(gateway.call("PUT", members(other, user), null, null).statusCode()).isEqualTo(401);
        String otherScope = json(gateway.call("POST", "/local/sign-in", null,
                "{\"user\":\"host-backend\",\"scope\":\"drivelink/read\"}")).get("token").asText();
        assertThat(gateway.call("PUT", members(other, user), otherScope, null).statusCode()).isEqualTo(403);
        assertProblem(gateway.get("/drive/projects/" + other + "/settings", jwt), 404, "not-found");

        var granted = gateway.call("PUT", members(other, user), admin, null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        assertThat(json(granted).get("projectId").asText()).isEqualTo(other);
        assertThat(json(granted).get("userId").asText()).isEqualTo(user);
        assertThat(gateway.call("PUT", members(other, user), admin, null).statusCode()).isEqualTo(200);
        assertThat(ok(gateway.get("/drive/projects", jwt)).get("projects").findValuesAsText("projectId"))
                .containsExactlyInAnyOrder(project, other);
        ok(gateway.get("/drive/projects/" + other + "/settings", jwt));

        assertThat(gateway.call("DELETE", members(other, user), admin, null).statusCode()).isEqualTo(204);
        assertThat(gateway.call("DELETE", members(other, user), admin, null).statusCode()).isEqualTo(204);
        assertProblem(gateway.get("/drive/projects/" + other + "/settings", jwt), 404, "not-found");
    }

    @Test
    void malformedIdsAre400Problems() {
        assertProblem(gateway.call("PUT", members("a b", user), admin, null), 400, "invalid-project-id");
        assertProblem(gateway.call("PUT", members("é", user), admin, null), 400, "invalid-project-id");
        assertProblem(gateway.call("PUT", members("...", user), admin, null), 400, "invalid-project-id");
        // a '#' (%23) never reaches the route as an id: the function's router answers a 404 problem
        var hash = gateway.call("PUT", members("a#b", user), admin, null);
        assertThat(hash.statusCode()).isIn(400, 404);
        assertThat(hash.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertProblem(gateway.call("PUT", members(project, "with space"), admin, null), 400, "invalid-user-id");
        assertProblem(gateway.call("PUT", members("x".repeat(129), user), admin, null), 400, "invalid-project-id");
        assertProblem(gateway.get("/drive/projects/" + encode("a:b c") + "/settings", jwt), 400, "invalid-project-id");
        assertThat(gateway.call("PUT", members("auth0-project", "auth0|5f7c8ec7c33c6c004bbafe82"), admin, null).statusCode())
                .isIn(200, 201);
    }

    @Test
    void everyProjectRouteIsA404ForSomeoneWhoIsNotAMember() {
        String stranger = cloud.signIn("stranger-" + UUID.randomUUID().toString().substring(0, 8));
        String base = "/drive/projects/" + project;
        String conflict = "cf_" + "0".repeat(32);
        for (String target : List.of(base, "/drive/projects/never-granted")) {
            assertProblem(gateway.get(target + "/settings", stranger), 404, "not-found");
            assertProblem(gateway.call("PUT", target + "/settings", stranger, "{\"enabled\":false}"), 404, "not-found");
            assertProblem(gateway.get(target + "/files", stranger), 404, "not-found");
            assertProblem(gateway.get(target + "/conflicts", stranger), 404, "not-found");
            assertProblem(gateway.call("POST", target + "/conflicts/" + conflict + "/resolve", stranger, "{\"keep\":\"app\"}"), 404, "not-found");
            assertProblem(gateway.get(target + "/sync", stranger), 404, "not-found");
            assertProblem(gateway.call("POST", target + "/sync/resume", stranger, "{\"confirm\":true}"), 404, "not-found");
            assertProblem(gateway.get(target + "/activity", stranger), 404, "not-found");
        }
        assertProblem(gateway.get("/drive/settings?connectionId=" + connectionId, stranger), 404, "not-found");
        assertProblem(gateway.call("PUT", "/drive/settings?connectionId=" + connectionId, stranger, "{\"enabled\":false}"), 404, "not-found");
        assertThat(ok(gateway.get(base + "/settings", jwt)).at("/settings/enabled/value").asBoolean()).isTrue();
    }

    // ---- settings -----------------------------------------------------------------------------------

    @Test
    void effectiveSettingsShowWhereEachValueCameFrom() {
        String global = "/drive/settings?connectionId=" + connectionId;
        JsonNode defaults = ok(gateway.get(global, jwt));
        assertThat(defaults.at("/settings/syncMode/value").asText()).isEqualTo("backup_only");
        assertThat(defaults.at("/settings/syncMode/origin").asText()).isEqualTo("default");

        JsonNode changed = ok(gateway.call("PUT", global, jwt, "{\"conflictResolution\":\"keep_both\",\"syncMode\":\"bidirectional\"}"));
        assertThat(changed.at("/settings/conflictResolution/origin").asText()).isEqualTo("global");

        var admin = cloud.google().admin();
        AdminFile folder = admin.createFolder("alice@example.com", admin.account("alice@example.com").rootFolderId(), "Band");
        admin.pick(folder.id(), LocalCloud.GOOGLE_CLIENT_ID);
        JsonNode projectSettings = ok(gateway.call("PUT", "/drive/projects/" + project + "/settings", jwt,
                "{\"syncMode\":\"selective_sync\",\"syncFrequency\":\"hourly\",\"backupFolder\":\"https://drive.google.com/drive/folders/"
                        + folder.id() + "\",\"fileTypeFilters\":{\"include\":[\".wav\",\"audio/*\"]}}"));

        assertThat(projectSettings.get("projectId").asText()).isEqualTo(project);
        JsonNode s = projectSettings.get("settings");
        assertThat(s.at("/syncMode/value").asText()).isEqualTo("selective_sync");
        assertThat(s.at("/syncMode/origin").asText()).isEqualTo("project");
        assertThat(s.at("/conflictResolution/value").asText()).isEqualTo("keep_both");
        assertThat(s.at("/conflictResolution/origin").asText()).isEqualTo("global");
        assertThat(s.at("/autoBackup/origin").asText()).isEqualTo("default");
        assertThat(s.at("/backupFolder/value/id").asText()).isEqualTo(folder.id());
        assertThat(s.at("/backupFolder/value/name").asText()).isEqualTo("Band");
        assertThat(s.at("/connectionId/value").asText()).isEqualTo(connectionId);
        assertThat(s.at("/connectionId/origin").asText()).isEqualTo("project");
        assertThat(s.at("/fileTypeFilters/value/include").toString()).isEqualTo("[\"wav\",\"audio/*\"]");
        assertThat(ok(gateway.get("/drive/projects/" + project + "/settings", jwt)).get("settings")).isEqualTo(s);
    }

    @Test
    void badSettingsAreClear400Problems() {
        String global = "/drive/settings?connectionId=" + connectionId;
        String projectSettings = "/drive/projects/" + project + "/settings";
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"syncMode\":\"sometimes\"}"), 400, "invalid-sync-mode");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"syncFrequency\":\"weekly\"}"), 400, "invalid-sync-frequency");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"conflictResolution\":\"x\"}"), 400, "invalid-conflict-resolution");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"fileTypeFilters\":{\"include\":[\"a b\"]}}"), 400, "invalid-file-type-filter");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"autoBackup\":\"yes\"}"), 400, "invalid-setting");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"colour\":\"red\"}"), 400, "unknown-setting");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"backupFolder\":\"https://example.com/x\"}"), 400, "invalid-folder-reference");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"backupFolder\":\"1abcdefghijklmnopq\"}"), 400, "folder-not-found");
        assertProblem(gateway.call("PUT", projectSettings, jwt, "{\"syncMode\": "), 400, "malformed-json");
        assertProblem(gateway.call("PUT", projectSettings, jwt, null), 400, "body-required");
        assertProblem(gateway.call("PUT", global, jwt, "{\"backupFolder\":\"1abcdefghijklmnopq\"}"), 400, "unknown-setting");
        assertProblem(gateway.get("/drive/settings", jwt), 400, "missing-parameter");
        assertProblem(gateway.get("/drive/settings?connectionId=dc_ffffffffffffffffffffffffffffffff", jwt), 404, "not-found");
        assertThat(ok(gateway.get(projectSettings, jwt)).at("/settings/syncMode/origin").asText()).isEqualTo("default");
    }

    // ---- activity -----------------------------------------------------------------------------------

    @Test
    void activityIsNewestFirstPagedAndFiltered() {
        Instant t = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ActivityRecord r = ActivityRecord.builder(user, i % 2 == 0 ? ActivityAction.UPLOAD : ActivityAction.DOWNLOAD,
                    i == 4 ? ActivityOutcome.FAILED : ActivityOutcome.SUCCESS, t.plusSeconds(i)).project(project)
                    .connection(connectionId).path("take-" + i + ".wav").build();
            worker.activityLog().record(r);
            ids.add(0, r.id());
        }
        String base = "/drive/projects/" + project + "/activity";
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(gateway.get(base + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), jwt));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);

        JsonNode failedUploads = ok(gateway.get(base + "?action=upload&status=failed", jwt));
        assertThat(failedUploads.get("items").size()).isEqualTo(1);
        assertThat(failedUploads.at("/items/0/path").asText()).isEqualTo("take-4.wav");

        JsonNode mine = ok(gateway.get("/drive/activity?limit=200", jwt));
        assertThat(mine.get("items").findValuesAsText("action")).contains("upload", "download", "connection_connected");
        assertThat(mine.get("items").get(mine.get("items").size() - 1).get("action").asText()).isEqualTo("connection_connected");

        assertProblem(gateway.get(base + "?limit=0", jwt), 400, "invalid-limit");
        assertProblem(gateway.get(base + "?action=teleport", jwt), 400, "invalid-action");
        assertProblem(gateway.get(base + "?status=maybe", jwt), 400, "invalid-status");
        assertProblem(gateway.get("/drive/activity?cursor=nope", jwt), 400, "invalid-cursor");
    }

    // ---- conflicts and sync status ------------------------------------------------------------------

    @Test
    void conflictsShowBothSidesAndTakeOneChoice() {
        Instant t = Instant.now().minus(Duration.ofMinutes(5));
        Conflict conflict = worker.conflicts().record(user, connectionId, project, "mixes/final.wav", "drive-file-1",
                new ConflictSide("final.wav", 1000L, "aaaa", t, "the app"),
                new ConflictSide("final.wav", 1200L, "bbbb", t.plusSeconds(30), "alice@example.com"));
        String base = "/drive/projects/" + project + "/conflicts";

        JsonNode listed = ok(gateway.get(base, jwt)).get("conflicts");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.at("/0/id").asText()).isEqualTo(conflict.id());
        assertThat(listed.at("/0/state").asText()).isEqualTo("open");
        assertThat(listed.at("/0/app/md5").asText()).isEqualTo("aaaa");
        assertThat(listed.at("/0/app/size").asLong()).isEqualTo(1000);
        assertThat(listed.at("/0/drive/modifiedBy").asText()).isEqualTo("alice@example.com");
        assertThat(listed.at("/0/drive/modifiedTime").asText()).isEqualTo(t.plusSeconds(30).toString());

        String resolve = base + "/" + conflict.id() + "/resolve";
        assertProblem(gateway.call("POST", resolve, jwt, "{\"keep\":\"mine\"}"), 400, "invalid-keep");
        assertProblem(gateway.call("POST", resolve, jwt, "{}"), 400, "missing-field");
        assertProblem(gateway.call("POST", resolve, jwt, null), 400, "body-required");
        assertProblem(gateway.call("POST", base + "/cf_" + "1".repeat(32) + "/resolve", jwt, "{\"keep\":\"app\"}"), 404, "not-found");
        JsonNode resolved = ok(gateway.call("POST", resolve, jwt, "{\"keep\":\"drive\"}"));
        assertThat(resolved.get("state").asText()).isEqualTo("resolving");
        assertThat(resolved.get("keep").asText()).isEqualTo("drive");
        assertProblem(gateway.call("POST", resolve, jwt, "{\"keep\":\"app\"}"), 409, "conflict-already-resolved");
        assertThat(ok(gateway.get("/drive/projects/" + project + "/activity?action=conflict_resolved", jwt))
                .at("/items/0/details/keep").asText()).isEqualTo("drive");
        assertThat(worker.conflicts().awaitingApply(connectionId, project)).extracting(Conflict::id).containsExactly(conflict.id());
    }

    @Test
    void aPausedProjectResumesOnlyWithConfirmation() {
        String sync = "/drive/projects/" + project + "/sync";
        JsonNode idle = ok(gateway.get(sync, jwt));
        assertThat(idle.get("state").asText()).isEqualTo("idle");
        assertThat(idle.get("connectionId").asText()).isEqualTo(connectionId);

        worker.statuses().started(user, connectionId, project);
        worker.statuses().paused(user, connectionId, project, 15, 24, new PendingCounts(0, 0, 15, 0));
        JsonNode paused = ok(gateway.get(sync, jwt));
        assertThat(paused.get("state").asText()).isEqualTo("paused");
        assertThat(paused.at("/paused/deletes").asInt()).isEqualTo(15);
        assertThat(paused.at("/paused/mappedFiles").asInt()).isEqualTo(24);
        assertThat(paused.at("/pending/deletes").asInt()).isEqualTo(15);

        assertProblem(gateway.call("POST", sync + "/resume", jwt, "{}"), 400, "confirmation-required");
        assertProblem(gateway.call("POST", sync + "/resume", jwt, "{\"confirm\":false}"), 400, "confirmation-required");
        assertProblem(gateway.call("POST", sync + "/resume", jwt, "{\"confirm\":\"yes\"}"), 400, "invalid-field");
        JsonNode resumed = ok(gateway.call("POST", sync + "/resume", jwt, "{\"confirm\":true}"));
        assertThat(resumed.get("state").asText()).isEqualTo("idle");
        assertThat(resumed.has("paused")).isFalse();
        assertProblem(gateway.call("POST", sync + "/resume", jwt, "{\"confirm\":true}"), 409, "not-paused");
        assertThat(worker.statuses().started(user, connectionId, project).approval().deletes()).isEqualTo(15);
    }

    // ---- retention ----------------------------------------------------------------------------------

    @Test
    void aUserCanRemoveEverythingAtOnce() {
        ok(gateway.call("PUT", "/drive/settings?connectionId=" + connectionId, jwt, "{\"syncMode\":\"bidirectional\"}"));
        assertProblem(gateway.call("DELETE", "/drive/me", jwt, null), 400, "confirmation-required");

        JsonNode erased = ok(gateway.call("DELETE", "/drive/me?confirm=true", jwt, null));

        assertThat(erased.get("connectionsRevoked").asInt()).isEqualTo(1);
        assertThat(erased.get("itemsDeleted").asInt()).isGreaterThan(2);
        assertThat(ok(gateway.get("/drive/connections", jwt)).get("connections").size()).isZero();
        assertProblem(gateway.get("/drive/connections/" + connectionId, jwt), 404, "not-found");
        assertProblem(gateway.get("/drive/projects/" + project + "/settings", jwt), 404, "not-found");
        assertThat(ok(gateway.get("/drive/activity", jwt)).get("items").size()).isZero();
        assertThat(ok(gateway.get("/drive/projects", jwt)).get("projects").size()).isZero();
    }
}
