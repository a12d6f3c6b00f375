package dev.drivelink.emulator;

import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.Change;
import com.google.api.services.drive.model.Channel;
import com.google.api.services.drive.model.File;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --data-dir / builder().dataDir(...): a standalone run keeps its Drive, grants, changes and channels. */
class PersistenceTest {
    static final String FOLDER = "application/vnd.google-apps.folder";

    @TempDir
    Path dataDir;
    HttpServer webhook;
    final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    GoogleEmulator emu;

    @BeforeEach
    void webhook() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
        if (emu != null) {
            emu.close();
        }
    }

    private GoogleEmulator start(boolean withClient) {
        GoogleEmulator.Builder b = GoogleEmulator.builder().port(0).dataDir(dataDir)
                .notificationRetryDelay(Duration.ofMillis(50));
        if (withClient) {
            b.client(CLIENT_ID, CLIENT_SECRET, List.of(REDIRECT));
        }
        emu = b.build().start();
        return emu;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(10);
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static byte[] download(Drive drive, String fileId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drive.files().get(fileId).executeMediaAndDownloadTo(out);
        return out.toByteArray();
    }

    @Test
    void driveTokensChangesAndChannelsSurviveARestart() throws Exception {
        GoogleEmulator first = start(true);
        TokenResponse alice = TestClients.connect(first, "alice@example.com", DRIVE_FILE);
        TokenResponse bob = TestClients.connect(first, "bob@example.com", DRIVE_FILE + " openid email");
        Drive drive = TestClients.drive(first, alice.getAccessToken());
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();

        File folder = drive.files().create(new File().setName("kept").setMimeType(FOLDER)).setFields("id").execute();
        byte[] small = "hello, disk".getBytes(StandardCharsets.UTF_8);
        File note = drive.files().create(new File().setName("note.txt").setParents(List.of(folder.getId())),
                new ByteArrayContent("text/plain", small)).setFields("id,md5Checksum,version").execute();
        byte[] big = DriveFilesTest.random(2 * 262144 + 777);
        Drive.Files.Create resumable = drive.files().create(new File().setName("big.bin"),
                new ByteArrayContent("application/octet-stream", big));
        resumable.getMediaHttpUploader().setChunkSize(MediaHttpUploader.MINIMUM_CHUNK_SIZE);
        File bigFile = resumable.setFields("id,md5Checksum").execute();
        byte[] v2 = "second revision".getBytes(StandardCharsets.UTF_8);
        File edited = drive.files().create(new File().setName("edited.txt"),
                new ByteArrayContent("text/plain", "first revision".getBytes(StandardCharsets.UTF_8))).execute();
        edited = drive.files().update(edited.getId(), new File().setStarred(true).setAppProperties(Map.of("k", "v")),
                new ByteArrayContent("text/plain", v2)).setFields("id,version,md5Checksum").execute();
        File gone = drive.files().create(new File().setName("gone.txt"), new ByteArrayContent("text/plain", new byte[] {1}))
                .execute();
        drive.files().delete(gone.getId()).execute();
        AdminFile userFile = first.admin().createFile("alice@example.com", null, "user's.txt", "text/plain", small);
        List<String> ids = drive.files().generateIds().setCount(2).execute().getIds();
        drive.files().create(new File().setId(ids.get(0)).setName("with id").setMimeType(FOLDER)).execute();
        first.admin().setStorageQuota("alice@example.com", 50_000_000);
        first.admin().advanceClock(Duration.ofMinutes(10));
        Instant clockBefore = first.admin().now();

        Channel channel = drive.changes().watch(drive.changes().getStartPageToken().execute().getStartPageToken(),
                new Channel().setId("kept-channel").setType("web_hook").setToken("tok")
                        .setAddress("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook")).execute();
        await(() -> received.size() == 1);
        String saved = drive.changes().getStartPageToken().execute().getStartPageToken();
        String jwks = Browser.get(first.baseUrl() + "oauth2/v3/certs").body();
        // bob removes the app's access before the restart: it stays removed
        assertThat(Browser.postForm(first.revokeUri(), Map.of("token", bob.getRefreshToken())).statusCode()).isEqualTo(200);
        Map<String, String> md5s = new LinkedHashMap<>();
        first.admin().files("alice@example.com").forEach(f -> md5s.put(f.id(), f.md5Checksum()));
        String firstUrl = first.baseUrl();
        first.close();

        // on disk: state.json and one blob per file with content, nothing half-written, old revisions gone
        assertThat(dataDir.resolve("state.json")).exists();
        try (Stream<Path> blobs = Files.list(dataDir.resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString()).toList()).hasSize(4)
                    .noneMatch(n -> n.endsWith(".tmp")).noneMatch(n -> n.startsWith(gone.getId()));
        }
        try (Stream<Path> top = Files.list(dataDir)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "blobs");
        }

        // a new emulator on another port, without --client: the saved client is back
        GoogleEmulator second = start(false);
        assertThat(second.baseUrl()).isNotEqualTo(firstUrl);
        assertThat(second.admin().clients()).extracting(OAuthClient::clientId).containsExactly(CLIENT_ID);
        assertThat(second.admin().now()).isAfterOrEqualTo(clockBefore);

        // the access token issued before the restart still works through the real Drive client ...
        Drive again = TestClients.drive(second, alice.getAccessToken());
        assertThat(again.about().get().setFields("user").execute().getUser().getEmailAddress()).isEqualTo("alice@example.com");
        // ... and so does the refresh token, through google-auth-library's UserCredentials
        var credentials = TestClients.userCredentials(second, alice.getRefreshToken());
        assertThat(credentials.refreshAccessToken().getTokenValue()).isNotEqualTo(alice.getAccessToken());
        Drive refreshed = TestClients.drive(second, credentials);
        assertThatThrownBy(() -> TestClients.userCredentials(second, bob.getRefreshToken()).refreshAccessToken())
                .hasMessageContaining("invalid_grant");
        assertThat(second.admin().grants(CLIENT_ID, "alice@example.com")).singleElement()
                .satisfies(g -> assertThat(g.scopes()).containsExactly(DRIVE_FILE));
        assertThat(Browser.get(second.baseUrl() + "oauth2/v3/certs").body()).isEqualTo(jwks);

        // files and their contents are back
        Map<String, String> md5sAfter = new LinkedHashMap<>();
        second.admin().files("alice@example.com").forEach(f -> md5sAfter.put(f.id(), f.md5Checksum()));
        assertThat(md5sAfter).isEqualTo(md5s);
        assertThat(download(refreshed, note.getId())).isEqualTo(small);
        assertThat(download(refreshed, bigFile.getId())).isEqualTo(big);
        assertThat(download(refreshed, edited.getId())).isEqualTo(v2);
        File got = refreshed.files().get(edited.getId()).setFields("md5Checksum,version,starred,appProperties,parents").execute();
        assertThat(got.getMd5Checksum()).isEqualTo(Ids.md5Hex(v2));
        assertThat(got.getVersion()).isEqualTo(edited.getVersion());
        assertThat(got.getStarred()).isTrue();
        assertThat(got.getAppProperties()).containsEntry("k", "v");
        assertThat(refreshed.files().get(note.getId()).setFields("parents").execute().getParents()).containsExactly(folder.getId());
        assertThat(DriveFilesTest.error(() -> refreshed.files().get(gone.getId()).execute()).getStatusCode()).isEqualTo(404);
        // drive.file visibility is kept: the user's own file is still invisible to the app
        assertThat(DriveFilesTest.error(() -> refreshed.files().get(userFile.id()).execute()).getStatusCode()).isEqualTo(404);
        // generated ids: a used one stays used, an unused one is still usable
        assertThat(DriveFilesTest.error(() -> refreshed.files().create(new File().setId(ids.get(0)).setName("x")
                .setMimeType(FOLDER)).execute()).getStatusCode()).isEqualTo(409);
        assertThat(refreshed.files().create(new File().setId(ids.get(1)).setName("y").setMimeType(FOLDER)).execute().getId())
                .isEqualTo(ids.get(1));
        assertThat(refreshed.about().get().setFields("storageQuota").execute().getStorageQuota().getLimit()).isEqualTo(50_000_000L);

        // changes continue from the saved page token; the old token still lists the earlier history
        List<Change> since = refreshed.changes().list(saved).execute().getChanges();
        assertThat(since).extracting(Change::getFileId).containsExactly(ids.get(1));
        File later = refreshed.files().update(note.getId(), new File().setName("note v2.txt")).setFields("id,version").execute();
        assertThat(later.getVersion()).isGreaterThan(note.getVersion());
        assertThat(refreshed.changes().list(saved).execute().getChanges()).extracting(Change::getFileId)
                .containsExactly(ids.get(1), note.getId());
        List<Change> history = refreshed.changes().list(start).setPageSize(100).execute().getChanges();
        assertThat(history).extracting(Change::getFileId)
                .contains(folder.getId(), bigFile.getId(), edited.getId(), gone.getId(), note.getId());
        assertThat(history).filteredOn(c -> c.getFileId().equals(gone.getId())).singleElement()
                .satisfies(c -> assertThat(c.getRemoved()).isTrue());

        // the watch channel resumes sending, with message numbers still rising
        await(() -> received.size() >= 3);
        long before = 1;
        for (Map<String, List<String>> n : received.subList(1, received.size())) {
            assertThat(header(n, "X-Goog-Channel-ID")).isEqualTo("kept-channel");
            assertThat(header(n, "X-Goog-Channel-Token")).isEqualTo("tok");
            assertThat(header(n, "X-Goog-Resource-ID")).isEqualTo(channel.getResourceId());
            assertThat(header(n, "X-Goog-Resource-State")).isEqualTo("change");
            long number = Long.parseLong(header(n, "X-Goog-Message-Number"));
            assertThat(number).isGreaterThan(before);
            before = number;
        }
        // and it can still be stopped by its owner
        refreshed.channels().stop(new Channel().setId("kept-channel").setResourceId(channel.getResourceId())).execute();
    }

    @Test
    void stateIsWrittenShortlyAfterEachChangeWithoutClosing() throws Exception {
        GoogleEmulator running = start(true);
        AdminFile file = running.admin().createFile("carol@example.com", null, "soon.txt", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8));
        Path state = dataDir.resolve("state.json");
        await(() -> Files.exists(state) && read(state).contains(file.id()));
        running.admin().rename(file.id(), "renamed-soon.txt");
        await(() -> read(state).contains("renamed-soon.txt"));

        // a copy of the directory taken while running starts an emulator with the same Drive
        Path copy = Files.createTempDirectory("emu-copy");
        Files.createDirectories(copy.resolve("blobs"));
        Files.copy(state, copy.resolve("state.json"));
        try (Stream<Path> blobs = Files.list(dataDir.resolve("blobs"))) {
            for (Path blob : blobs.toList()) {
                Files.copy(blob, copy.resolve("blobs").resolve(blob.getFileName()));
            }
        }
        try (GoogleEmulator other = GoogleEmulator.builder().port(0).dataDir(copy).build().start()) {
            assertThat(other.admin().file(file.id()).name()).isEqualTo("renamed-soon.txt");
            assertThat(other.admin().content(file.id())).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void resetIsKeptToo() throws Exception {
        GoogleEmulator running = start(true);
        AdminFile file = running.admin().createFolder("alice@example.com", null, "temp");
        running.admin().reset();
        running.close();
        GoogleEmulator next = start(true);
        assertThat(next.admin().files("alice@example.com")).extracting(AdminFile::id).doesNotContain(file.id());
    }

    @Test
    void commandLineDataDir() {
        GoogleEmulator.Builder builder = GoogleEmulatorMain.parse(new String[] {"--port", "0", "--data-dir",
            dataDir.toString(), "--client", CLIENT_ID + ":" + CLIENT_SECRET + ":" + REDIRECT});
        try (GoogleEmulator fromArgs = builder.build().start()) {
            assertThat(fromArgs.dataDir()).isEqualTo(dataDir);
            fromArgs.admin().createFolder("bob@example.com", null, "from the command line");
        }
        try (GoogleEmulator reopened = GoogleEmulatorMain.parse(new String[] {"--port", "0", "--data-dir",
            dataDir.toString()}).build().start()) {
            assertThat(reopened.admin().files("bob@example.com")).extracting(AdminFile::name).contains("from the command line");
            assertThat(reopened.admin().clients()).extracting(OAuthClient::clientId).containsExactly(CLIENT_ID);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
