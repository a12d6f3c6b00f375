package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    GoogleEmulator emu;
    TokenResponse tokens;
    Drive drive;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        drive = TestClients.drive(emu, tokens.getAccessToken());
    }

    @Test
    void nextRequestsOfARouteAnswerTheInjectedError() throws Exception {
        File folder = drive.files().create(new File().setName("f").setMimeType("application/vnd.google-apps.folder")).execute();
        emu.admin().injectFault(Fault.error("GET /drive/v3/files/{fileId}", 2, 503, "backendError"));
        for (int i = 0; i < 2; i++) {
            GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.files().get(folder.getId()).execute());
            assertThat(e.getStatusCode()).isEqualTo(503);
            assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("backendError");
        }
        assertThat(drive.files().get(folder.getId()).execute().getId()).isEqualTo(folder.getId());
        assertThat(emu.admin().faults()).isEmpty();

        emu.admin().injectFault(Fault.error("GET /drive/v3/about", 1, 403, "rateLimitExceeded"));
        GoogleJsonResponseException limited = DriveFilesTest.error(() -> drive.about().get().setFields("user").execute());
        assertThat(limited.getStatusCode()).isEqualTo(403);
        assertThat(limited.getDetails().getErrors().get(0).getReason()).isEqualTo("rateLimitExceeded");
        assertThat(limited.getDetails().getErrors().get(0).getDomain()).isEqualTo("usageLimits");
    }

    @Test
    void tooManyRequestsWithAnHtmlBody() throws Exception {
        emu.admin().injectFault(Fault.html429("GET /drive/v3/about", 1));
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "drive/v3/about?fields=user"))
                .header("Authorization", "Bearer " + tokens.getAccessToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).contains("429");
    }

    @Test
    void tokenEndpointFaultUsesTheOAuthShape() {
        emu.admin().injectFault(Fault.error("POST /token", 1, 400, "invalid_grant"));
        assertThatThrownBy(() -> TestClients.userCredentials(emu, tokens.getRefreshToken()).refreshAccessToken())
                .hasMessageContaining("invalid_grant");
    }

    @Test
    void faultsCanTargetOneAccount() throws Exception {
        emu.admin().injectFault(Fault.error("GET /drive/v3/about", 1, 500, "backendError").forAccount("bob@example.com"));
        assertThat(drive.about().get().setFields("user").execute().getUser().getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(emu.admin().faults()).hasSize(1);
    }

    @Test
    void delayedAnswer() throws Exception {
        emu.admin().injectFault(Fault.delay("GET /drive/v3/about", 1, 300));
        long t0 = System.nanoTime();
        drive.about().get().setFields("user").execute();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void perUserRateLimitFollowsTheEmulatedClock() throws Exception {
        emu.admin().rateLimit("alice@example.com", 2, Duration.ofSeconds(10));
        drive.about().get().setFields("user").execute();
        drive.about().get().setFields("user").execute();
        GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.about().get().setFields("user").execute());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("userRateLimitExceeded");
        emu.admin().advanceClock(Duration.ofSeconds(11));
        assertThat(drive.about().get().setFields("user").execute().getUser()).isNotNull();
    }

    @Test
    void droppedConnectionMidUploadKeepsWhatArrivedAndResumes() throws Exception {
        byte[] content = DriveFilesTest.random(2 * 262144);
        HttpResponse<String> init = Browser.HTTP.send(HttpRequest.newBuilder(
                        URI.create(emu.baseUrl() + "upload/drive/v3/files?uploadType=resumable&fields=id,md5Checksum"))
                .header("Authorization", "Bearer " + tokens.getAccessToken()).header("Content-Type", "application/json")
                .header("X-Upload-Content-Length", Integer.toString(content.length))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dropped.bin\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Location").orElseThrow();
        emu.admin().injectFault(Fault.dropAfter("PUT /upload/drive/v3/files", 1, 100_000));

        assertThatThrownBy(() -> Browser.HTTP.send(HttpRequest.newBuilder(URI.create(session))
                .header("Content-Range", "bytes 0-" + (content.length - 1) + "/" + content.length)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        HttpResponse<String> status = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(session))
                .header("Content-Range", "bytes */" + content.length).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(308);
        assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-99999");

        HttpResponse<String> rest = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(session))
                .header("Content-Range", "bytes 100000-" + (content.length - 1) + "/" + content.length)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, 100_000, content.length))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(rest.body()).get("md5Checksum").asText()).isEqualTo(Ids.md5Hex(content));
    }

    @Test
    void adminHttpFaults() throws Exception {
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "admin/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"route\":\"GET /drive/v3/*\",\"count\":1,\"status\":500}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(DriveFilesTest.error(() -> drive.files().get("root").execute()).getStatusCode()).isEqualTo(500);
        assertThat(drive.files().get("root").execute().getId()).isNotNull();
        assertThat(Browser.postForm(emu.baseUrl() + "admin/reset", Map.of()).statusCode()).isEqualTo(204);
    }
}
