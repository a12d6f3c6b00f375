package dev.drivelink.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.Fault;
import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.MappingStatus;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.localcloud.LocalCloud;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console at {@code /} through local-cloud, in headless Chromium, as a person clicks it: sign in,
 * connect Google Drive, see the status, change the root folder by pasting a link, create a folder,
 * send a file and watch its progress, get a connection that needs attention back, disconnect (with
 * the confirmation) and reconnect, add a second account.
 *
 * <p>On every view: no serious or critical axe-core violation, and a screenshot at desktop (1280x800)
 * and phone (390x844) width in {@code target/screenshots/}. Every answer of the API the page receives
 * is checked against docs/openapi.yaml, and the page logs no error (the console runs under a strict
 * Content-Security-Policy: a blocked script or style would show here).
 */
class ConsoleBrowserTest {

    static final int MIB = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    static LocalCloud cloud;
    static Gateway gateway;
    static OpenApiContract contract;
    static Chromium chromium;
    static HttpServer files;
    static final Map<String, byte[]> served = new ConcurrentHashMap<>();

    ConsoleTab tab;
    Page page;

    @BeforeAll
    static void start() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        contract = OpenApiContract.load();
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            byte[] data = served.get(exchange.getRequestURI().getPath());
            if (data == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(data.length));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            int from = range != null && range.matches("bytes=\\d+-") ? Integer.parseInt(range.substring(6, range.length() - 1)) : 0;
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, data.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data, from, data.length - from);
            }
        });
        files.start();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (files != null) {
            files.stop(0);
        }
    }

    @BeforeEach
    void openBrowser() {
        cloud.google().admin().clearFaults();
        tab = chromium.open(cloud.gatewayUrl());
        page = tab.page();
    }

    @AfterEach
    void closeBrowser() {
        cloud.google().admin().clearFaults();
        cloud.eventSources().setSqsMappingsEnabled("SyncWorkerFunction", true);
        if (tab != null) {
            tab.close();
        }
    }

    void view(String name) {
        tab.view(name);
    }

    void signIn(String user) {
        tab.signIn(user);
    }

    void consent(String account) {
        page.waitForURL(url -> url.startsWith(cloud.google().authUri()));
        page.check("input[name=account][value='" + account + "']");
        page.click("#allow");
        page.waitForURL(url -> url.startsWith(cloud.gatewayUrl() + "/"));
    }

    static Locator button(Locator within, String name) {
        return ConsoleTab.button(within, name);
    }

    JsonNode api(String user, String path) throws Exception {
        var response = gateway.get(path, cloud.signIn(user));
        contract.assertAnswer(response);
        return JSON.readTree(response.body());
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void connectChooseFoldersUploadDisconnectAndReconnect() throws Exception {
        String user = "console-" + UUID.randomUUID().toString().substring(0, 6);
        page.navigate(cloud.gatewayUrl() + "/");
        assertThat(page.getByLabel("User id")).isVisible();
        view("01-sign-in");

        // sign in, no connection yet
        signIn(user);
        Locator connection = page.locator("drivelink-connection");
        assertThat(connection.locator("#connect")).hasText("Connect Google Drive");
        assertThat(page.locator("drivelink-folder-picker")).containsText("Connect a Google account first");
        view("02-no-connection");

        // connect: consent at the emulated Google, back with the connection
        connection.locator("#connect").click();
        consent("alice@example.com");
        Locator item = connection.locator("li[data-connection-id]");
        assertThat(item).hasCount(1);
        assertThat(connection.locator("[data-role=notice]")).containsText("Connected: Google Drive is linked as alice@example.com.");
        assertThat(item.locator("[data-role=status]")).hasText("Active");
        assertThat(item).containsText("Connected as alice@example.com");
        assertThat(item.locator("[data-role=root-folder] a")).containsText("drivelink");
        assertThat(page).hasURL(cloud.gatewayUrl() + "/");
        String id = item.getAttribute("data-connection-id");
        view("03-connected");

        // the root folder: a pasted link that is not one, then a folder the user picked
        var admin = cloud.google().admin();
        AdminFile tapes = admin.createFolder("alice@example.com", admin.account("alice@example.com").rootFolderId(), "Session tapes");
        admin.pick(tapes.id(), LocalCloud.GOOGLE_CLIENT_ID);
        Locator picker = page.locator("drivelink-folder-picker");
        Locator link = picker.getByLabel("Use a folder from a Drive link");
        link.fill("https://example.com/not/a/drive/link");
        button(picker, "Check folder").click();
        assertThat(picker.locator("[data-role=link-error]")).containsText("expected a Drive folder id or a link");
        assertThat(picker.locator("[data-role=link-error]")).containsText("invalid-folder-reference");
        assertThat(link).hasAttribute("aria-invalid", "true");
        assertThat(link).isFocused();
        view("04-folder-link-error");

        link.fill("https://drive.google.com/drive/u/1/folders/" + tapes.id() + "?usp=sharing");
        button(picker, "Check folder").click();
        assertThat(picker.locator("[data-role=resolved]")).containsText("Found Session tapes");
        button(picker, "Use as root folder: Session tapes").click();
        assertThat(picker.locator("[data-role=notice]")).containsText("The root folder is now Session tapes.");
        assertThat(item.locator("[data-role=root-folder]")).containsText("Session tapes");
        assertThat(api(user, "/drive/connections/" + id).at("/rootFolder/id").asText()).isEqualTo(tapes.id());

        // a new folder under the root
        picker.getByLabel("New folder in Session tapes").fill("renders");
        button(picker, "Create folder").click();
        assertThat(picker.locator("[data-role=notice]")).containsText("Created renders in Session tapes.");
        Locator created = picker.locator("[data-role=created] li");
        assertThat(created).hasCount(1);
        AdminFile renders = admin.file(created.getAttribute("data-folder-id"));
        assertThat(renders.name()).isEqualTo("renders");
        assertThat(renders.parents()).containsExactly(tapes.id());
        // browse the root: the new folder, opened; the path leads back
        Locator browse = picker.locator("[data-role=browse]");
        assertThat(browse.locator("[data-role=browse-list] li[data-folder-id]")).hasCount(1);
        assertThat(browse.locator("[data-role=browse-list] li[data-folder-id]")).hasAttribute("data-folder-id", renders.id());
        view("05-folder-created");
        button(browse, "Open renders").click();
        assertThat(picker.locator("[data-role=browse] h3")).hasText("Folders in renders");
        assertThat(picker.locator("[data-role=browse] [data-role=browse-list]")).containsText("No folders here");
        button(picker.locator("[data-role=browse] nav"), "Session tapes").click();
        assertThat(picker.locator("[data-role=browse] h3")).hasText("Folders in Session tapes");

        // send a 20 MiB file from a URL and watch it go: each chunk waits 6 s at Google
        byte[] data = new byte[20 * MIB];
        new Random(42).nextBytes(data);
        served.put("/final-mix.wav", data);
        admin.injectFault(Fault.delay("PUT /upload/drive/v3/files", 3, 6000));
        Locator uploads = page.locator("drivelink-files");
        uploads.getByLabel("File address").fill("http://127.0.0.1:" + files.getAddress().getPort() + "/final-mix.wav");
        assertThat(uploads.getByLabel("File name")).hasValue("final-mix.wav");
        assertThat(uploads.getByLabel("Type")).hasValue("audio/wav");
        // a folder path the API refuses: its reason shows, nothing is followed
        uploads.getByLabel("Folder in Drive (optional)").fill("renders/..");
        button(uploads, "Send to Drive").click();
        assertThat(uploads.locator("[data-role=upload-error] [role=alert]")).containsText("invalid-upload-request");
        assertThat(uploads.locator("drivelink-upload")).hasCount(0);
        uploads.getByLabel("Folder in Drive (optional)").fill("renders/console");
        button(uploads, "Send to Drive").click();
        Locator upload = uploads.locator("drivelink-upload");
        assertThat(upload).hasCount(1);
        assertThat(upload.locator("[data-role=status]")).hasText("Uploading", SLOW);
        Locator progress = upload.locator("progress");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(Boolean) progress.evaluate("p => p.hasAttribute('value') && p.value > 0 && p.value < p.max")) {
            assertThat(System.currentTimeMillis()).as("a partial progress shows").isLessThan(deadline);
            assertThat(upload.locator("[data-role=status]")).not().hasText("In Drive");
            page.waitForTimeout(100);
        }
        assertThat(upload.locator("[data-role=words]")).containsText("of 21.0 MB (");
        view("06-upload-progress");
        assertThat(upload.locator("[data-role=status]")).hasText("In Drive", SLOW);
        assertThat(upload.locator("[data-role=words]")).containsText("21.0 MB in Drive, checked.");
        assertThat((Boolean) progress.evaluate("p => p.value === p.max")).isTrue();
        assertThat(upload.locator("[data-role=drive-link]")).hasAttribute("href", Pattern.compile("^https://drive\\.google\\.com/file/d/"));
        String uploadId = uploads.locator("li[data-upload-id]").getAttribute("data-upload-id");
        JsonNode done = api(user, "/drive/uploads/" + uploadId);
        AdminFile inDrive = admin.file(done.get("driveFileId").asText());
        assertThat(inDrive.name()).isEqualTo("final-mix.wav");
        assertThat(inDrive.md5Checksum()).isEqualTo(md5(data));
        assertThat(admin.file(inDrive.parents().get(0)).name()).isEqualTo("console");
        view("07-upload-done");

        // Google fails the refresh: the connection needs attention, says why, and comes back with "Check now"
        admin.injectFault(Fault.error("POST /token", 100, 503, "backendError"));
        var refreshed = gateway.call("POST", "/drive/connections/" + id + "/refresh", cloud.signIn(user), null);
        contract.assertAnswer(refreshed);
        assertThat(JSON.readTree(refreshed.body()).get("status").asText()).isEqualTo("ERROR");
        page.reload();
        assertThat(item.locator("[data-role=status]")).hasText("Needs attention");
        assertThat(item.locator("[data-role=reason]")).containsText("Google did not renew drivelink's access");
        assertThat(button(item, "Reconnect alice@example.com")).isVisible();
        view("08-needs-attention");
        admin.clearFaults();
        button(item, "Check now: alice@example.com").click();
        assertThat(item.locator("[data-role=status]")).hasText("Active");
        assertThat(connection.locator("[data-role=notice]")).containsText("alice@example.com works again.");

        // disconnect: a confirmation; Escape keeps the connection and gives the focus back
        Locator disconnect = button(item, "Disconnect alice@example.com");
        disconnect.click();
        Locator dialog = connection.locator("dialog");
        assertThat(dialog).isVisible();
        assertThat(dialog).containsText("Disconnect alice@example.com?");
        assertThat(button(dialog, "Cancel")).isFocused();
        view("09-confirm-disconnect");
        page.keyboard().press("Escape");
        assertThat(dialog).hasCount(0);
        assertThat(disconnect).isFocused();
        assertThat(api(user, "/drive/connections/" + id).get("status").asText()).isEqualTo("ACTIVE");
        page.keyboard().press("Enter");
        assertThat(dialog).isVisible();
        button(dialog, "Disconnect").click();
        assertThat(item.locator("[data-role=status]")).hasText("Disconnected");
        assertThat(item).containsText("Was connected as alice@example.com");
        assertThat(item.locator("[data-role=reason]")).containsText("Reconnect to use it again.");
        assertThat(connection.locator("[data-role=notice]")).containsText("Disconnected alice@example.com.");
        assertThat(api(user, "/drive/connections/" + id).get("status").asText()).isEqualTo("REVOKED");
        assertThat(admin.grants(LocalCloud.GOOGLE_CLIENT_ID, "alice@example.com")).allMatch(g -> g.revoked());
        assertThat(picker).containsText("Connect a Google account first");
        view("10-disconnected");

        // reconnect the same account: the same connection comes back
        button(item, "Reconnect alice@example.com").click();
        consent("alice@example.com");
        assertThat(item).hasCount(1);
        assertThat(item).hasAttribute("data-connection-id", id);
        assertThat(item.locator("[data-role=status]")).hasText("Active");
        assertThat(api(user, "/drive/connections/" + id).get("status").asText()).isEqualTo("ACTIVE");

        // a second account: both listed, the picker asks which
        button(connection, "Connect another Google account").click();
        consent("bob@example.com");
        assertThat(item).hasCount(2);
        assertThat(connection.locator("li[data-connection-id]").last()).containsText("Connected as bob@example.com");
        assertThat(picker.getByLabel("Google account")).isVisible();
        picker.getByLabel("Google account").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("bob@example.com"));
        assertThat(picker.locator("[data-role=current]")).containsText("Files of bob@example.com go to drivelink");
        view("11-two-accounts");

        // "Change folder" on an account points the folder picker at it
        button(connection, "Change folder of alice@example.com").click();
        assertThat(picker.locator("[data-role=current]")).containsText("Files of alice@example.com go to Session tapes");

        assertThat(tab.answersChecked()).as("API answers checked against docs/openapi.yaml").isGreaterThan(20);
        tab.assertClean();
    }

    @Test
    void aDeniedConsentSaysWhyInWordsAndTheContractIsServedBesideTheConsole() throws Exception {
        signIn("console-" + UUID.randomUUID().toString().substring(0, 6));
        page.locator("drivelink-connection #connect").click();
        page.waitForURL(url -> url.startsWith(cloud.google().authUri()));
        page.check("input[name=account][value='carol@example.com']");
        page.click("#deny");
        page.waitForURL(url -> url.startsWith(cloud.gatewayUrl() + "/"));
        Locator notice = page.locator("drivelink-connection [data-role=notice]");
        assertThat(notice).containsText("you pressed Deny on Google's page, so Drive was not connected. (access_denied)");
        assertThat(notice).hasAttribute("role", "alert");
        assertThat(page.locator("drivelink-connection li[data-connection-id]")).hasCount(0);
        assertThat(page).hasURL(cloud.gatewayUrl() + "/");
        view("12-connect-denied");

        // the console links the API contract, served beside it
        String href = page.locator("#api-link").getAttribute("href");
        var yaml = gateway.get(URI.create(cloud.gatewayUrl() + "/").resolve(href).toString(), null);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.0");
        assertThat(gateway.get("/docs/upload-request.schema.json", null).statusCode()).isEqualTo(200);
        var home = gateway.get("/", null);
        assertThat(home.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'"));
        assertThat(gateway.get("/../template.yaml", null).statusCode()).isEqualTo(404);
        assertThat(gateway.get("/docs/../template.yaml", null).statusCode()).isEqualTo(404);

        // sign out: the page forgets the user
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page.locator("#message")).containsText("Signed out.");
        assertThat(page.getByLabel("User id")).isVisible();
        assertThat((Object) page.evaluate("sessionStorage.getItem('drivelink.token')")).isNull();

        tab.assertClean();
    }

    /**
     * The sync views: the host backend grants a project (the admin membership route), the user changes
     * global and project settings (values round-trip, origins follow, a bad folder link is refused
     * next to its field, a project value goes back to the inherited one), resumes a paused project and
     * resolves conflicts each way, and reads the activity of the project and of all projects.
     *
     * <p>The conflicts and the paused status are what the sync worker (built elsewhere) writes: the
     * test writes them through the core's sync control plane ({@code Conflicts}, over
     * {@code ConflictRepository}; {@code SyncStatuses}) against the same moto, as SyncControlRoutesTest
     * does. Everything else goes through the real routes.
     */
    @Test
    void syncSettingsStatusConflictsAndActivity() throws Exception {
        // the conflicts and the paused status below are seeded as the sync worker would write them, so the
        // real worker stays off while the page shows them (its queue keeps the requests the clicks send)
        cloud.eventSources().setSqsMappingsEnabled("SyncWorkerFunction", false);
        String user = "sync-ui-" + UUID.randomUUID().toString().substring(0, 6);
        String jwt = cloud.signIn(user);
        String connectionId = gateway.connect(jwt, "alice@example.com");
        String project = "album-" + UUID.randomUUID().toString().substring(0, 6);
        var granted = gateway.call("PUT", "/drive/projects/" + project + "/members/" + user, gateway.adminToken(), null);
        contract.assertAnswer(granted);
        assertThat(granted.statusCode()).isEqualTo(201);
        var worker = World.syncWorkerSide();
        Instant t = Instant.parse("2026-11-28T10:15:00Z");
        Conflict vocals = worker.conflicts().record(user, connectionId, project, "mixes/vocals.wav", "drive-file-v",
                new ConflictSide("vocals.wav", 1_000_000L, "aaaa", t, "the app"),
                new ConflictSide("vocals.wav", 1_200_000L, "bbbb", t.plusSeconds(600), "alice@example.com"));
        Conflict drums = worker.conflicts().record(user, connectionId, project, "mixes/drums.wav", "drive-file-d",
                new ConflictSide("drums.wav", 2_000_000L, "cccc", t, "the app"),
                new ConflictSide("drums.wav", 2_100_000L, "dddd", t.plusSeconds(60), "alice@example.com"));
        // the project's files as the worker records them: one synced, one on its way up, the two conflicts
        worker.mappings().save(null, FileMapping.builder(connectionId, project, "mixes/bass.wav").status(MappingStatus.SYNCED)
                .drive("drive-file-b", "eeee", 4L, null, 3_400_000L, t).app("v1", "\"e\"", "eeee", 3_400_000L, t).updatedAt(t).build());
        worker.mappings().save(null, FileMapping.builder(connectionId, project, "notes.txt").status(MappingStatus.PENDING_UPLOAD)
                .app("v2", "\"f\"", "ffff", 1_200L, t).updatedAt(t.plusSeconds(30)).build());
        worker.mappings().save(null, FileMapping.builder(connectionId, project, "mixes/vocals.wav").status(MappingStatus.CONFLICT)
                .conflictId(vocals.id()).drive("drive-file-v", "bbbb", 2L, null, 1_200_000L, t).updatedAt(t.plusSeconds(600)).build());
        worker.statuses().started(user, connectionId, project);
        worker.statuses().paused(user, connectionId, project, 14, 20, new PendingCounts(0, 1, 14, 2));

        signIn(user);
        assertThat(page.locator("drivelink-projects select")).hasValue(project);

        // global settings: change one, it round-trips with its origin
        Locator global = page.locator("drivelink-settings");
        assertThat(global).containsText("For every project alice@example.com syncs");
        Locator conflictPolicy = global.getByLabel("When both sides changed");
        assertThat(conflictPolicy).hasValue("manual");
        assertThat(global.locator("[data-setting=conflictResolution] [data-role=origin]")).hasText("default");
        conflictPolicy.selectOption("keep_both");
        button(global, "Save settings").click();
        assertThat(global.locator("[data-role=notice]")).hasText("Settings saved.");
        assertThat(global.locator("[data-setting=conflictResolution] [data-role=origin]")).hasText("from your account settings");
        JsonNode globalNow = api(user, "/drive/settings?connectionId=" + connectionId);
        assertThat(globalNow.at("/settings/conflictResolution/value").asText()).isEqualTo("keep_both");
        assertThat(globalNow.at("/settings/conflictResolution/origin").asText()).isEqualTo("global");

        // the project's settings: the global value shows as inherited; a project value overrides it
        Locator settings = page.locator("drivelink-project-settings");
        assertThat(settings.locator("h2")).hasText("Sync settings of " + project);
        assertThat(settings.locator("[data-setting=conflictResolution] [data-role=origin]")).hasText("from your account settings");
        assertThat(settings.getByLabel("When both sides changed")).hasValue("keep_both");
        assertThat(settings.getByLabel("Google account")).hasValue(connectionId);
        settings.getByLabel("Sync mode").selectOption("bidirectional");
        settings.getByLabel("How often").selectOption("hourly");
        button(settings, "Save settings").click();
        assertThat(settings.locator("[data-role=notice]")).hasText("Settings saved.");
        assertThat(settings.locator("[data-setting=syncMode] [data-role=origin]")).hasText("set for this project");
        JsonNode projectNow = api(user, "/drive/projects/" + project + "/settings");
        assertThat(projectNow.at("/settings/syncMode/value").asText()).isEqualTo("bidirectional");
        assertThat(projectNow.at("/settings/syncMode/origin").asText()).isEqualTo("project");
        assertThat(projectNow.at("/settings/syncFrequency/value").asText()).isEqualTo("hourly");
        assertThat(projectNow.at("/settings/conflictResolution/origin").asText()).isEqualTo("global");
        view("13-project-settings");
        settings.screenshot(new Locator.ScreenshotOptions().setPath(ConsoleTab.SHOTS.resolve("project-settings-element-desktop.png")));

        // a bad folder link: the API's problem next to the field, nothing saved
        Locator folder = settings.getByLabel("Backup folder");
        folder.fill("https://example.com/not/a/folder");
        button(settings, "Save settings").click();
        Locator folderError = settings.locator("[data-setting=backupFolder] [data-role=error]");
        assertThat(folderError).containsText("invalid-folder-reference");
        assertThat(folder).hasAttribute("aria-invalid", "true");
        assertThat(folder).isFocused();
        view("14-settings-validation-error");
        assertThat(api(user, "/drive/projects/" + project + "/settings").at("/settings/backupFolder/origin").asText()).isEqualTo("default");

        // back to the inherited value
        folder.fill("");
        button(settings, "Reset Sync mode").click();
        assertThat(settings.locator("[data-setting=syncMode] [data-role=origin]")).hasText("default");
        assertThat(settings.getByLabel("Sync mode")).hasValue("backup_only");
        assertThat(api(user, "/drive/projects/" + project + "/settings").at("/settings/syncMode/origin").asText()).isEqualTo("default");

        // the paused project: why, and Resume confirms the deletions
        Locator status = page.locator("drivelink-sync-status");
        assertThat(status.locator("[data-role=state]")).hasText("Paused");
        assertThat(status.locator("[data-role=paused]")).containsText("would delete 14 of the project's 20 files");
        assertThat(status.locator("[data-role=pending]")).containsText("Deletions14");
        view("15-sync-paused");
        status.screenshot(new Locator.ScreenshotOptions().setPath(ConsoleTab.SHOTS.resolve("sync-paused-element-desktop.png")));
        button(status, "Resume and apply 14 deletions").click();
        assertThat(status.locator("[data-role=notice]")).containsText("Sync resumed");
        assertThat(status.locator("[data-role=state]")).hasText("Up to date");
        assertThat(status.locator("[data-action=resume]")).hasCount(0);
        JsonNode syncNow = api(user, "/drive/projects/" + project + "/sync");
        assertThat(syncNow.get("state").asText()).isEqualTo("idle");
        assertThat(syncNow.has("paused")).isFalse();

        // the project's files: status in words and a symbol, size, last sync, a Drive link once in Drive
        Locator fileList = page.locator("drivelink-files drivelink-file-list");
        Locator rows = fileList.locator("tbody tr");
        assertThat(rows).hasCount(3);
        assertThat(rows.nth(0)).hasAttribute("data-path", "mixes/bass.wav");
        assertThat(rows.nth(0).locator("[data-role=status]")).hasText("✓Synced");
        assertThat(rows.nth(0)).containsText("3.4 MB");
        assertThat(rows.nth(0).getByRole(AriaRole.LINK)).hasAttribute("href", "https://drive.google.com/file/d/drive-file-b/view");
        assertThat(rows.nth(0).getByRole(AriaRole.LINK)).hasAccessibleName("Open bass.wav in Drive (opens in a new tab)");
        assertThat(rows.nth(1).locator("[data-role=status]")).hasText("!Conflict: choose a side");
        assertThat(rows.nth(2).locator("[data-role=status]")).hasText("↑Going to Drive");
        assertThat(rows.nth(2)).containsText("Not in Drive yet");
        assertThat(rows.nth(2)).containsText("1.2 KB");
        view("18-files");
        fileList.screenshot(new Locator.ScreenshotOptions().setPath(ConsoleTab.SHOTS.resolve("files-element-desktop.png")));

        // conflicts, oldest first, side by side; resolved each way
        Locator conflicts = page.locator("drivelink-conflicts");
        Locator items = conflicts.locator("li[data-conflict-id]");
        assertThat(items).hasCount(2);
        assertThat(items.first()).hasAttribute("data-conflict-id", vocals.id());
        assertThat(items.first().locator("[data-side=app]")).containsText("1.0 MB");
        assertThat(items.first().locator("[data-side=drive]")).containsText("1.2 MB");
        assertThat(items.first().locator("[data-side=drive]")).containsText("alice@example.com");
        view("16-conflicts");
        conflicts.screenshot(new Locator.ScreenshotOptions().setPath(ConsoleTab.SHOTS.resolve("conflicts-element-desktop.png")));
        button(conflicts, "Keep Drive's version of mixes/vocals.wav").click();
        assertThat(items.first().locator("[data-role=resolving]")).hasText("Keeping Drive's version: the next sync applies it.");
        button(conflicts, "Keep both versions of mixes/drums.wav").click();
        assertThat(items.last().locator("[data-role=resolving]")).hasText("Keeping both versions: the next sync applies it.");
        JsonNode listed = api(user, "/drive/projects/" + project + "/conflicts").get("conflicts");
        assertThat(listed.findValuesAsText("keep")).containsExactly("drive", "both");
        assertThat(listed.findValuesAsText("state")).containsOnly("resolving");
        assertThat(worker.conflicts().awaitingApply(connectionId, project)).extracting(Conflict::id)
                .containsExactlyInAnyOrder(vocals.id(), drums.id());

        // the project's activity, newest first: the two choices (and the resume); all projects: the connection too
        Locator activity = page.locator("#project-activity");
        Locator records = activity.locator("li[data-activity-id]");
        assertThat(records.first()).hasAttribute("data-action", "conflict_resolved");
        assertThat(records.first()).containsText("mixes/drums.wav");
        assertThat(records.nth(1)).containsText("mixes/vocals.wav");
        assertThat(records.nth(2)).hasAttribute("data-action", "sync_resumed");
        // five a page: the paused run and the two conflicts found, the oldest, are on the next one
        assertThat(records).hasCount(5);
        button(activity, "Show older").click();
        assertThat(records).hasCount(6);
        assertThat(records.nth(5)).isFocused();
        assertThat(button(activity, "Show older")).hasCount(0);
        assertThat(records.last()).hasAttribute("data-action", "conflict");
        activity.getByLabel("What").selectOption("sync_resumed");
        assertThat(records).hasCount(1);
        assertThat(records.first()).hasAttribute("data-action", "sync_resumed");
        Locator all = page.locator("#all-activity");
        assertThat(all.locator("li[data-action=connection_connected]")).hasCount(1);
        assertThat(all.locator("li[data-action=conflict_resolved]")).hasCount(2);
        assertThat(all.locator("li[data-action=conflict_resolved]").first()).containsText(project);
        // a chart of successes and failures per day of the records shown, its numbers also as a table
        assertThat(activity.locator("[data-role=chart] figcaption"))
                .hasText("Successes and failures per day, in the records shown: 1 succeeded, 0 failed.");
        assertThat(activity.locator("[data-role=chart] svg[role=img]")).hasAttribute("aria-labelledby", Pattern.compile(".+"));
        assertThat(activity.locator("[data-role=chart-table] tbody tr").last().locator("td").first()).hasText("1");
        // the all-projects view narrowed to one project
        all.getByLabel("Project", new Locator.GetByLabelOptions().setExact(true)).selectOption(project);
        assertThat(all.locator("h2").first()).hasText("Activity in " + project);
        assertThat(all.locator("li[data-action=connection_connected]")).hasCount(0);
        assertThat(all.locator("li[data-action=conflict_resolved]")).hasCount(2);
        assertThat(all.getByLabel("Project", new Locator.GetByLabelOptions().setExact(true))).isFocused();
        view("17-activity");

        // bring files from Drive (selective sync): the picker (the emulator's stand-in for Google Picker) opens
        // in a window, the user ticks a file and selects; the app gets access to it and the import is requested
        settings.getByLabel("Sync mode").selectOption("selective_sync");
        button(settings, "Save settings").click();
        assertThat(settings.locator("[data-role=notice]")).hasText("Settings saved.");
        var admin = cloud.google().admin();
        String takeName = "take-" + UUID.randomUUID().toString().substring(0, 6) + ".wav";
        AdminFile take = admin.createFile("alice@example.com", admin.account("alice@example.com").rootFolderId(), takeName,
                "audio/wav", new byte[] {1, 2, 3});
        assertThat(take.appIds()).doesNotContain(LocalCloud.GOOGLE_CLIENT_ID);
        Locator importer = page.locator("drivelink-import");
        importer.getByLabel("Into folder in the project (optional)").fill("takes");
        Page picker = page.waitForPopup(() -> button(importer, "Choose files in Drive…").click());
        picker.locator("label[data-file-id='" + take.id() + "'] input").check();
        picker.click("#select");
        assertThat(importer.locator("[data-role=notice]")).hasText("Bringing 1 file into takes: the next sync copies it.");
        assertThat(importer.locator("[data-role=requested] li")).hasAttribute("data-file-id", take.id());
        assertThat(admin.file(take.id()).appIds()).contains(LocalCloud.GOOGLE_CLIENT_ID);
        view("19-import");

        tab.assertClean();
    }

    /**
     * The real sync worker in local-cloud: app files reach Drive; an edit made in Drive appears in the
     * files view; conflicting edits on both sides of three files (policy "ask me") show as conflicts,
     * and each way of resolving them (keep the app's, keep Drive's, keep both) ends with the same
     * content on both sides.
     */
    @Test
    void aDriveEditAppearsAndRealConflictsAreResolvedEachWay() throws Exception {
        SyncMember member = SyncMember.join(cloud, gateway, gateway.adminToken(), "console-sync", "carol@example.com");
        String project = member.project();
        String bucket = cloud.stack().ref("AppFilesBucket");
        var s3 = cloud.aws().s3();
        var admin = cloud.google().admin();
        // hourly: no watch channel, so Drive edits wait for a run the test asks for (or an app change starts)
        var set = gateway.call("PUT", "/drive/projects/" + project + "/settings", member.jwt(),
                "{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"manual\",\"syncFrequency\":\"hourly\"}");
        contract.assertAnswer(set);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        Map<String, String> driveIds = new ConcurrentHashMap<>();
        for (String name : new String[] {"lyrics.txt", "keep-app.txt", "keep-drive.txt", "keep-both.txt"}) {
            s3.putObject(r -> r.bucket(bucket).key("projects/" + project + "/" + name), RequestBody.fromBytes(text(name + " v1")));
        }
        JsonNode synced = SyncMember.await(cloud, () -> files(member), f -> f.size() == 4
                        && f.findValuesAsText("status").stream().allMatch("synced"::equals),
                "the four app files synced", "SyncWorkerFunction", "AppChangesWorkerFunction");
        synced.forEach(f -> driveIds.put(f.get("path").asText(), f.get("driveFileId").asText()));

        signIn(member.user());
        Locator rows = page.locator("drivelink-file-list tbody tr");
        assertThat(rows).hasCount(4);
        Locator lyrics = page.locator("drivelink-file-list tr[data-path='lyrics.txt']");
        assertThat(lyrics.locator("[data-role=size]")).hasText("13 bytes");

        // an edit in Drive: after the sync (as change detection asks for it), Refresh shows the new size
        admin.updateContent(driveIds.get("lyrics.txt"), text("lyrics v2, edited in Drive"));
        SyncMember.awaitRun(cloud, member.requestSync(cloud));
        button(page.locator("drivelink-file-list"), "Refresh").click();
        assertThat(lyrics.locator("[data-role=size]")).hasText("26 bytes");
        assertThat(lyrics.locator("[data-role=status]")).hasText("✓Synced");
        assertThat(app(bucket, project, "lyrics.txt")).isEqualTo(text("lyrics v2, edited in Drive"));

        // both sides change three files: Drive first, then the app (whose change starts the runs)
        for (String name : new String[] {"keep-app.txt", "keep-drive.txt", "keep-both.txt"}) {
            admin.updateContent(driveIds.get(name), text(name + " from Drive"));
        }
        for (String name : new String[] {"keep-app.txt", "keep-drive.txt", "keep-both.txt"}) {
            s3.putObject(r -> r.bucket(bucket).key("projects/" + project + "/" + name), RequestBody.fromBytes(text(name + " from the app")));
        }
        SyncMember.await(cloud, () -> files(member), f -> f.findValuesAsText("status").stream().filter("conflict"::equals).count() == 3,
                "three conflicts found by the sync worker", "SyncWorkerFunction", "AppChangesWorkerFunction");
        page.reload();
        Locator conflicts = page.locator("drivelink-conflicts");
        assertThat(conflicts.locator("li[data-conflict-id]")).hasCount(3);
        assertThat(page.locator("drivelink-file-list tr[data-path='keep-app.txt'] [data-role=status]")).hasText("!Conflict: choose a side");
        view("20-real-conflicts");
        button(conflicts, "Keep the app's version of keep-app.txt").click();
        button(conflicts, "Keep Drive's version of keep-drive.txt").click();
        button(conflicts, "Keep both versions of keep-both.txt").click();
        assertThat(conflicts.locator("[data-role=resolving]")).hasCount(3);

        // the worker applies each choice: the same content on both sides
        SyncMember.await(cloud, () -> files(member), f -> f.size() == 5
                        && f.findValuesAsText("status").stream().allMatch("synced"::equals),
                "the choices applied", "SyncWorkerFunction");
        assertThat(admin.content(driveIds.get("keep-app.txt"))).isEqualTo(text("keep-app.txt from the app"));
        assertThat(app(bucket, project, "keep-app.txt")).isEqualTo(text("keep-app.txt from the app"));
        assertThat(admin.content(driveIds.get("keep-drive.txt"))).isEqualTo(text("keep-drive.txt from Drive"));
        assertThat(app(bucket, project, "keep-drive.txt")).isEqualTo(text("keep-drive.txt from Drive"));
        // keep both: the newer side keeps the name (the emulator's clock decides which), the other is a conflict
        // copy; both files on both sides
        JsonNode after = files(member);
        String copy = after.findValuesAsText("path").stream().filter(p -> p.startsWith("keep-both (conflict ")).findFirst().orElseThrow();
        assertThat(copy).matches("keep-both \\(conflict \\d{4}-\\d{2}-\\d{2} \\d{4}, from (Drive|app)\\)\\.txt");
        boolean driveCopied = copy.endsWith("from Drive).txt");
        byte[] kept = text(driveCopied ? "keep-both.txt from the app" : "keep-both.txt from Drive");
        byte[] copied = text(driveCopied ? "keep-both.txt from Drive" : "keep-both.txt from the app");
        assertThat(app(bucket, project, "keep-both.txt")).isEqualTo(kept);
        assertThat(app(bucket, project, copy)).isEqualTo(copied);
        assertThat(admin.content(driveFileId(after, "keep-both.txt"))).isEqualTo(kept);
        assertThat(admin.content(driveFileId(after, copy))).isEqualTo(copied);

        // the page, refreshed by a person: no conflict left, five files synced
        page.reload();
        assertThat(conflicts.locator("[data-role=none]")).hasText("No conflicts: nothing waits for you.");
        assertThat(rows).hasCount(5);
        assertThat(page.locator("drivelink-file-list [data-role=status]")).hasText(new String[] {
            "✓Synced", "✓Synced", "✓Synced", "✓Synced", "✓Synced"});
        gateway.call("DELETE", "/drive/connections/" + member.connectionId(), member.jwt(), null);
        tab.assertClean();
    }

    JsonNode files(SyncMember member) {
        try {
            var answer = gateway.get("/drive/projects/" + member.project() + "/files", member.jwt());
            contract.assertAnswer(answer);
            return JSON.readTree(answer.body()).get("files");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String driveFileId(JsonNode files, String path) {
        return files.findParents("path").stream().filter(f -> f.get("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not among " + files)).get("driveFileId").asText();
    }

    byte[] app(String bucket, String project, String path) {
        return cloud.aws().s3().getObjectAsBytes(r -> r.bucket(bucket).key("projects/" + project + "/" + path)).asByteArray();
    }

    static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
