package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.Change;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** The Google Picker stand-in, over HTTP as a browser submits it; the grant is checked with the app's own token. */
class PickerTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String APP_ORIGIN = "http://localhost:3000"; // the origin of REDIRECT
    static final Pattern SESSION = Pattern.compile("name=\"session\" value=\"([^\"]+)\"");
    static final Pattern CHECKBOX = Pattern.compile("<input type=\"checkbox\" name=\"fileId\" value=\"([^\"]+)\" id=\"([^\"]+)\">");
    static final Pattern RESPONSE = Pattern.compile("<script type=\"application/json\" id=\"picker-response\">(.*?)</script>",
            Pattern.DOTALL);

    GoogleEmulator emu;
    Drive drive;
    AdminFile report;
    AdminFile photos;
    AdminFile bobs;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        drive = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken());
        photos = emu.admin().createFolder("alice@example.com", null, "Photos");
        report = emu.admin().createFile("alice@example.com", photos.id(), "Q3 <report>.pdf", "application/pdf",
                "%PDF".getBytes(StandardCharsets.US_ASCII));
        AdminFile trashed = emu.admin().createFile("alice@example.com", null, "old.txt", "text/plain", new byte[] {1});
        emu.admin().trash(trashed.id());
        bobs = emu.admin().createFile("bob@example.com", null, "bob's.txt", "text/plain", new byte[] {2});
    }

    private String pickerUrl(String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return emu.baseUrl() + "picker?" + Browser.encode(p);
    }

    private HttpResponse<String> open() throws Exception {
        return Browser.get(pickerUrl("client_id", CLIENT_ID, "login_hint", "alice@example.com", "origin", APP_ORIGIN));
    }

    private static String session(String html) {
        Matcher m = SESSION.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    /** file id -> checkbox id, in page order. */
    private static Map<String, String> checkboxes(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = CHECKBOX.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private HttpResponse<String> submit(String session, String decision, String... fileIds) throws Exception {
        StringBuilder body = new StringBuilder("session=" + session + "&decision=" + decision);
        for (String id : fileIds) {
            body.append("&fileId=").append(java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
        }
        return Browser.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emu.baseUrl() + "picker/select"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode posted(HttpResponse<String> result) throws Exception {
        assertThat(result.statusCode()).isEqualTo(200);
        Matcher m = RESPONSE.matcher(result.body());
        assertThat(m.find()).as(result.body()).isTrue();
        assertThat(result.body()).contains("window.opener.postMessage(data.response, data.origin)");
        return Json.MAPPER.readTree(m.group(1));
    }

    private int status(String fileId) {
        try {
            drive.files().get(fileId).setFields("id,name").execute();
            return 200;
        } catch (com.google.api.client.googleapis.json.GoogleJsonResponseException e) {
            return e.getStatusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pickingGrantsTheAppAccessToThePickedFilesAndPostsThemToTheOpener() throws Exception {
        assertThat(status(report.id())).isEqualTo(404);
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();

        HttpResponse<String> page = open();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        // the user's own files and folders, not trashed ones, not another account's; folders first
        assertThat(checkboxes(page.body()).keySet()).containsExactly(photos.id(), report.id());
        assertThat(page.body()).contains("Q3 &lt;report&gt;.pdf").doesNotContain("Q3 <report>").doesNotContain("bob's.txt")
                .doesNotContain("old.txt").contains("alice@example.com");

        JsonNode data = posted(submit(session(page.body()), "select", report.id()));
        assertThat(data.get("origin").asText()).isEqualTo(APP_ORIGIN);
        JsonNode response = data.get("response");
        assertThat(response.get("action").asText()).isEqualTo("picked");
        assertThat(response.get("docs")).hasSize(1);
        JsonNode doc = response.get("docs").get(0);
        assertThat(doc.get("id").asText()).isEqualTo(report.id());
        assertThat(doc.get("name").asText()).isEqualTo("Q3 <report>.pdf");
        assertThat(doc.get("mimeType").asText()).isEqualTo("application/pdf");
        assertThat(doc.get("parentId").asText()).isEqualTo(photos.id());
        assertThat(doc.get("sizeBytes").asInt()).isEqualTo(4);
        assertThat(doc.get("url").asText()).isEqualTo("https://drive.google.com/file/d/" + report.id() + "/view?usp=drivesdk");

        // the grant: the app's own token now reads the file (and only it), as after an admin pick
        File got = drive.files().get(report.id()).setFields("id,name").execute();
        assertThat(got.getName()).isEqualTo("Q3 <report>.pdf");
        assertThat(status(photos.id())).isEqualTo(404);
        assertThat(emu.admin().file(report.id()).appIds()).contains(CLIENT_ID);
        assertThat(drive.changes().list(start).execute().getChanges()).extracting(Change::getFileId)
                .containsExactly(report.id());
    }

    @Test
    void severalFilesAtOnceAndTheFormIsSingleUse() throws Exception {
        String session = session(open().body());
        JsonNode response = posted(submit(session, "select", photos.id(), report.id())).get("response");
        List<String> ids = new ArrayList<>();
        response.get("docs").forEach(d -> ids.add(d.get("id").asText()));
        assertThat(ids).containsExactly(photos.id(), report.id());
        assertThat(response.get("docs").get(0).get("mimeType").asText()).isEqualTo("application/vnd.google-apps.folder");
        assertThat(status(photos.id())).isEqualTo(200);
        assertThat(status(report.id())).isEqualTo(200);

        HttpResponse<String> again = submit(session, "select", report.id());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_request");
    }

    @Test
    void cancelGrantsNothingAndNothingTickedAsksAgain() throws Exception {
        String session = session(open().body());
        HttpResponse<String> empty = submit(session, "select");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("role=\"alert\"").contains("Select at least one file");
        assertThat(session(empty.body())).isEqualTo(session); // the same picker, still usable

        JsonNode data = posted(submit(session, "cancel"));
        assertThat(data.get("response").get("action").asText()).isEqualTo("cancel");
        assertThat(data.get("response").has("docs")).isFalse();
        assertThat(status(report.id())).isEqualTo(404);
        assertThat(emu.admin().file(report.id()).appIds()).doesNotContain(CLIENT_ID);
    }

    @Test
    void onlyOfferedFilesCanBePickedAndOnlyForTheClientsOwnOrigins() throws Exception {
        String session = session(open().body());
        assertThat(submit(session, "select", bobs.id()).statusCode()).isEqualTo(400);
        assertThat(submit(session, "select", report.id(), "1" + "x".repeat(32)).statusCode()).isEqualTo(400);
        assertThat(emu.admin().file(bobs.id()).appIds()).isEmpty();
        assertThat(emu.admin().file(report.id()).appIds()).isEmpty(); // all or nothing
        assertThat(submit("forged", "select", report.id()).statusCode()).isEqualTo(400);

        HttpResponse<String> foreignOrigin = Browser.get(pickerUrl("client_id", CLIENT_ID, "login_hint", "alice@example.com",
                "origin", "https://evil.example"));
        assertThat(foreignOrigin.statusCode()).isEqualTo(400);
        assertThat(foreignOrigin.body()).contains("origin_mismatch");
        assertThat(Browser.get(pickerUrl("client_id", "nobody", "login_hint", "alice@example.com", "origin", APP_ORIGIN))
                .statusCode()).isEqualTo(401);
        assertThat(Browser.get(pickerUrl("client_id", CLIENT_ID, "login_hint", "nobody@example.com", "origin", APP_ORIGIN))
                .statusCode()).isEqualTo(400);
        assertThat(Browser.get(pickerUrl("client_id", CLIENT_ID, "account", "alice@example.com")).statusCode()).isEqualTo(400);
    }

    @Test
    void aRedirectUriGetsTheIdsAndTheStateAndMimeTypesFilterTheList() throws Exception {
        HttpResponse<String> page = Browser.get(pickerUrl("client_id", CLIENT_ID, "account", "alice@example.com",
                "redirect_uri", APP_ORIGIN + "/import/picked?from=picker", "state", "s-42", "mimeTypes", "application/pdf"));
        assertThat(checkboxes(page.body()).keySet()).containsExactly(report.id());
        HttpResponse<String> picked = submit(session(page.body()), "select", report.id());
        assertThat(picked.statusCode()).isEqualTo(302);
        String location = picked.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(APP_ORIGIN + "/import/picked?from=picker&");
        assertThat(Browser.query(location)).containsEntry("action", "picked").containsEntry("ids", report.id())
                .containsEntry("state", "s-42");
        assertThat(status(report.id())).isEqualTo(200);

        HttpResponse<String> again = Browser.get(pickerUrl("client_id", CLIENT_ID, "account", "alice@example.com",
                "redirect_uri", APP_ORIGIN + "/import/picked"));
        HttpResponse<String> cancelled = submit(session(again.body()), "cancel");
        assertThat(Browser.query(cancelled.headers().firstValue("Location").orElseThrow()))
                .containsEntry("action", "cancel").doesNotContainKey("ids");
    }

    @Test
    void thePageIsAccessible() throws Exception {
        String html = open().body();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">").contains("<title>")
                .contains("<h1 id=\"picker-title\">").contains("<fieldset><legend>").contains("<main");
        // every checkbox has its label, every button its text; no positive tabindex; a visible focus outline
        Map<String, String> boxes = checkboxes(html);
        assertThat(boxes).isNotEmpty();
        boxes.values().forEach(id -> assertThat(html).contains("<label for=\"" + id + "\""));
        assertThat(html).contains(">Select</button>").contains(">Cancel</button>").doesNotContain("tabindex")
                .contains(":focus-visible");
    }
}
