package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.About;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriveBasicsTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    GoogleEmulator emu;

    @BeforeEach
    void reset() {
        emu = google.emulator();
        emu.admin().reset();
    }

    private Drive driveFor(String account, String scope) throws Exception {
        return TestClients.drive(emu, TestClients.connect(emu, account, scope).getAccessToken());
    }

    private static GoogleJsonResponseException driveError(ThrowingCall call) {
        try {
            call.run();
        } catch (GoogleJsonResponseException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a Google error, got " + e, e);
        }
        throw new AssertionError("expected a Google error");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aboutGetReturnsTheUserHonouringFields() throws Exception {
        Drive drive = driveFor("bob@example.com", DRIVE_FILE);
        Account bob = emu.account("bob@example.com");
        About about = drive.about().get().setFields("user").execute();
        assertThat(about.getUser().getEmailAddress()).isEqualTo("bob@example.com");
        assertThat(about.getUser().getDisplayName()).isEqualTo("Bob Example");
        assertThat(about.getUser().getPermissionId()).isEqualTo(bob.permissionId());
        assertThat(about.getUser().getMe()).isTrue();
        assertThat(about.getKind()).isNull();
        assertThat(about.getStorageQuota()).isNull();

        About narrow = drive.about().get().setFields("user(emailAddress,permissionId)").execute();
        assertThat(narrow.getUser().getEmailAddress()).isEqualTo("bob@example.com");
        assertThat(narrow.getUser().getDisplayName()).isNull();

        About all = drive.about().get().setFields("*").execute();
        assertThat(all.getKind()).isEqualTo("drive#about");
        assertThat(all.getStorageQuota().getLimit()).isPositive();
        assertThat(emu.admin().requestCount("GET /drive/v3/about")).isEqualTo(3);
    }

    @Test
    void aboutWithoutFieldsIsRequiredError() throws Exception {
        Drive drive = driveFor("alice@example.com", DRIVE_FILE);
        GoogleJsonResponseException e = driveError(() -> drive.about().get().execute());
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("required");
    }

    @Test
    void invalidFieldSelectionIs400() throws Exception {
        Drive drive = driveFor("alice@example.com", DRIVE_FILE);
        GoogleJsonResponseException e = driveError(() -> drive.files().get("root").setFields("id,nonsense").execute());
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("invalidParameter");
    }

    @Test
    void createFolderAndGetItWithFields() throws Exception {
        Drive drive = driveFor("alice@example.com", DRIVE_FILE);
        Account alice = emu.account("alice@example.com");
        File created = drive.files().create(new File().setName("drivelink").setMimeType(FOLDER))
                .setFields("id,name,mimeType,parents,webViewLink").execute();
        assertThat(created.getId()).matches("1[A-Za-z0-9_-]{32}");
        assertThat(created.getParents()).containsExactly(alice.rootFolderId());
        assertThat(created.getWebViewLink()).isEqualTo("https://drive.google.com/drive/folders/" + created.getId());

        File got = drive.files().get(created.getId()).setFields("id,name,mimeType,parents,trashed,createdTime,modifiedTime,version").execute();
        assertThat(got.getName()).isEqualTo("drivelink");
        assertThat(got.getMimeType()).isEqualTo(FOLDER);
        assertThat(got.getTrashed()).isFalse();
        assertThat(got.getVersion()).isPositive();
        assertThat(got.getCreatedTime()).isNotNull();
        assertThat(got.getSize()).isNull();

        File defaults = drive.files().get(created.getId()).execute();
        assertThat(defaults.getKind()).isEqualTo("drive#file");
        assertThat(defaults.getId()).isEqualTo(created.getId());
        assertThat(defaults.getParents()).isNull();

        File child = drive.files().create(new File().setName("inner").setMimeType(FOLDER).setParents(List.of(created.getId())))
                .setFields("id,parents").execute();
        assertThat(child.getParents()).containsExactly(created.getId());
    }

    @Test
    void rootAliasResolvesToTheAccountsRoot() throws Exception {
        Drive drive = driveFor("carol@example.com", DRIVE_FILE);
        File root = drive.files().get("root").setFields("id,name,mimeType").execute();
        assertThat(root.getId()).isEqualTo(emu.account("carol@example.com").rootFolderId());
        assertThat(root.getName()).isEqualTo("My Drive");
        assertThat(root.getMimeType()).isEqualTo(FOLDER);
    }

    @Test
    void driveFileScopeSeesAdminCreatedFolderOnlyAfterItIsPicked() throws Exception {
        AdminFile folder = emu.admin().createFolder("alice@example.com", null, "Music");
        Drive drive = driveFor("alice@example.com", DRIVE_FILE);
        GoogleJsonResponseException e = driveError(() -> drive.files().get(folder.id()).execute());
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("notFound");
        assertThat(e.getDetails().getMessage()).isEqualTo("File not found: " + folder.id() + ".");

        emu.admin().pick(folder.id(), CLIENT_ID);
        assertThat(drive.files().get(folder.id()).setFields("id,name").execute().getName()).isEqualTo("Music");

        Drive full = driveFor("alice@example.com", DRIVE);
        AdminFile other = emu.admin().createFolder("alice@example.com", null, "Other");
        assertThat(full.files().get(other.id()).execute().getName()).isEqualTo("Other");
    }

    @Test
    void anotherAccountsFileIsNotFound() throws Exception {
        AdminFile folder = emu.admin().createFolder("bob@example.com", null, "Bob's");
        Drive alice = driveFor("alice@example.com", DRIVE);
        assertThat(driveError(() -> alice.files().get(folder.id()).execute()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void trashedFlagIsReported() throws Exception {
        Drive drive = driveFor("alice@example.com", DRIVE_FILE);
        File folder = drive.files().create(new File().setName("t").setMimeType(FOLDER)).setFields("id").execute();
        emu.admin().trash(folder.getId());
        assertThat(drive.files().get(folder.getId()).setFields("trashed").execute().getTrashed()).isTrue();
        emu.admin().untrash(folder.getId());
        assertThat(drive.files().get(folder.getId()).setFields("trashed").execute().getTrashed()).isFalse();
    }

    @Test
    void fileResourceCarriesContentFields() throws Exception {
        byte[] content = "hello drive".getBytes(StandardCharsets.UTF_8);
        AdminFile file = emu.admin().createFile("alice@example.com", null, "hello.txt", "text/plain", content);
        Drive drive = driveFor("alice@example.com", DRIVE);
        File got = drive.files().get(file.id())
                .setFields("id,name,mimeType,size,md5Checksum,headRevisionId,webViewLink,parents").execute();
        assertThat(got.getMimeType()).isEqualTo("text/plain");
        assertThat(got.getSize()).isEqualTo(content.length);
        assertThat(got.getMd5Checksum()).isEqualTo(file.md5Checksum());
        assertThat(got.getHeadRevisionId()).isNotBlank();
        assertThat(got.getWebViewLink()).isEqualTo("https://drive.google.com/file/d/" + file.id() + "/view?usp=drivesdk");
        assertThat(file.md5Checksum()).isEqualTo(Ids.md5Hex(content));
    }

    @Test
    void tokenWithoutDriveScopeIsInsufficientPermissions() throws Exception {
        Drive drive = driveFor("alice@example.com", "openid email");
        GoogleJsonResponseException e = driveError(() -> drive.about().get().setFields("user").execute());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("insufficientPermissions");
    }

    @Test
    void missingOrUnknownTokenIs401WithGoogleErrorShape() throws Exception {
        HttpResponse<String> none = Browser.HTTP.send(HttpRequest.newBuilder(
                URI.create(emu.baseUrl() + "drive/v3/about?fields=user")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"https://accounts.google.com/\"");
        var body = Json.MAPPER.readTree(none.body());
        assertThat(body.at("/error/code").asInt()).isEqualTo(401);
        assertThat(body.at("/error/errors/0/reason").asText()).isEqualTo("authError");
        assertThat(body.at("/error/errors/0/domain").asText()).isEqualTo("global");
        assertThat(body.at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> unknown = Browser.HTTP.send(HttpRequest.newBuilder(
                        URI.create(emu.baseUrl() + "drive/v3/files/root")).header("Authorization", "Bearer ya29.nope").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(401);
    }

    @Test
    void notFoundErrorShape() throws Exception {
        String token = TestClients.connect(emu, "alice@example.com", DRIVE).getAccessToken();
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "drive/v3/files/1missing_id_xxxxxxxxxxxxxxxx"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        var body = Json.MAPPER.readTree(r.body());
        assertThat(body.at("/error/message").asText()).isEqualTo("File not found: 1missing_id_xxxxxxxxxxxxxxxx.");
        assertThat(body.at("/error/errors/0/reason").asText()).isEqualTo("notFound");
        assertThat(body.at("/error/errors/0/location").asText()).isEqualTo("fileId");
        assertThat(body.at("/error/errors/0/locationType").asText()).isEqualTo("parameter");
        assertThat(body.at("/error/status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void adminHttpApiCreatesAndListsFiles() throws Exception {
        HttpResponse<String> created = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "admin/files"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"bob@example.com\",\"name\":\"a.txt\",\"mimeType\":\"text/plain\",\"content\":\"abc\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"md5Checksum\" : \"" + Ids.md5Hex("abc".getBytes(StandardCharsets.UTF_8)) + "\"");
        HttpResponse<String> list = Browser.get(emu.baseUrl() + "admin/files?account=bob@example.com");
        assertThat(list.body()).contains("a.txt", "My Drive");
        HttpResponse<String> counts = Browser.get(emu.baseUrl() + "admin/requests");
        assertThat(counts.statusCode()).isEqualTo(200);
    }
}
