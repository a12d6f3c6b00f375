package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

class FilesListTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    GoogleEmulator emu;
    Drive drive;
    File music;
    File docs;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        drive = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken());
        music = folder("Music", null);
        docs = folder("Docs", null);
        file("song.mp3", "audio/mpeg", music.getId());
        file("it's mine.txt", "text/plain", music.getId());
        file("notes.txt", "text/plain", docs.getId());
        File old = file("old.txt", "text/plain", docs.getId());
        drive.files().update(old.getId(), new File().setTrashed(true)).execute();
    }

    private File folder(String name, String parent) throws Exception {
        return drive.files().create(new File().setName(name).setMimeType(FOLDER)
                .setParents(parent == null ? null : List.of(parent))).setFields("id,name").execute();
    }

    private File file(String name, String mime, String parent) throws Exception {
        return drive.files().create(new File().setName(name).setParents(List.of(parent)),
                new ByteArrayContent(mime, name.getBytes(StandardCharsets.UTF_8))).setFields("id,name").execute();
    }

    private List<String> names(String q) throws Exception {
        return drive.files().list().setQ(q).setOrderBy("name").setFields("files(name)").execute().getFiles()
                .stream().map(File::getName).toList();
    }

    @Test
    void queriesASyncEngineUses() throws Exception {
        assertThat(names("'" + music.getId() + "' in parents")).containsExactly("it's mine.txt", "song.mp3");
        assertThat(names("name = 'it\\'s mine.txt'")).containsExactly("it's mine.txt");
        assertThat(names("mimeType = '" + FOLDER + "'")).containsExactly("Docs", "Music");
        assertThat(names("'" + docs.getId() + "' in parents and trashed = false")).containsExactly("notes.txt");
        assertThat(names("'" + docs.getId() + "' in parents")).containsExactly("notes.txt", "old.txt");
        assertThat(names("(name = 'song.mp3' or name = 'notes.txt') and trashed = false")).containsExactly("notes.txt", "song.mp3");
        assertThat(names("mimeType != '" + FOLDER + "' and not trashed = true")).containsExactly("it's mine.txt", "notes.txt", "song.mp3");
        assertThat(names("name contains 'not'")).containsExactly("notes.txt");
        assertThat(names("'root' in parents")).containsExactly("Docs", "Music");
        assertThat(names("trashed = true")).containsExactly("old.txt");
    }

    @Test
    void pagingWalksEverythingOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            FileList page = drive.files().list().setPageSize(2).setPageToken(token)
                    .setFields("nextPageToken,files(id,name)").execute();
            page.getFiles().forEach(f -> seen.add(f.getName()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void defaultFieldsAndKind() throws Exception {
        FileList list = drive.files().list().setQ("name = 'song.mp3'").execute();
        assertThat(list.getKind()).isEqualTo("drive#fileList");
        assertThat(list.getIncompleteSearch()).isFalse();
        assertThat(list.getFiles()).singleElement().satisfies(f -> {
            assertThat(f.getKind()).isEqualTo("drive#file");
            assertThat(f.getMimeType()).isEqualTo("audio/mpeg");
            assertThat(f.getParents()).isNull();
        });
    }

    @Test
    void driveFileScopeListsOnlyTheAppsFiles() throws Exception {
        emu.admin().createFolder("alice@example.com", null, "Private");
        assertThat(names("name = 'Private'")).isEmpty();
        Drive full = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", TestClients.DRIVE).getAccessToken());
        assertThat(full.files().list().setQ("name = 'Private'").execute().getFiles()).hasSize(1);
    }

    @Test
    void badQueryIs400Invalid() {
        GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.files().list().setQ("name = ").execute());
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("invalid");
        assertThat(e.getDetails().getErrors().get(0).getLocation()).isEqualTo("q");
        GoogleJsonResponseException token = DriveFilesTest.error(() -> drive.files().list().setPageToken("garbage").execute());
        assertThat(token.getStatusCode()).isEqualTo(400);
    }
}
