package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** files.create with media (multipart, media, resumable), generateIds, alt=media with Range, update, delete. */
class DriveFilesTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    GoogleEmulator emu;
    String token;
    Drive drive;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        token = TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken();
        drive = TestClients.drive(emu, token);
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static GoogleJsonResponseException error(DriveBasicsTest.ThrowingCall call) {
        try {
            call.run();
        } catch (GoogleJsonResponseException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a Google error, got " + e, e);
        }
        throw new AssertionError("expected a Google error");
    }

    private byte[] download(String fileId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drive.files().get(fileId).executeMediaAndDownloadTo(out);
        return out.toByteArray();
    }

    private HttpResponse<byte[]> raw(String method, String url, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return Browser.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void multipartUploadThroughTheClient() throws Exception {
        byte[] content = "hello, multipart".getBytes(StandardCharsets.UTF_8);
        Drive.Files.Create create = drive.files().create(new File().setName("hello.txt"),
                new ByteArrayContent("text/plain", content));
        create.getMediaHttpUploader().setDirectUploadEnabled(true);
        File file = create.setFields("id,name,mimeType,size,md5Checksum,headRevisionId,originalFilename").execute();
        assertThat(file.getMimeType()).isEqualTo("text/plain");
        assertThat(file.getSize()).isEqualTo(content.length);
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(file.getOriginalFilename()).isEqualTo("hello.txt");
        assertThat(download(file.getId())).isEqualTo(content);
        assertThat(emu.admin().requestCount("POST /upload/drive/v3/files")).isEqualTo(1);
    }

    @Test
    void resumableUploadThroughTheClientInChunks() throws Exception {
        byte[] content = random(3 * 262144 + 12345);
        Drive.Files.Create create = drive.files().create(new File().setName("big.bin"),
                new ByteArrayContent("application/octet-stream", content));
        create.getMediaHttpUploader().setChunkSize(MediaHttpUploader.MINIMUM_CHUNK_SIZE);
        File file = create.setFields("id,size,md5Checksum").execute();
        assertThat(file.getSize()).isEqualTo(content.length);
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(emu.admin().content(file.getId())).isEqualTo(content);
        assertThat(emu.admin().requestCount("PUT /upload/drive/v3/files")).isEqualTo(4);
        assertThat(download(file.getId())).isEqualTo(content);
    }

    @Test
    void resumableProtocolDetails() throws Exception {
        byte[] content = random(2 * 262144 + 100);
        HttpResponse<byte[]> init = raw("POST", emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable&fields=id,name,size",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"r.bin\"}"),
                "Authorization", "Bearer " + token, "Content-Type", "application/json; charset=UTF-8",
                "X-Upload-Content-Type", "application/zip", "X-Upload-Content-Length", Integer.toString(content.length));
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Location").orElseThrow();
        assertThat(session).startsWith(emu.baseUrl() + "upload/drive/v3/files?").contains("upload_id=");

        // nothing yet: 308 without Range
        HttpResponse<byte[]> status0 = raw("PUT", session, HttpRequest.BodyPublishers.noBody(),
                "Content-Range", "bytes */" + content.length);
        assertThat(status0.statusCode()).isEqualTo(308);
        assertThat(status0.headers().firstValue("Range")).isEmpty();

        HttpResponse<byte[]> first = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(content, 262144)),
                "Content-Range", "bytes 0-262143/" + content.length);
        assertThat(first.statusCode()).isEqualTo(308);
        assertThat(first.headers().firstValue("Range")).hasValue("bytes=0-262143");

        // a non-final chunk smaller than 256 KiB is refused
        HttpResponse<byte[]> tooSmall = raw("PUT", session,
                HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 262144, 262144 + 1000)),
                "Content-Range", "bytes 262144-263143/" + content.length);
        assertThat(tooSmall.statusCode()).isEqualTo(400);

        // a gap is refused
        HttpResponse<byte[]> gap = raw("PUT", session,
                HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 300000, content.length)),
                "Content-Range", "bytes 300000-" + (content.length - 1) + "/" + content.length);
        assertThat(gap.statusCode()).isEqualTo(400);

        HttpResponse<byte[]> status = raw("PUT", session, HttpRequest.BodyPublishers.noBody(),
                "Content-Range", "bytes */" + content.length);
        assertThat(status.statusCode()).isEqualTo(308);
        assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-262143");

        HttpResponse<byte[]> last = raw("PUT", session,
                HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 262144, content.length)),
                "Content-Range", "bytes 262144-" + (content.length - 1) + "/" + content.length);
        assertThat(last.statusCode()).isEqualTo(200);
        var json = Json.MAPPER.readTree(last.body());
        assertThat(json.get("name").asText()).isEqualTo("r.bin");
        assertThat(json.get("size").asText()).isEqualTo(Integer.toString(content.length));
        assertThat(emu.admin().file(json.get("id").asText()).mimeType()).isEqualTo("application/zip");

        // asking again after completion gives the file again
        HttpResponse<byte[]> after = raw("PUT", session, HttpRequest.BodyPublishers.noBody(), "Content-Range", "bytes */" + content.length);
        assertThat(after.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> unknown = raw("PUT", emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable&upload_id=nope",
                HttpRequest.BodyPublishers.ofByteArray(new byte[10]), "Content-Range", "bytes 0-9/10");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void resumableSessionExpiresAfterAWeek() throws Exception {
        HttpResponse<byte[]> init = raw("POST", emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"),
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        String session = init.headers().firstValue("Location").orElseThrow();
        emu.admin().advanceClock(java.time.Duration.ofDays(8));
        HttpResponse<byte[]> put = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(new byte[5]), "Content-Range", "bytes 0-4/5");
        assertThat(put.statusCode()).isEqualTo(404);
    }

    @Test
    void mediaUploadUsesContentTypeAndUntitledName() throws Exception {
        HttpResponse<byte[]> r = raw("POST", emu.baseUrl() + "upload/drive/v3/files?uploadType=media&fields=id,name,mimeType,size",
                HttpRequest.BodyPublishers.ofString("plain body"),
                "Authorization", "Bearer " + token, "Content-Type", "text/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        var json = Json.MAPPER.readTree(r.body());
        assertThat(json.get("name").asText()).isEqualTo("Untitled");
        assertThat(json.get("mimeType").asText()).isEqualTo("text/csv");
        assertThat(json.get("size").asText()).isEqualTo("10");
    }

    @Test
    void generatedIdsAreUsableOnceThen409() throws Exception {
        List<String> ids = drive.files().generateIds().setCount(3).execute().getIds();
        assertThat(ids).hasSize(3).allSatisfy(id -> assertThat(id).matches("1[A-Za-z0-9_-]{32}"));
        File created = drive.files().create(new File().setId(ids.get(0)).setName("x").setMimeType(FOLDER)).execute();
        assertThat(created.getId()).isEqualTo(ids.get(0));
        GoogleJsonResponseException again = error(() ->
                drive.files().create(new File().setId(ids.get(0)).setName("y").setMimeType(FOLDER)).execute());
        assertThat(again.getStatusCode()).isEqualTo(409);
        GoogleJsonResponseException invented = error(() ->
                drive.files().create(new File().setId("1inventedinventedinventedinvented").setName("z")).execute());
        assertThat(invented.getStatusCode()).isEqualTo(400);
    }

    @Test
    void downloadWithRange() throws Exception {
        byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
        File file = drive.files().create(new File().setName("d.txt"), new ByteArrayContent("text/plain", content)).execute();
        String url = emu.baseUrl() + "drive/v3/files/" + file.getId() + "?alt=media";
        HttpResponse<byte[]> part = raw("GET", url, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token, "Range", "bytes=2-5");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(new String(part.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
        HttpResponse<byte[]> suffix = raw("GET", url, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token, "Range", "bytes=-3");
        assertThat(new String(suffix.body(), StandardCharsets.US_ASCII)).isEqualTo("789");
        HttpResponse<byte[]> open = raw("GET", url, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token, "Range", "bytes=7-");
        assertThat(new String(open.body(), StandardCharsets.US_ASCII)).isEqualTo("789");
        HttpResponse<byte[]> beyond = raw("GET", url, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token, "Range", "bytes=10-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */10");
        HttpResponse<byte[]> whole = raw("GET", url, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
    }

    @Test
    void updateMetadataParentsAndTrash() throws Exception {
        File a = drive.files().create(new File().setName("A").setMimeType(FOLDER)).execute();
        File b = drive.files().create(new File().setName("B").setMimeType(FOLDER)).execute();
        File doc = drive.files().create(new File().setName("doc.txt").setParents(List.of(a.getId())),
                new ByteArrayContent("text/plain", "v1".getBytes(StandardCharsets.UTF_8))).setFields("id,version").execute();

        File renamed = drive.files().update(doc.getId(), new File().setName("renamed.txt").setDescription("d"))
                .setAddParents(b.getId()).setRemoveParents(a.getId()).setFields("name,parents,description,version").execute();
        assertThat(renamed.getName()).isEqualTo("renamed.txt");
        assertThat(renamed.getParents()).containsExactly(b.getId());
        assertThat(renamed.getVersion()).isGreaterThan(doc.getVersion());

        File trashed = drive.files().update(doc.getId(), new File().setTrashed(true)).setFields("trashed").execute();
        assertThat(trashed.getTrashed()).isTrue();
        assertThat(drive.files().update(doc.getId(), new File().setTrashed(false)).setFields("trashed").execute().getTrashed()).isFalse();

        GoogleJsonResponseException parentsInBody = error(() ->
                drive.files().update(doc.getId(), new File().setParents(List.of(a.getId()))).execute());
        assertThat(parentsInBody.getStatusCode()).isEqualTo(403);
        assertThat(parentsInBody.getDetails().getErrors().get(0).getReason()).isEqualTo("fieldNotWritable");
    }

    @Test
    void updateContentThroughTheClient() throws Exception {
        File doc = drive.files().create(new File().setName("doc.txt"),
                new ByteArrayContent("text/plain", "v1".getBytes(StandardCharsets.UTF_8))).setFields("id,md5Checksum,headRevisionId,version").execute();
        byte[] v2 = random(300_000);
        Drive.Files.Update update = drive.files().update(doc.getId(), new File(), new ByteArrayContent("text/plain", v2));
        update.getMediaHttpUploader().setChunkSize(MediaHttpUploader.MINIMUM_CHUNK_SIZE);
        File updated = update.setFields("id,md5Checksum,size,headRevisionId,version").execute();
        assertThat(updated.getMd5Checksum()).isEqualTo(Ids.md5Hex(v2)).isNotEqualTo(doc.getMd5Checksum());
        assertThat(updated.getHeadRevisionId()).isNotEqualTo(doc.getHeadRevisionId());
        assertThat(updated.getVersion()).isGreaterThan(doc.getVersion());
        assertThat(download(doc.getId())).isEqualTo(v2);

        Drive.Files.Update direct = drive.files().update(doc.getId(), new File().setName("v3.txt"),
                new ByteArrayContent("text/plain", "v3".getBytes(StandardCharsets.UTF_8)));
        direct.getMediaHttpUploader().setDirectUploadEnabled(true);
        assertThat(direct.setFields("name,size").execute().getName()).isEqualTo("v3.txt");
        assertThat(new String(download(doc.getId()), StandardCharsets.UTF_8)).isEqualTo("v3");
    }

    @Test
    void deleteRemovesFolderAndContent() throws Exception {
        File folder = drive.files().create(new File().setName("F").setMimeType(FOLDER)).execute();
        File inner = drive.files().create(new File().setName("in").setParents(List.of(folder.getId())),
                new ByteArrayContent("text/plain", new byte[] {1})).execute();
        drive.files().delete(folder.getId()).execute();
        assertThat(error(() -> drive.files().get(folder.getId()).execute()).getStatusCode()).isEqualTo(404);
        assertThat(error(() -> drive.files().get(inner.getId()).execute()).getStatusCode()).isEqualTo(404);

        AdminFile notMine = emu.admin().createFolder("alice@example.com", null, "user's own");
        assertThat(error(() -> drive.files().delete(notMine.id()).execute()).getStatusCode()).isEqualTo(404);
        assertThat(emu.admin().file(notMine.id()).name()).isEqualTo("user's own");
    }

    @Test
    void storageQuotaExceeded() throws Exception {
        emu.admin().setStorageQuota("alice@example.com", 100);
        GoogleJsonResponseException e = error(() -> {
            Drive.Files.Create create = drive.files().create(new File().setName("big"), new ByteArrayContent("text/plain", new byte[101]));
            create.getMediaHttpUploader().setDirectUploadEnabled(true);
            create.execute();
        });
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("storageQuotaExceeded");
        assertThat(drive.about().get().setFields("storageQuota").execute().getStorageQuota().getLimit()).isEqualTo(100L);
    }
}
