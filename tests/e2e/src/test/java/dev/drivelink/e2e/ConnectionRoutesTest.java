package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.ConsentBrowser;
import dev.drivelink.emulator.GrantInfo;
import dev.drivelink.localcloud.LocalCloud;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection routes as a host app calls them: through the local gateway (JWT authorizer) into the
 * packaged ConnectionsFunction, against moto and the Google emulator.
 */
class ConnectionRoutesTest {

    static LocalCloud cloud;
    static Gateway gateway;
    static final ObjectMapper JSON = new ObjectMapper();
    String jwt;
    String id;

    @BeforeAll
    static void start() {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
    }

    @BeforeEach
    void connected() {
        jwt = cloud.signIn("routes-" + UUID.randomUUID().toString().substring(0, 8));
        var authUrl = gateway.get("/drive/auth-url", jwt);
        URI callback = new ConsentBrowser().allow(json(authUrl).get("url").asText(), "alice@example.com");
        URI landing = URI.create(gateway.get(callback.toString(), null).headers().firstValue("Location").orElseThrow());
        id = ConsentBrowser.query(landing).get("connectionId");
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
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(json(response).get("detail").asText()).isNotBlank();
    }

    GrantInfo newestGrantOfAlice() {
        return cloud.google().admin().grants(LocalCloud.GOOGLE_CLIENT_ID, "alice@example.com").stream()
                .max(Comparator.comparing(GrantInfo::issuedAt)).orElseThrow();
    }

    AdminFile pickedFolder(String name) {
        var admin = cloud.google().admin();
        AdminFile folder = admin.createFolder("alice@example.com", admin.account("alice@example.com").rootFolderId(), name);
        admin.pick(folder.id(), LocalCloud.GOOGLE_CLIENT_ID);
        return folder;
    }

    @Test
    void setTheRootFolderFromAPastedLink() {
        AdminFile folder = pickedFolder("Session tapes");
        var response = gateway.call("PATCH", "/drive/connections/" + id + "/folder", jwt,
                "{\"folder\":\"https://drive.google.com/drive/u/1/folders/" + folder.id() + "?usp=sharing\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).at("/rootFolder/id").asText()).isEqualTo(folder.id());
        assertThat(json(gateway.get("/drive/connections/" + id, jwt)).at("/rootFolder/name").asText()).isEqualTo("Session tapes");
    }

    @Test
    void badBodiesAreClear4xxProblemsNever500() {
        String path = "/drive/connections/" + id + "/folder";
        assertProblem(gateway.call("PATCH", path, jwt, "{\"folder\": "), 400, "malformed-json");
        assertProblem(gateway.call("PATCH", path, jwt, "[1,2]"), 400, "malformed-json");
        assertProblem(gateway.call("PATCH", path, jwt, "{}"), 400, "missing-field");
        assertProblem(gateway.call("PATCH", path, jwt, "{\"folder\": 42}"), 400, "invalid-field");
        assertProblem(gateway.call("PATCH", path, jwt, null), 400, "body-required");
        assertProblem(gateway.call("PATCH", path, jwt, "{\"folder\":\"" + "x".repeat(20_000) + "\"}"), 413, "body-too-large");
        assertProblem(gateway.call("PATCH", path, jwt, "{\"folder\":\"https://example.com/folders/abc\"}"), 400, "invalid-folder-reference");
        assertProblem(gateway.call("POST", "/drive/connections/" + id + "/folders", jwt, "{\"name\":\"\"}"), 400, "missing-field");
        assertProblem(gateway.call("POST", "/drive/connections/" + id + "/folders", jwt, "{\"name\":\"..\"}"), 400, "invalid-folder-name");
        assertProblem(gateway.call("POST", "/drive/folder/resolve", jwt, "{\"folder\":\"not a link\"}"), 400, "invalid-folder-reference");
    }

    @Test
    void unknownAndForeignIdsAre404ProblemsOnEveryRoute() {
        String other = cloud.signIn("intruder-" + UUID.randomUUID().toString().substring(0, 8));
        for (String target : new String[] {id, "dc_ffffffffffffffffffffffffffffffff", "not-an-id"}) {
            assertProblem(gateway.call("GET", "/drive/connections/" + target, other, null), 404, "not-found");
            assertProblem(gateway.call("PATCH", "/drive/connections/" + target + "/folder", other, "{\"folder\":\"1abcdefghijklmnop\"}"), 404, "not-found");
            assertProblem(gateway.call("DELETE", "/drive/connections/" + target, other, null), 404, "not-found");
            assertProblem(gateway.call("POST", "/drive/connections/" + target + "/refresh", other, null), 404, "not-found");
            assertProblem(gateway.call("POST", "/drive/connections/" + target + "/folders", other, "{\"name\":\"x\"}"), 404, "not-found");
            assertProblem(gateway.get("/drive/connections/" + target + "/folders", other), 404, "not-found");
        }
        assertProblem(gateway.call("POST", "/drive/folder/resolve", other, "{\"folder\":\"1abcdefghijklmnop\",\"connectionId\":\"" + id + "\"}"), 404, "not-found");
        assertThat(json(gateway.get("/drive/connections/" + id, jwt)).get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void createAFolderUnderTheRootAndResolveIt() {
        var created = gateway.call("POST", "/drive/connections/" + id + "/folders", jwt, "{\"name\":\"renders\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String folderId = json(created).get("id").asText();
        String root = json(gateway.get("/drive/connections/" + id, jwt)).at("/rootFolder/id").asText();
        assertThat(cloud.google().admin().file(folderId).parents()).containsExactly(root);

        var resolved = gateway.call("POST", "/drive/folder/resolve", jwt,
                "{\"folder\":\"https://drive.google.com/open?id=" + folderId + "\",\"connectionId\":\"" + id + "\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(json(resolved).get("name").asText()).isEqualTo("renders");
        assertThat(json(resolved).get("link").asText()).endsWith(folderId);
    }

    @Test
    void browseTheFoldersUnderTheRootPageByPage() {
        String folders = "/drive/connections/" + id + "/folders";
        for (String name : new String[] {"stems", "Mixes", "artwork"}) {
            assertThat(gateway.call("POST", folders, jwt, "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        }
        String root = json(gateway.get("/drive/connections/" + id, jwt)).at("/rootFolder/id").asText();
        var admin = cloud.google().admin();
        // a folder the user made in Drive, which this app may not see (drive.file), is not listed
        admin.createFolder("alice@example.com", root, "not picked");

        JsonNode all = json(gateway.get(folders, jwt));
        assertThat(all.at("/parent/id").asText()).isEqualTo(root);
        assertThat(all.get("folders").findValuesAsText("name")).containsExactly("artwork", "Mixes", "stems");
        assertThat(all.has("nextPageToken")).isFalse();

        java.util.List<String> paged = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = json(gateway.get(folders + "?pageSize=2" + (token == null ? "" : "&pageToken=" + token), jwt));
            assertThat(page.get("folders").size()).isLessThanOrEqualTo(2);
            page.get("folders").forEach(f -> paged.add(f.get("name").asText()));
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(paged).containsExactlyInAnyOrder("artwork", "Mixes", "stems");
        assertThat(pages).isEqualTo(2);

        // inside a folder under the root; a folder outside the root is refused
        String stems = all.get("folders").findValuesAsText("id").get(2);
        JsonNode inside = json(gateway.get(folders + "?parent=https://drive.google.com/drive/folders/" + stems, jwt));
        assertThat(inside.at("/parent/name").asText()).isEqualTo("stems");
        assertThat(inside.get("folders").size()).isZero();
        AdminFile outside = pickedFolder("Elsewhere");
        assertProblem(gateway.get(folders + "?parent=" + outside.id(), jwt), 400, "folder-outside-root");
        assertProblem(gateway.get(folders + "?parent=https://example.com/x", jwt), 400, "invalid-folder-reference");
        assertProblem(gateway.get(folders + "?pageSize=0", jwt), 400, "invalid-page-size");
        assertProblem(gateway.get(folders + "?pageSize=abc", jwt), 400, "invalid-page-size");
    }

    @Test
    void refreshAnswersTheConnectionWithItsStatus() {
        // this connection's grant is alice's newest; other functions may refresh other grants meanwhile
        long before = newestGrantOfAlice().refreshes();
        var response = gateway.call("POST", "/drive/connections/" + id + "/refresh", jwt, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(newestGrantOfAlice().refreshes()).isEqualTo(before + 1);
    }

    @Test
    void revokeIsSoftIdempotentAndRevokesTheGrantAtGoogle() {
        var first = gateway.call("DELETE", "/drive/connections/" + id, jwt, null);
        var second = gateway.call("DELETE", "/drive/connections/" + id, jwt, null);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("status").asText()).isEqualTo("REVOKED");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).get("status").asText()).isEqualTo("REVOKED");
        assertThat(json(gateway.get("/drive/connections/" + id, jwt)).get("status").asText()).isEqualTo("REVOKED");
        assertThat(json(gateway.call("POST", "/drive/connections/" + id + "/refresh", jwt, null)).get("status").asText())
                .isEqualTo("REVOKED");
        assertProblem(gateway.call("POST", "/drive/connections/" + id + "/folders", jwt, "{\"name\":\"x\"}"), 409, "connection-revoked");
        assertThat(cloud.google().admin().grants(LocalCloud.GOOGLE_CLIENT_ID, "alice@example.com"))
                .allMatch(g -> g.revoked());
    }
}
