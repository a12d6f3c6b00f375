package dev.drivelink.emulator;

import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.Change;
import com.google.api.services.drive.model.ChangeList;
import com.google.api.services.drive.model.File;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.UserCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many real clients at once: 16 threads (each its own grant, spread over three accounts) x 50 operations (creates
 * by multipart and resumable upload, content updates, renames, updates of one file every thread of an account
 * shares, files.list, changes.list, token refreshes). No update may be lost: every created file exists exactly once
 * with its last content, versions rise strictly per file, the changes feed names every file, request counts add up.
 */
class ConcurrencyTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final int THREADS = 16;
    static final int OPS = 50;
    static final List<String> ACCOUNTS = List.of("alice@example.com", "bob@example.com", "carol@example.com");

    /** What one thread knows about the files it made. */
    static final class Mine {
        final Map<String, byte[]> content = new LinkedHashMap<>();
        final Map<String, String> name = new LinkedHashMap<>();
        final Map<String, List<Long>> versions = new LinkedHashMap<>();
    }

    /** One answer to an update of a shared file: the version it reported and the content it wrote. */
    record SharedWrite(long version, String md5) {
    }

    @Test
    void manyClientsAtOnceLoseNothing() throws Exception {
        GoogleEmulator emu = google.emulator();
        emu.admin().reset();

        // one grant per thread; one shared file per account that every thread of that account updates
        List<TokenResponse> tokens = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tokens.add(TestClients.connect(emu, ACCOUNTS.get(t % 3), DRIVE_FILE));
        }
        Map<String, File> shared = new HashMap<>();
        Map<String, String> startTokens = new HashMap<>();
        for (int a = 0; a < 3; a++) {
            Drive d = TestClients.drive(emu, tokens.get(a).getAccessToken());
            startTokens.put(ACCOUNTS.get(a), d.changes().getStartPageToken().execute().getStartPageToken());
            shared.put(ACCOUNTS.get(a), d.files().create(new File().setName("shared-" + a),
                    new ByteArrayContent("text/plain", new byte[] {0})).setFields("id,version").execute());
        }
        emu.admin().resetRequestCounts();

        Map<String, List<SharedWrite>> sharedWrites = new ConcurrentHashMap<>();
        ACCOUNTS.forEach(a -> sharedWrites.put(a, Collections.synchronizedList(new ArrayList<>())));
        Map<String, AtomicLong> expectedCounts = new ConcurrentHashMap<>();
        List<Mine> mine = new ArrayList<>();
        int[] refreshes = new int[THREADS];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Mine m = new Mine();
            mine.add(m);
            String account = ACCOUNTS.get(t % 3);
            UserCredentials credentials = TestClients.userCredentials(emu, tokens.get(t).getRefreshToken()).toBuilder()
                    .setAccessToken(new AccessToken(tokens.get(t).getAccessToken(),
                            new Date(System.currentTimeMillis() + 3_000_000))).build();
            Drive drive = TestClients.drive(emu, credentials);
            futures.add(pool.submit(() -> {
                go.await();
                Random random = new Random(thread);
                for (int k = 0; k < OPS; k++) {
                    List<String> own = new ArrayList<>(m.content.keySet());
                    switch (k % 10) {
                        case 0, 5 -> { // create with content: multipart, or resumable (initiation + one PUT)
                            byte[] content = ("t" + thread + " op" + k + " v0 " + random.nextLong()).getBytes(StandardCharsets.UTF_8);
                            Drive.Files.Create create = drive.files().create(new File().setName("t" + thread + "-n" + k),
                                    new ByteArrayContent("text/plain", content));
                            create.getMediaHttpUploader().setDirectUploadEnabled(k % 10 == 0);
                            File f = create.setFields("id,name,version,md5Checksum").execute();
                            assertThat(f.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
                            m.content.put(f.getId(), content);
                            m.name.put(f.getId(), f.getName());
                            m.versions.computeIfAbsent(f.getId(), x -> new ArrayList<>()).add(f.getVersion());
                            count(expectedCounts, "POST /upload/drive/v3/files");
                            if (k % 10 == 5) {
                                count(expectedCounts, "PUT /upload/drive/v3/files");
                            }
                        }
                        case 1, 6 -> { // new content for one of its files
                            String id = own.get(random.nextInt(own.size()));
                            byte[] content = ("t" + thread + " op" + k + " " + random.nextLong()).getBytes(StandardCharsets.UTF_8);
                            Drive.Files.Update update = drive.files().update(id, new File(), new ByteArrayContent("text/plain", content));
                            update.getMediaHttpUploader().setDirectUploadEnabled(true);
                            File f = update.setFields("id,version,md5Checksum").execute();
                            assertThat(f.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
                            m.content.put(id, content);
                            m.versions.get(id).add(f.getVersion());
                            count(expectedCounts, "PATCH /upload/drive/v3/files/{fileId}");
                        }
                        case 2 -> { // rename
                            String id = own.get(random.nextInt(own.size()));
                            String name = "t" + thread + "-renamed-" + k;
                            File f = drive.files().update(id, new File().setName(name)).setFields("id,name,version").execute();
                            assertThat(f.getName()).isEqualTo(name);
                            m.name.put(id, name);
                            m.versions.get(id).add(f.getVersion());
                            count(expectedCounts, "PATCH /drive/v3/files/{fileId}");
                        }
                        case 3 -> { // list its account's app files
                            List<File> files = drive.files().list().setQ("trashed = false").setPageSize(1000)
                                    .setFields("files(id,name)").execute().getFiles();
                            assertThat(files).extracting(File::getId).containsAll(own);
                            count(expectedCounts, "GET /drive/v3/files");
                        }
                        case 4 -> { // a refresh of this thread's own grant
                            credentials.refresh();
                            refreshes[thread]++;
                            count(expectedCounts, "POST /token");
                        }
                        case 7, 9 -> { // everyone of the account writes the same file
                            byte[] content = ("shared by t" + thread + " op" + k).getBytes(StandardCharsets.UTF_8);
                            Drive.Files.Update update = drive.files().update(shared.get(account).getId(),
                                    new File().setDescription("t" + thread), new ByteArrayContent("text/plain", content));
                            update.getMediaHttpUploader().setDirectUploadEnabled(true);
                            File f = update.setFields("version,md5Checksum").execute();
                            assertThat(f.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
                            sharedWrites.get(account).add(new SharedWrite(f.getVersion(), f.getMd5Checksum()));
                            count(expectedCounts, "PATCH /upload/drive/v3/files/{fileId}");
                        }
                        case 8 -> { // read the changes feed while others write
                            ChangeList changes = drive.changes().list(startTokens.get(account)).setPageSize(1000).execute();
                            assertThat(changes.getChanges()).isNotEmpty();
                            count(expectedCounts, "GET /drive/v3/changes");
                        }
                        default -> throw new IllegalStateException();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Map<String, Long> counts = emu.admin().requestCounts(); // before the checks below add their own requests

        // request counts add up
        expectedCounts.forEach((route, n) -> assertThat(counts.get(route)).as(route).isEqualTo(n.get()));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expectedCounts.keySet());
        // one request per operation, plus the chunk PUT of each resumable create
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) THREADS * OPS + THREADS * OPS / 10);

        // each grant saw exactly its own refreshes (grants are listed in the order they were made)
        for (int a = 0; a < 3; a++) {
            List<GrantInfo> grants = emu.admin().grants(CLIENT_ID, ACCOUNTS.get(a));
            for (int t = a, j = 0; t < THREADS; t += 3, j++) {
                assertThat(grants.get(j).refreshes()).as("refreshes of thread " + t).isEqualTo(refreshes[t]);
                assertThat(grants.get(j).accessTokensIssued()).isEqualTo(1 + refreshes[t]);
                assertThat(grants.get(j).revoked()).isFalse();
            }
        }

        // every created file exists exactly once, with its last name and content
        Map<String, Integer> seen = new HashMap<>();
        for (String account : ACCOUNTS) {
            for (AdminFile f : emu.admin().files(account)) {
                seen.merge(f.id(), 1, Integer::sum);
            }
        }
        int created = 0;
        for (Mine m : mine) {
            for (Map.Entry<String, byte[]> e : m.content.entrySet()) {
                created++;
                assertThat(seen.get(e.getKey())).as("copies of " + e.getKey()).isEqualTo(1);
                AdminFile f = emu.admin().file(e.getKey());
                assertThat(f.name()).isEqualTo(m.name.get(e.getKey()));
                assertThat(f.md5Checksum()).isEqualTo(Ids.md5Hex(e.getValue()));
                assertThat(emu.admin().content(e.getKey())).isEqualTo(e.getValue());
                // versions rise strictly per file, and the last one seen is the file's version now
                List<Long> versions = m.versions.get(e.getKey());
                for (int i = 1; i < versions.size(); i++) {
                    assertThat(versions.get(i)).isGreaterThan(versions.get(i - 1));
                }
                assertThat(f.version()).isEqualTo(versions.get(versions.size() - 1));
            }
        }
        assertThat(created).isEqualTo(THREADS * OPS / 5);
        int total = 0;
        for (String account : ACCOUNTS) {
            total += emu.admin().files(account).size();
        }
        assertThat(total).isEqualTo(created + 3 /* shared */ + 3 /* roots */);

        // concurrent writes of one file: each answer got its own version, and the last writer's content won
        for (String account : ACCOUNTS) {
            List<SharedWrite> writes = new ArrayList<>(sharedWrites.get(account));
            long before = shared.get(account).getVersion();
            assertThat(writes).extracting(SharedWrite::version).doesNotHaveDuplicates().allMatch(v -> v > before);
            SharedWrite last = writes.stream().max((a, b) -> Long.compare(a.version(), b.version())).orElseThrow();
            AdminFile now = emu.admin().file(shared.get(account).getId());
            assertThat(now.version()).isEqualTo(last.version());
            assertThat(now.md5Checksum()).isEqualTo(last.md5());
        }

        // the changes feed of each account names every file once
        for (int a = 0; a < 3; a++) {
            String account = ACCOUNTS.get(a);
            Drive d = TestClients.drive(emu, TestClients.connect(emu, account, DRIVE_FILE).getAccessToken());
            List<String> fileIds = new ArrayList<>();
            String page = startTokens.get(account);
            while (page != null) {
                ChangeList list = d.changes().list(page).setPageSize(37).execute();
                list.getChanges().stream().map(Change::getFileId).forEach(fileIds::add);
                page = list.getNextPageToken();
            }
            assertThat(fileIds).doesNotHaveDuplicates();
            List<String> expected = new ArrayList<>();
            expected.add(shared.get(account).getId());
            for (int t = a; t < THREADS; t += 3) {
                expected.addAll(mine.get(t).content.keySet());
            }
            assertThat(fileIds).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void count(Map<String, AtomicLong> counts, String route) {
        counts.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
    }
}
