package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** Drive behaviours of issue 3 not covered elsewhere: resource fields, update by media/resumable, chunk rules, errors. */
class DriveConformanceTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    static final String RFC3339_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
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

    private HttpResponse<String> raw(String method, String url, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return Browser.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fileResourceCarriesTheFieldsAsGoogleSendsThem() throws Exception {
        File folder = drive.files().create(new File().setName("F").setMimeType(FOLDER)).execute();
        byte[] content = "v1".getBytes(StandardCharsets.UTF_8);
        File file = drive.files().create(new File().setName("a.txt").setParents(List.of(folder.getId())),
                new ByteArrayContent("text/plain", content)).execute();
        String fields = "id,name,mimeType,parents,size,md5Checksum,modifiedTime,createdTime,version,headRevisionId,trashed,webViewLink";
        HttpResponse<String> r = raw("GET", emu.baseUrl() + "drive/v3/files/" + file.getId() + "?fields=" + fields,
                HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.properties()).hasSize(12);
        assertThat(json.get("id").asText()).isEqualTo(file.getId()).matches("1[A-Za-z0-9_-]{32}");
        assertThat(json.get("name").asText()).isEqualTo("a.txt");
        assertThat(json.get("mimeType").asText()).isEqualTo("text/plain");
        assertThat(json.get("parents")).hasSize(1);
        assertThat(json.get("parents").get(0).asText()).isEqualTo(folder.getId());
        assertThat(json.get("size").isTextual()).isTrue(); // int64 as a string
        assertThat(json.get("size").asText()).isEqualTo("2");
        assertThat(json.get("md5Checksum").asText()).isEqualTo(Ids.md5Hex(content)).matches("[0-9a-f]{32}");
        assertThat(json.get("modifiedTime").asText()).matches(RFC3339_MILLIS);
        assertThat(json.get("createdTime").asText()).matches(RFC3339_MILLIS);
        assertThat(json.get("version").isTextual()).isTrue();
        assertThat(json.get("headRevisionId").asText()).isNotBlank();
        assertThat(json.get("trashed").isBoolean()).isTrue();
        assertThat(json.get("trashed").asBoolean()).isFalse();
        assertThat(json.get("webViewLink").asText()).isEqualTo("https://drive.google.com/file/d/" + file.getId() + "/view?usp=drivesdk");

        // a new revision: new modifiedTime, md5, headRevisionId and version; createdTime stays
        File before = drive.files().get(file.getId()).setFields(fields).execute();
        emu.admin().advanceClock(Duration.ofSeconds(5));
        byte[] v2 = "version two".getBytes(StandardCharsets.UTF_8);
        File after = drive.files().update(file.getId(), new File(), new ByteArrayContent("text/plain", v2)).setFields(fields).execute();
        assertThat(after.getModifiedTime().getValue()).isGreaterThan(before.getModifiedTime().getValue());
        assertThat(after.getCreatedTime()).isEqualTo(before.getCreatedTime());
        assertThat(after.getVersion()).isGreaterThan(before.getVersion());
        assertThat(after.getHeadRevisionId()).isNotEqualTo(before.getHeadRevisionId());
        assertThat(after.getMd5Checksum()).isEqualTo(Ids.md5Hex(v2));
        assertThat(after.getSize()).isEqualTo(v2.length);
    }

    @Test
    void filesUpdateWithUploadTypeMedia() throws Exception {
        File file = drive.files().create(new File().setName("m.txt"), new ByteArrayContent("text/plain", new byte[] {1}))
                .setFields("id,version").execute();
        HttpResponse<String> r = raw("PATCH", emu.baseUrl() + "upload/drive/v3/files/" + file.getId()
                        + "?uploadType=media&fields=name,size,md5Checksum,version",
                HttpRequest.BodyPublishers.ofString("new body"), "Authorization", "Bearer " + token, "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertThat(json.get("name").asText()).isEqualTo("m.txt");
        assertThat(json.get("md5Checksum").asText()).isEqualTo(Ids.md5Hex("new body".getBytes(StandardCharsets.UTF_8)));
        assertThat(json.get("version").asLong()).isGreaterThan(file.getVersion());
        // POST + X-HTTP-Method-Override: PATCH (what NetHttpTransport sends) is the same call
        HttpResponse<String> overridden = raw("POST", emu.baseUrl() + "upload/drive/v3/files/" + file.getId()
                        + "?uploadType=media&fields=size",
                HttpRequest.BodyPublishers.ofString("xyz"), "Authorization", "Bearer " + token, "Content-Type", "text/plain",
                "X-HTTP-Method-Override", "PATCH");
        assertThat(Json.MAPPER.readTree(overridden.body()).get("size").asText()).isEqualTo("3");
    }

    @Test
    void filesUpdateWithAResumableUploadAndMetadata() throws Exception {
        File a = drive.files().create(new File().setName("A").setMimeType(FOLDER)).execute();
        File b = drive.files().create(new File().setName("B").setMimeType(FOLDER)).execute();
        File file = drive.files().create(new File().setName("r.bin").setParents(List.of(a.getId())),
                new ByteArrayContent("application/octet-stream", new byte[] {1})).setFields("id,version").execute();
        byte[] content = DriveFilesTest.random(262144 + 10);
        HttpResponse<String> init = raw("PATCH", emu.baseUrl() + "upload/drive/v3/files/" + file.getId()
                        + "?uploadType=resumable&addParents=" + b.getId() + "&removeParents=" + a.getId()
                        + "&fields=name,parents,md5Checksum,version",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"r2.bin\"}"), "Authorization", "Bearer " + token,
                "Content-Type", "application/json", "X-Upload-Content-Length", Integer.toString(content.length));
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> first = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(content, 262144)),
                "Content-Range", "bytes 0-262143/" + content.length);
        assertThat(first.statusCode()).isEqualTo(308);
        assertThat(emu.admin().file(file.getId()).name()).isEqualTo("r.bin"); // nothing changes before the last byte
        HttpResponse<String> last = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 262144, content.length)),
                "Content-Range", "bytes 262144-" + (content.length - 1) + "/" + content.length);
        assertThat(last.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(last.body());
        assertThat(json.get("name").asText()).isEqualTo("r2.bin");
        assertThat(json.get("parents").get(0).asText()).isEqualTo(b.getId());
        assertThat(json.get("md5Checksum").asText()).isEqualTo(Ids.md5Hex(content));
        assertThat(json.get("version").asLong()).isGreaterThan(file.getVersion());
    }

    @Test
    void aNonFinalChunkThatIsNotAMultipleOf256KiBKeepsOnlyWholeUnits() throws Exception {
        byte[] content = DriveFilesTest.random(3 * 262144);
        HttpResponse<String> init = raw("POST", emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable&fields=md5Checksum",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"units.bin\"}"), "Authorization", "Bearer " + token,
                "Content-Type", "application/json");
        String session = init.headers().firstValue("Location").orElseThrow();
        // 300,000 bytes, not the last chunk: the server keeps 262,144 and says so in Range
        HttpResponse<String> odd = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(content, 300_000)),
                "Content-Range", "bytes 0-299999/" + content.length);
        assertThat(odd.statusCode()).isEqualTo(308);
        assertThat(odd.headers().firstValue("Range")).hasValue("bytes=0-262143");
        // under 256 KiB and not the last: refused as Google does
        HttpResponse<String> small = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 262144, 262144 + 1024)),
                "Content-Range", "bytes 262144-263167/" + content.length);
        assertThat(small.statusCode()).isEqualTo(400);
        assertThat(small.body()).contains("262144");
        HttpResponse<String> rest = raw("PUT", session, HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 262144, content.length)),
                "Content-Range", "bytes 262144-" + (content.length - 1) + "/" + content.length);
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(rest.body()).get("md5Checksum").asText()).isEqualTo(Ids.md5Hex(content));
    }

    @Test
    void trashAndUntrashThroughTrashedTakeAFoldersContentAlong() throws Exception {
        File folder = drive.files().create(new File().setName("box").setMimeType(FOLDER)).execute();
        File inner = drive.files().create(new File().setName("inner.txt").setParents(List.of(folder.getId())),
                new ByteArrayContent("text/plain", new byte[] {1})).execute();
        File trashed = drive.files().update(folder.getId(), new File().setTrashed(true))
                .setFields("trashed,explicitlyTrashed,trashedTime").execute();
        assertThat(trashed.getTrashed()).isTrue();
        assertThat(trashed.getExplicitlyTrashed()).isTrue();
        assertThat(trashed.getTrashedTime()).isNotNull();
        File child = drive.files().get(inner.getId()).setFields("trashed,explicitlyTrashed").execute();
        assertThat(child.getTrashed()).isTrue();
        assertThat(child.getExplicitlyTrashed()).isFalse();
        assertThat(drive.files().list().setQ("trashed = false").execute().getFiles()).isEmpty();
        assertThat(drive.files().list().setQ("trashed = true").execute().getFiles()).hasSize(2);
        // still there, still downloadable while trashed (Drive keeps trash for 30 days)
        assertThat(drive.files().get(inner.getId()).execute().getId()).isEqualTo(inner.getId());

        drive.files().update(folder.getId(), new File().setTrashed(false)).execute();
        assertThat(drive.files().list().setQ("trashed = false").execute().getFiles()).hasSize(2);
    }

    @Test
    void tooManyRequestsAsJsonWithRetryAfter() throws Exception {
        emu.admin().injectFault(Fault.error("GET /drive/v3/files", 1, 429, "rateLimitExceeded"));
        HttpResponse<String> r = raw("GET", emu.baseUrl() + "drive/v3/files", HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.at("/error/code").asInt()).isEqualTo(429);
        assertThat(body.at("/error/errors/0/reason").asText()).isEqualTo("rateLimitExceeded");
        assertThat(body.at("/error/errors/0/domain").asText()).isEqualTo("usageLimits");
        assertThat(body.at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void backendErrorIsA5xxInGooglesShape() throws Exception {
        emu.admin().injectFault(Fault.error("GET /drive/v3/files/{fileId}", 1, 500, null));
        HttpResponse<String> r = raw("GET", emu.baseUrl() + "drive/v3/files/root", HttpRequest.BodyPublishers.noBody(),
                "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.at("/error/errors/0/reason").asText()).isEqualTo("backendError");
        assertThat(body.at("/error/message").asText()).isEqualTo("Backend Error");
    }

    @Test
    void storageQuotaExceededOnEveryKindOfUpload() throws Exception {
        File small = drive.files().create(new File().setName("s.txt"), new ByteArrayContent("text/plain", new byte[10])).execute();
        emu.admin().setStorageQuota("alice@example.com", 50);
        // resumable: refused at initiation when the declared length does not fit
        HttpResponse<String> init = raw("POST", emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"big\"}"), "Authorization", "Bearer " + token,
                "Content-Type", "application/json", "X-Upload-Content-Length", "100");
        assertThat(init.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(init.body()).at("/error/errors/0/reason").asText()).isEqualTo("storageQuotaExceeded");
        // an update that grows the file beyond the quota
        GoogleJsonResponseException e = DriveFilesTest.error(() -> {
            Drive.Files.Update update = drive.files().update(small.getId(), new File(), new ByteArrayContent("text/plain", new byte[60]));
            update.getMediaHttpUploader().setDirectUploadEnabled(true);
            update.execute();
        });
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("storageQuotaExceeded");
        assertThat(emu.admin().file(small.getId()).size()).isEqualTo(10L);
    }
}
