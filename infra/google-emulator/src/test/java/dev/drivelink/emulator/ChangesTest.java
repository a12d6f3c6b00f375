package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.Change;
import com.google.api.services.drive.model.ChangeList;
import com.google.api.services.drive.model.Channel;
import com.google.api.services.drive.model.File;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

class ChangesTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT)
            .configure(b -> b.notificationRetryDelay(Duration.ofMillis(50)));

    static final String FOLDER = "application/vnd.google-apps.folder";
    GoogleEmulator emu;
    Drive drive;
    HttpServer webhook;
    final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();
    final List<Integer> bodySizes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        drive = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken());
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            bodySizes.add(exchange.getRequestBody().readAllBytes().length);
            if (failFirst.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(Map.copyOf(exchange.getRequestHeaders()));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
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
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    @Test
    void changesListPagesAndEndsWithNewStartPageToken() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        File a = drive.files().create(new File().setName("a").setMimeType(FOLDER)).execute();
        File b = drive.files().create(new File().setName("b").setMimeType(FOLDER)).execute();
        drive.files().update(a.getId(), new File().setName("a2")).execute();
        drive.files().delete(b.getId()).execute();

        List<Change> all = new ArrayList<>();
        String token = start;
        String newStart = null;
        int pages = 0;
        while (token != null) {
            ChangeList page = drive.changes().list(token).setPageSize(1).execute();
            all.addAll(page.getChanges());
            pages++;
            if (page.getNextPageToken() != null) {
                assertThat(page.getNewStartPageToken()).isNull();
            } else {
                newStart = page.getNewStartPageToken();
            }
            token = page.getNextPageToken();
        }
        assertThat(pages).isEqualTo(2);
        assertThat(newStart).isNotNull();
        assertThat(all).extracting(Change::getFileId).containsExactly(a.getId(), b.getId());
        Change renamed = all.get(0);
        assertThat(renamed.getRemoved()).isFalse();
        assertThat(renamed.getFile().getName()).isEqualTo("a2");
        assertThat(renamed.getChangeType()).isEqualTo("file");
        assertThat(renamed.getTime()).isNotNull();
        assertThat(all.get(1).getRemoved()).isTrue();
        assertThat(all.get(1).getFile()).isNull();

        // page tokens do not expire, and a fresh token has nothing new
        assertThat(drive.changes().list(newStart).execute().getChanges()).isEmpty();
        emu.admin().advanceClock(Duration.ofDays(30));
        drive = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken());
        assertThat(drive.changes().list(start).execute().getChanges()).hasSize(2);
        assertThat(drive.changes().list(start).setIncludeRemoved(false).execute().getChanges()).hasSize(1);
    }

    @Test
    void driveFileChangesOnlyShowTheAppsFiles() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        AdminFile outside = emu.admin().createFolder("alice@example.com", null, "outside");
        assertThat(drive.changes().list(start).execute().getChanges()).isEmpty();
        emu.admin().pick(outside.id(), CLIENT_ID);
        assertThat(drive.changes().list(start).execute().getChanges()).extracting(Change::getFileId).containsExactly(outside.id());
    }

    @Test
    void invalidPageTokenIs400() {
        GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.changes().list("999999").execute());
        assertThat(e.getStatusCode()).isEqualTo(400);
    }

    @Test
    void watchSendsSyncThenChangesWithGoogleHeaders() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        Channel channel = drive.changes().watch(start, new Channel().setId("chan-1").setType("web_hook")
                .setAddress(hook()).setToken("secret-token")).execute();
        assertThat(channel.getKind()).isEqualTo("api#channel");
        assertThat(channel.getResourceId()).isNotBlank();
        assertThat(channel.getExpiration()).isBetween(System.currentTimeMillis() + 3500_000L, System.currentTimeMillis() + 3700_000L);

        await(() -> received.size() == 1);
        Map<String, List<String>> sync = received.get(0);
        assertThat(header(sync, "X-Goog-Resource-State")).isEqualTo("sync");
        assertThat(header(sync, "X-Goog-Message-Number")).isEqualTo("1");
        assertThat(header(sync, "X-Goog-Channel-ID")).isEqualTo("chan-1");
        assertThat(header(sync, "X-Goog-Channel-Token")).isEqualTo("secret-token");
        assertThat(header(sync, "X-Goog-Resource-ID")).isEqualTo(channel.getResourceId());
        assertThat(header(sync, "X-Goog-Resource-URI")).contains("changes").contains("pageToken=" + start);
        assertThat(header(sync, "X-Goog-Channel-Expiration")).endsWith("GMT");

        drive.files().create(new File().setName("x").setMimeType(FOLDER)).execute();
        drive.files().create(new File().setName("y").setMimeType(FOLDER)).execute();
        await(() -> received.size() == 3);
        long previous = 1;
        for (Map<String, List<String>> n : received.subList(1, 3)) {
            assertThat(header(n, "X-Goog-Resource-State")).isEqualTo("change");
            long number = Long.parseLong(header(n, "X-Goog-Message-Number"));
            assertThat(number).isGreaterThan(previous + 1);
            previous = number;
        }
        await(() -> emu.admin().notifications().stream().allMatch(NotificationRecord::delivered));
        assertThat(emu.admin().notifications()).hasSize(3)
                .extracting(NotificationRecord::resourceState).containsExactly("sync", "change", "change");
    }

    @Test
    void failedDeliveriesAreRetried() throws Exception {
        failFirst.set(2);
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        drive.changes().watch(start, new Channel().setId("chan-retry").setType("web_hook").setAddress(hook())).execute();
        await(() -> received.size() == 1);
        await(() -> emu.admin().notifications().get(0).delivered());
        NotificationRecord record = emu.admin().notifications().get(0);
        assertThat(record.attempts()).extracting(NotificationRecord.Attempt::status).containsExactly(503, 503, 200);
        // exponential back-off: the first retry waits the base delay (50 ms here), the second about twice as long
        Duration first = Duration.between(record.attempts().get(0).at(), record.attempts().get(1).at());
        Duration second = Duration.between(record.attempts().get(1).at(), record.attempts().get(2).at());
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void notificationsHaveAnEmptyBody() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        drive.changes().watch(start, new Channel().setId("chan-body").setType("web_hook").setAddress(hook())).execute();
        drive.files().create(new File().setName("x").setMimeType(FOLDER)).execute();
        await(() -> received.size() >= 2);
        Thread.sleep(100);
        assertThat(received).hasSize(2);
        assertThat(bodySizes).containsExactly(0, 0);
        assertThat(header(received.get(1), "Content-Length")).isEqualTo("0");
    }

    @Test
    void channelsStopOnlyForTheSameUserAndClient() throws Exception {
        emu.registerClient("other-client", "other-secret", List.of(REDIRECT));
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        Channel channel = drive.changes().watch(start, new Channel().setId("chan-owned").setType("web_hook")
                .setAddress(hook())).execute();
        Channel stop = new Channel().setId("chan-owned").setResourceId(channel.getResourceId());
        // the same user through another app: 404, the channel keeps running
        Drive otherApp = TestClients.drive(emu, TestClients.connect(emu, "other-client", "other-secret",
                "alice@example.com", DRIVE_FILE).getAccessToken());
        GoogleJsonResponseException e = DriveFilesTest.error(() -> otherApp.channels().stop(stop).execute());
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("notFound");
        // a wrong resourceId: 404 too
        assertThat(DriveFilesTest.error(() -> drive.channels().stop(new Channel().setId("chan-owned")
                .setResourceId("wrong")).execute()).getStatusCode()).isEqualTo(404);
        assertThat(emu.admin().channels()).singleElement().satisfies(c -> assertThat(c.get("active")).isEqualTo(true));
        drive.channels().stop(stop).execute();
        assertThat(emu.admin().channels()).singleElement().satisfies(c -> assertThat(c.get("active")).isEqualTo(false));
        // stopping twice: 404
        assertThat(DriveFilesTest.error(() -> drive.channels().stop(stop).execute()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void adminActionsProduceChangesAndNotifications() throws Exception {
        Drive full = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com", TestClients.DRIVE).getAccessToken());
        EmulatorAdmin admin = emu.admin();
        AdminFile folder = admin.createFolder("alice@example.com", null, "user folder");
        AdminFile other = admin.createFolder("alice@example.com", null, "other folder");
        String start = full.changes().getStartPageToken().execute().getStartPageToken();
        full.changes().watch(start, new Channel().setId("chan-admin").setType("web_hook").setAddress(hook())).execute();
        await(() -> received.size() == 1);

        AdminFile doc = admin.createFile("alice@example.com", folder.id(), "doc.txt", "text/plain", new byte[] {1});
        assertThat(lastChange(full, start, doc.id()).getFile().getName()).isEqualTo("doc.txt");
        await(() -> received.size() == 2);

        assertAdminChange(full, start, () -> admin.updateContent(doc.id(), new byte[] {2, 3}), doc.id(),
                c -> assertThat(c.getFile().getSize()).isEqualTo(2L));
        assertAdminChange(full, start, () -> admin.rename(doc.id(), "renamed.txt"), doc.id(),
                c -> assertThat(c.getFile().getName()).isEqualTo("renamed.txt"));
        assertAdminChange(full, start, () -> admin.move(doc.id(), other.id()), doc.id(),
                c -> assertThat(full.files().get(doc.id()).setFields("parents").execute().getParents()).containsExactly(other.id()));
        assertAdminChange(full, start, () -> admin.trash(doc.id()), doc.id(),
                c -> assertThat(c.getFile().getName()).isEqualTo("renamed.txt"));
        assertThat(full.files().get(doc.id()).setFields("trashed").execute().getTrashed()).isTrue();
        assertAdminChange(full, start, () -> admin.untrash(doc.id()), doc.id(),
                c -> assertThat(c.getRemoved()).isFalse());
        assertAdminChange(full, start, () -> admin.delete(doc.id()), doc.id(),
                c -> assertThat(c.getRemoved()).isTrue());
        assertThat(received.subList(1, received.size())).allSatisfy(h ->
                assertThat(header(h, "X-Goog-Resource-State")).isEqualTo("change"));
    }

    interface Action {
        void run() throws Exception;
    }

    interface ChangeCheck {
        void check(Change change) throws Exception;
    }

    /** The action adds a change for the file (its newest entry in changes.list) and sends one notification. */
    private void assertAdminChange(Drive full, String start, Action action, String fileId, ChangeCheck check) throws Exception {
        int before = received.size();
        int changesBefore = full.changes().list(start).execute().getChanges().size();
        action.run();
        Change change = lastChange(full, start, fileId);
        check.check(change);
        assertThat(full.changes().list(start).execute().getChanges()).hasSize(changesBefore); // one entry per file
        await(() -> received.size() == before + 1);
    }

    private static Change lastChange(Drive full, String start, String fileId) throws Exception {
        List<Change> changes = full.changes().list(start).setFields("*").execute().getChanges();
        Change last = changes.get(changes.size() - 1);
        assertThat(last.getFileId()).isEqualTo(fileId);
        assertThat(last.getChangeType()).isEqualTo("file");
        assertThat(last.getTime()).isNotNull();
        return last;
    }

    @Test
    void nothingIsSentAfterExpirationOrStop() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        Channel expiring = drive.changes().watch(start, new Channel().setId("chan-exp").setType("web_hook").setAddress(hook())
                .setExpiration(System.currentTimeMillis() + 60_000)).execute();
        await(() -> received.size() == 1);
        emu.admin().advanceClock(Duration.ofMinutes(2));
        drive.files().create(new File().setName("late").setMimeType(FOLDER)).execute();

        Channel stopped = drive.changes().watch(drive.changes().getStartPageToken().execute().getStartPageToken(),
                new Channel().setId("chan-stop").setType("web_hook").setAddress(hook())).execute();
        await(() -> received.size() == 2);
        Drive other = TestClients.drive(emu, TestClients.connect(emu, "bob@example.com", DRIVE_FILE).getAccessToken());
        assertThat(DriveFilesTest.error(() -> other.channels().stop(new Channel().setId("chan-stop")
                .setResourceId(stopped.getResourceId())).execute()).getStatusCode()).isEqualTo(404);
        drive.channels().stop(new Channel().setId("chan-stop").setResourceId(stopped.getResourceId())).execute();
        drive.files().create(new File().setName("after stop").setMimeType(FOLDER)).execute();
        Thread.sleep(300);
        assertThat(received).hasSize(2);
        assertThat(expiring.getExpiration()).isLessThan(System.currentTimeMillis() + 120_000);
    }

    @Test
    void switchedOffNotificationsAreDroppedWhileChangesListStillHasTheChanges() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        drive.changes().watch(start, new Channel().setId("chan-lossy").setType("web_hook").setAddress(hook())).execute();
        await(() -> received.size() == 1);

        emu.admin().setNotificationsEnabled(false);
        assertThat(emu.admin().notificationsEnabled()).isFalse();
        File missed = drive.files().create(new File().setName("missed").setMimeType(FOLDER)).execute();
        AdminFile outsideTheApp = emu.admin().createFolder("alice@example.com", null, "by the user");
        emu.admin().pick(outsideTheApp.id(), CLIENT_ID);
        Thread.sleep(300);
        assertThat(received).hasSize(1); // nothing was POSTed
        assertThat(emu.admin().notifications()).hasSize(3).last().satisfies(n -> {
            assertThat(n.dropped()).isTrue();
            assertThat(n.delivered()).isFalse();
            assertThat(n.attempts()).isEmpty();
        });
        // the polling backstop's view: the changes are there
        assertThat(drive.changes().list(start).execute().getChanges()).extracting(Change::getFileId)
                .containsExactly(missed.getId(), outsideTheApp.id());

        // switched back on: the next change is notified again (the dropped ones stay lost)
        emu.admin().setNotificationsEnabled(true);
        drive.files().create(new File().setName("seen").setMimeType(FOLDER)).execute();
        await(() -> received.size() == 2);
        assertThat(header(received.get(1), "X-Goog-Resource-State")).isEqualTo("change");
        Thread.sleep(100);
        assertThat(received).hasSize(2);
    }

    @Test
    void switchingNotificationsOffAlsoEndsPendingRetries() throws Exception {
        failFirst.set(100);
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        drive.changes().watch(start, new Channel().setId("chan-retrying").setType("web_hook").setAddress(hook())).execute();
        await(() -> !emu.admin().notifications().isEmpty() && !emu.admin().notifications().get(0).attempts().isEmpty());
        emu.admin().setNotificationsEnabled(false);
        await(() -> emu.admin().notifications().get(0).dropped());
        int attempts = emu.admin().notifications().get(0).attempts().size();
        Thread.sleep(400); // several retry delays (50 ms, doubling)
        assertThat(emu.admin().notifications().get(0).attempts()).hasSize(attempts);
        emu.admin().reset();
        assertThat(emu.admin().notificationsEnabled()).isTrue();
    }

    @Test
    void expirationIsCappedAtOneWeek() throws Exception {
        String start = drive.changes().getStartPageToken().execute().getStartPageToken();
        Channel channel = drive.changes().watch(start, new Channel().setId("chan-long").setType("web_hook").setAddress(hook())
                .setExpiration(System.currentTimeMillis() + Duration.ofDays(30).toMillis())).execute();
        assertThat(channel.getExpiration()).isLessThanOrEqualTo(System.currentTimeMillis() + Duration.ofDays(7).toMillis() + 1000);
    }
}
