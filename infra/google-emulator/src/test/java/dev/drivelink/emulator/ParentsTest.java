package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
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
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** files.update addParents/removeParents under Drive's single-parent model, through the official client. */
class ParentsTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    GoogleEmulator emu;
    String token;
    Drive drive;
    File a;
    File b;
    File doc;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        token = TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken();
        drive = TestClients.drive(emu, token);
        a = drive.files().create(new File().setName("A").setMimeType(FOLDER)).execute();
        b = drive.files().create(new File().setName("B").setMimeType(FOLDER)).execute();
        doc = drive.files().create(new File().setName("doc.txt").setParents(List.of(a.getId())),
                new ByteArrayContent("text/plain", "v1".getBytes(StandardCharsets.UTF_8))).setFields("id,version").execute();
    }

    private List<String> parents(String fileId) throws Exception {
        return drive.files().get(fileId).setFields("parents").execute().getParents();
    }

    private List<String> namesIn(File folder) throws Exception {
        return drive.files().list().setQ("'" + folder.getId() + "' in parents").execute().getFiles().stream()
                .map(File::getName).toList();
    }

    private static GoogleJsonError.ErrorInfo cannotAddParent(GoogleJsonResponseException e) {
        assertThat(e.getStatusCode()).isEqualTo(403);
        GoogleJsonError.ErrorInfo info = e.getDetails().getErrors().get(0);
        assertThat(info.getReason()).isEqualTo("cannotAddParent");
        assertThat(info.getDomain()).isEqualTo("global");
        return info;
    }

    @Test
    void addParentsAloneMovesAnItemWithOneParent() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        File moved = drive.files().update(doc.getId(), new File()).setAddParents(b.getId())
                .setFields("id,parents,version").execute();
        assertThat(moved.getParents()).containsExactly(b.getId());
        assertThat(moved.getVersion()).isEqualTo(doc.getVersion() + 1);
        assertThat(parents(doc.getId())).containsExactly(b.getId());
        assertThat(namesIn(a)).isEmpty();
        assertThat(namesIn(b)).containsExactly("doc.txt");
        assertThat(drive.changes().list(start).execute().getChanges()).extracting(c -> c.getFileId())
                .containsExactly(doc.getId());

        // a folder moves with what it holds
        File folder = drive.files().create(new File().setName("C").setMimeType(FOLDER).setParents(List.of(a.getId()))).execute();
        drive.files().update(doc.getId(), new File()).setAddParents(folder.getId()).execute();
        drive.files().update(folder.getId(), new File()).setAddParents(b.getId()).execute();
        assertThat(parents(folder.getId())).containsExactly(b.getId());
        assertThat(parents(doc.getId())).containsExactly(folder.getId());

        // adding the parent it already has changes nothing
        assertThat(drive.files().update(doc.getId(), new File()).setAddParents(folder.getId()).setFields("parents")
                .execute().getParents()).containsExactly(folder.getId());
    }

    @Test
    void theOwnerMovesAnItemOutOfAFolderTheAppCannotSee() throws Exception {
        AdminFile outside = emu.admin().createFolder("alice@example.com", null, "not the app's");
        AdminFile picked = emu.admin().createFile("alice@example.com", outside.id(), "picked.txt", "text/plain", new byte[] {1});
        emu.admin().pick(picked.id(), CLIENT_ID);
        assertThat(DriveFilesTest.error(() -> drive.files().get(outside.id()).execute()).getStatusCode()).isEqualTo(404);

        drive.files().update(picked.id(), new File()).setAddParents(b.getId()).execute();
        assertThat(emu.admin().file(picked.id()).parents()).containsExactly(b.getId());
    }

    @Test
    void requestsThatWouldLeaveTwoParentsAre403CannotAddParent() throws Exception {
        File c = drive.files().create(new File().setName("C").setMimeType(FOLDER)).execute();
        // two new parents at once
        cannotAddParent(DriveFilesTest.error(() -> drive.files().update(doc.getId(), new File())
                .setAddParents(b.getId() + "," + c.getId()).execute()));
        // a removeParents that does not remove the current parent
        cannotAddParent(DriveFilesTest.error(() -> drive.files().update(doc.getId(), new File())
                .setAddParents(b.getId()).setRemoveParents(c.getId()).execute()));
        // with new content, through the upload endpoint
        cannotAddParent(DriveFilesTest.error(() -> drive.files().update(doc.getId(), new File(),
                        new ByteArrayContent("text/plain", "v2".getBytes(StandardCharsets.UTF_8)))
                .setAddParents(b.getId() + "," + c.getId()).execute()));
        // a create with two parents
        cannotAddParent(DriveFilesTest.error(() -> drive.files().create(new File().setName("two")
                .setParents(List.of(b.getId(), c.getId()))).execute()));
        // nothing changed
        assertThat(parents(doc.getId())).containsExactly(a.getId());
        assertThat(emu.admin().content(doc.getId())).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));

        // Google's error shape on the wire
        HttpResponse<String> raw = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "drive/v3/files/"
                        + doc.getId() + "?addParents=" + b.getId() + "," + c.getId()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(403);
        JsonNode error = Json.MAPPER.readTree(raw.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(403);
        assertThat(error.get("status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.get("message").asText()).isEqualTo("Increasing the number of parents is not allowed.");
        assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("cannotAddParent");
        assertThat(error.get("errors").get(0).get("message").asText()).isEqualTo(error.get("message").asText());
    }

    @Test
    void addAndRemoveMovesAndRemovingTheOnlyParentLeavesItInMyDrive() throws Exception {
        assertThat(drive.files().update(doc.getId(), new File()).setAddParents(b.getId()).setRemoveParents(a.getId())
                .setFields("parents").execute().getParents()).containsExactly(b.getId());
        String root = drive.files().get("root").setFields("id").execute().getId();
        assertThat(drive.files().update(doc.getId(), new File()).setRemoveParents(b.getId()).setFields("parents")
                .execute().getParents()).containsExactly(root);
    }
}
