package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.Channel;
import com.google.api.services.drive.model.File;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** Every call of the admin HTTP API (the README's admin table), as a local run or a demo script uses it. */
class AdminHttpTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    GoogleEmulator emu;

    record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeEach
    void reset() {
        emu = google.emulator();
        emu.admin().reset();
    }

    private Answer call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = Browser.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    void accountsClientsAndFiles() throws Exception {
        JsonNode accounts = call("GET", "admin/accounts", null).json();
        assertThat(accounts).hasSize(3);
        assertThat(accounts.get(0).get("rootFolderId").asText()).isEqualTo(emu.account("alice@example.com").rootFolderId());
        assertThat(call("POST", "admin/clients", "{\"clientId\":\"web\",\"clientSecret\":\"s\",\"redirectUris\":[\"http://x/cb\"]}")
                .status()).isEqualTo(200);
        assertThat(call("GET", "admin/clients", null).json().findValuesAsText("clientId")).contains(CLIENT_ID, "web");

        JsonNode folder = call("POST", "admin/folders", "{\"account\":\"bob@example.com\",\"name\":\"Music\"}").json();
        String folderId = folder.get("id").asText();
        JsonNode other = call("POST", "admin/folders", "{\"account\":\"bob@example.com\",\"name\":\"Other\"}").json();
        String b64 = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255});
        JsonNode bin = call("POST", "admin/files", "{\"account\":\"bob@example.com\",\"name\":\"a.bin\",\"parentId\":\""
                + folderId + "\",\"contentBase64\":\"" + b64 + "\"}").json();
        String id = bin.get("id").asText();
        assertThat(bin.get("parents").get(0).asText()).isEqualTo(folderId);
        assertThat(bin.get("size").asLong()).isEqualTo(4);
        assertThat(bin.get("mimeType").asText()).isEqualTo("application/octet-stream");
        assertThat(call("GET", "admin/files/" + id, null).json().get("md5Checksum").asText())
                .isEqualTo(Ids.md5Hex(new byte[] {0, 1, 2, (byte) 255}));

        HttpResponse<byte[]> content = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "admin/files/" + id + "/content"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(content.body()).containsExactly(0, 1, 2, 255);
        JsonNode edited = call("PUT", "admin/files/" + id + "/content", "new").json();
        assertThat(edited.get("md5Checksum").asText()).isEqualTo(Ids.md5Hex("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(edited.get("version").asLong()).isGreaterThan(bin.get("version").asLong());
        assertThat(call("POST", "admin/files/" + id + "/rename", "{\"name\":\"b.bin\"}").json().get("name").asText()).isEqualTo("b.bin");
        assertThat(call("POST", "admin/files/" + id + "/move", "{\"parentId\":\"" + other.get("id").asText() + "\"}").json()
                .get("parents").get(0).asText()).isEqualTo(other.get("id").asText());
        assertThat(call("POST", "admin/files/" + id + "/trash", null).json().get("trashed").asBoolean()).isTrue();
        assertThat(call("POST", "admin/files/" + id + "/untrash", null).json().get("trashed").asBoolean()).isFalse();
        assertThat(call("POST", "admin/files/" + id + "/pick", "{\"clientId\":\"" + CLIENT_ID + "\"}").json().get("appIds"))
                .extracting(JsonNode::asText).containsExactly(CLIENT_ID);
        JsonNode list = call("GET", "admin/files?account=bob@example.com", null).json();
        assertThat(list.findValuesAsText("name")).containsExactly("My Drive", "Music", "Other", "b.bin");
        assertThat(call("DELETE", "admin/files/" + id, null).status()).isEqualTo(204);
        assertThat(call("GET", "admin/files/" + id, null).status()).isEqualTo(404);

        // errors: unknown is 404, missing input 400, both as {"error": ...}
        Answer unknown = call("POST", "admin/files/1nope/rename", "{\"name\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("unknown");
        assertThat(call("POST", "admin/folders", "{\"account\":\"bob@example.com\"}").status()).isEqualTo(400);
        assertThat(call("GET", "admin/files?account=nobody@example.com", null).status()).isEqualTo(404);
    }

    @Test
    void requestCountsGrantsQuotaAndClock() throws Exception {
        var tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        Drive drive = TestClients.drive(emu, tokens.getAccessToken());
        drive.about().get().setFields("user").execute();
        drive.about().get().setFields("user").execute();
        call("GET", "admin/accounts", null); // admin calls are not counted
        JsonNode counts = call("GET", "admin/requests", null).json();
        assertThat(counts.get("GET /drive/v3/about").asLong()).isEqualTo(2);
        assertThat(counts.get("POST /token").asLong()).isEqualTo(1);
        assertThat(counts.has("GET /admin/accounts")).isFalse();
        assertThat(call("DELETE", "admin/requests", null).status()).isEqualTo(204);
        assertThat(call("GET", "admin/requests", null).json().size()).isZero();

        JsonNode grants = call("GET", "admin/grants?clientId=" + CLIENT_ID + "&account=alice@example.com", null).json();
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("scopes").get(0).asText()).isEqualTo(DRIVE_FILE);
        assertThat(grants.get(0).get("refreshTokenIssued").asBoolean()).isTrue();

        assertThat(call("PUT", "admin/quota", "{\"account\":\"alice@example.com\",\"limitBytes\":1234}").status()).isEqualTo(204);
        assertThat(drive.about().get().setFields("storageQuota").execute().getStorageQuota().getLimit()).isEqualTo(1234L);

        Instant before = Instant.parse(call("GET", "admin/clock", null).json().get("now").asText());
        Instant after = Instant.parse(call("POST", "admin/clock/advance", "{\"duration\":\"PT2H\"}").json().get("now").asText());
        assertThat(after).isAfterOrEqualTo(before.plusSeconds(7200));
        call("POST", "admin/clock/advance", "{\"seconds\":60}");
        assertThat(emu.admin().now()).isAfterOrEqualTo(before.plusSeconds(7260));
        // the clock moved past the token's hour: Drive says 401
        GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.about().get().setFields("user").execute());
        assertThat(e.getStatusCode()).isEqualTo(401);

        assertThat(call("POST", "admin/reset", null).status()).isEqualTo(204);
        assertThat(call("GET", "admin/grants", null).json().size()).isZero();
    }

    @Test
    void faultsRateLimitsNotificationsAndChannels() throws Exception {
        Drive drive = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", DRIVE).getAccessToken());
        // a fault is scoped by route and count: other routes are untouched while it is armed
        Answer armed = call("POST", "admin/faults", "{\"route\":\"GET /drive/v3/about\",\"count\":2,\"status\":503}");
        assertThat(armed.json().get(0).get("count").asInt()).isEqualTo(2);
        assertThat(drive.files().list().execute().getFiles()).isEmpty();
        assertThat(call("GET", "admin/faults", null).json().get(0).get("count").asInt()).isEqualTo(2);
        assertThat(DriveFilesTest.error(() -> drive.about().get().setFields("user").execute()).getStatusCode()).isEqualTo(503);
        assertThat(call("GET", "admin/faults", null).json().get(0).get("count").asInt()).isEqualTo(1);
        assertThat(call("DELETE", "admin/faults", null).status()).isEqualTo(204);
        assertThat(drive.about().get().setFields("user").execute().getUser()).isNotNull();
        // an HTML 429 through the HTTP API
        call("POST", "admin/faults", "{\"route\":\"GET /drive/v3/files\",\"status\":429,\"html\":true}");
        HttpResponse<String> html = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "drive/v3/files")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(429);
        assertThat(html.body()).startsWith("<!DOCTYPE html>");

        assertThat(call("POST", "admin/rate-limits", "{\"account\":\"alice@example.com\",\"maxRequests\":1,\"windowSeconds\":60}")
                .status()).isEqualTo(204);
        drive.about().get().setFields("user").execute();
        GoogleJsonResponseException limited = DriveFilesTest.error(() -> drive.about().get().setFields("user").execute());
        assertThat(limited.getDetails().getErrors().get(0).getReason()).isEqualTo("userRateLimitExceeded");
        call("DELETE", "admin/faults", null);

        // notifications and their answers; channels with their state
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        hook.start();
        try {
            String start = drive.changes().getStartPageToken().execute().getStartPageToken();
            drive.changes().watch(start, new Channel().setId("admin-chan").setType("web_hook")
                    .setAddress("http://127.0.0.1:" + hook.getAddress().getPort() + "/n")).execute();
            drive.files().create(new File().setName("n").setMimeType(DriveBasicsTest.FOLDER)).execute();
            long deadline = System.currentTimeMillis() + 5000;
            JsonNode notifications = call("GET", "admin/notifications", null).json();
            while ((notifications.size() < 2 || !notifications.get(1).get("delivered").asBoolean())
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                notifications = call("GET", "admin/notifications", null).json();
            }
            assertThat(notifications.findValuesAsText("resourceState")).containsExactly("sync", "change");
            assertThat(notifications.get(1).get("attempts").get(0).get("status").asInt()).isEqualTo(204);
            // switch push notifications off: the change is recorded as dropped, nothing is POSTed
            Answer off = call("POST", "admin/notifications", "{\"enabled\":false}");
            assertThat(off.status()).isEqualTo(200);
            assertThat(off.json().get("enabled").asBoolean()).isFalse();
            assertThat(emu.admin().notificationsEnabled()).isFalse();
            drive.files().create(new File().setName("unnotified").setMimeType(DriveBasicsTest.FOLDER)).execute();
            JsonNode afterOff = call("GET", "admin/notifications", null).json();
            assertThat(afterOff).hasSize(3);
            assertThat(afterOff.get(2).get("dropped").asBoolean()).isTrue();
            assertThat(afterOff.get(2).get("attempts")).isEmpty();
            assertThat(call("POST", "admin/notifications", "{\"enabled\":\"no\"}").status()).isEqualTo(400);
            assertThat(call("POST", "admin/notifications", "{\"enabled\":true}").json().get("enabled").asBoolean()).isTrue();

            JsonNode channels = call("GET", "admin/channels", null).json();
            assertThat(channels.get(0).get("id").asText()).isEqualTo("admin-chan");
            assertThat(channels.get(0).get("active").asBoolean()).isTrue();
        } finally {
            hook.stop(0);
        }
    }
}
