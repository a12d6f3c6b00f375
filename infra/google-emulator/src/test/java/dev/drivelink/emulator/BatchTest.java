package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /batch/drive/v3: through the official Java client's BatchRequest, and on the wire. */
class BatchTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final String FOLDER = "application/vnd.google-apps.folder";
    static final String MISSING = "1" + "x".repeat(32);
    GoogleEmulator emu;
    String token;
    Drive drive;
    File a;
    File b;
    File c;
    File folder;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        token = TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken();
        drive = TestClients.drive(emu, token);
        a = drive.files().create(new File().setName("a.txt"), new ByteArrayContent("text/plain", new byte[] {1})).execute();
        b = drive.files().create(new File().setName("b.txt"), new ByteArrayContent("text/plain", new byte[] {2})).execute();
        c = drive.files().create(new File().setName("c.txt"), new ByteArrayContent("text/plain", new byte[] {3})).execute();
        folder = drive.files().create(new File().setName("F").setMimeType(FOLDER)).execute();
    }

    /** What each callback was told, in the order the callbacks ran. */
    final Map<String, Object> answers = new LinkedHashMap<>();

    private JsonBatchCallback<File> callback(String label) {
        return new JsonBatchCallback<>() {
            @Override
            public void onSuccess(File file, HttpHeaders headers) {
                answers.put(label, file);
            }

            @Override
            public void onFailure(GoogleJsonError error, HttpHeaders headers) {
                answers.put(label, error);
            }
        };
    }

    @Test
    void theJavaClientsBatchRequestGetsEachAnswerInItsCallback() throws Exception {
        emu.admin().resetRequestCounts();
        BatchRequest batch = drive.batch();
        assertThat(batch.getBatchUrl().build()).isEqualTo(emu.baseUrl() + "batch/drive/v3");
        drive.files().get(a.getId()).setFields("id,name").queue(batch, callback("get a"));
        drive.files().update(b.getId(), new File().setName("b renamed")).setFields("id,name").queue(batch, callback("rename b"));
        drive.files().get(MISSING).queue(batch, callback("get missing"));
        drive.files().update(c.getId(), new File().setStarred(true)).setAddParents(folder.getId())
                .setFields("id,starred,parents").queue(batch, callback("star and move c"));
        drive.files().get(c.getId()).setFields("id,starred,parents").queue(batch, callback("get c"));
        batch.execute();

        assertThat(answers.keySet()).containsExactly("get a", "rename b", "get missing", "star and move c", "get c");
        assertThat(((File) answers.get("get a")).getName()).isEqualTo("a.txt");
        assertThat(((File) answers.get("get a")).getId()).isEqualTo(a.getId());
        assertThat(((File) answers.get("rename b")).getName()).isEqualTo("b renamed");
        GoogleJsonError missing = (GoogleJsonError) answers.get("get missing");
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(missing.getErrors().get(0).getReason()).isEqualTo("notFound");
        assertThat(missing.getMessage()).isEqualTo("File not found: " + MISSING + ".");
        assertThat(((File) answers.get("star and move c")).getParents()).containsExactly(folder.getId());
        File cAfter = (File) answers.get("get c"); // calls run in order: the update came first
        assertThat(cAfter.getStarred()).isTrue();
        assertThat(cAfter.getParents()).containsExactly(folder.getId());

        // the calls really happened, and count as the direct calls they stand for
        assertThat(emu.admin().file(b.getId()).name()).isEqualTo("b renamed");
        assertThat(emu.admin().requestCounts()).containsEntry("POST /batch/drive/v3", 1L)
                .containsEntry("GET /drive/v3/files/{fileId}", 3L)
                .containsEntry("PATCH /drive/v3/files/{fileId}", 2L);
    }

    @Test
    void injectedFaultsHitTheInnerCallsAsTheyWouldDirectCalls() throws Exception {
        emu.admin().injectFault(Fault.error("GET /drive/v3/files/{fileId}", 1, 503, "backendError"));
        BatchRequest batch = drive.batch();
        drive.files().get(a.getId()).queue(batch, callback("first"));
        drive.files().get(b.getId()).queue(batch, callback("second"));
        batch.execute();
        GoogleJsonError first = (GoogleJsonError) answers.get("first");
        assertThat(first.getCode()).isEqualTo(503);
        assertThat(first.getErrors().get(0).getReason()).isEqualTo("backendError");
        assertThat(((File) answers.get("second")).getId()).isEqualTo(b.getId());

        // a rate limit counts each inner call, not the batch
        emu.admin().rateLimit("alice@example.com", 2, java.time.Duration.ofMinutes(1));
        answers.clear();
        BatchRequest limited = drive.batch();
        for (File f : List.of(a, b, c)) {
            drive.files().get(f.getId()).queue(limited, callback(f.getName()));
        }
        limited.execute();
        assertThat(answers.get("a.txt")).isInstanceOf(File.class);
        assertThat(answers.get("b.txt")).isInstanceOf(File.class);
        assertThat(((GoogleJsonError) answers.get("c.txt")).getErrors().get(0).getReason()).isEqualTo("userRateLimitExceeded");

        // a dropped connection in one call drops the batch's connection
        emu.admin().clearFaults();
        emu.admin().injectFault(Fault.dropAfter("GET /drive/v3/files/{fileId}", 1, 0));
        BatchRequest dropped = drive.batch();
        drive.files().get(a.getId()).queue(dropped, callback("dropped"));
        org.assertj.core.api.Assertions.assertThatThrownBy(dropped::execute).isInstanceOf(java.io.IOException.class);
    }

    record Part(Map<String, String> headers, int status, Map<String, String> innerHeaders, String body) {
    }

    private HttpResponse<String> post(String body, String contentType, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "batch/drive/v3"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return Browser.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Splits a multipart/mixed batch answer by hand (independent of the emulator's own parser). */
    private static List<Part> parts(HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        Matcher m = Pattern.compile("^multipart/mixed; boundary=(\\S+)$").matcher(contentType);
        assertThat(m.matches()).as(contentType).isTrue();
        String boundary = m.group(1);
        String body = response.body();
        assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("\r\n--" + boundary + "--\r\n");
        String inner = body.substring(("--" + boundary + "\r\n").length(), body.length() - ("\r\n--" + boundary + "--\r\n").length());
        List<Part> parts = new ArrayList<>();
        for (String raw : inner.split("\r\n--" + Pattern.quote(boundary) + "\r\n", -1)) {
            String[] outerAndMessage = raw.split("\r\n\r\n", 2);
            String[] statusAndRest = outerAndMessage[1].split("\r\n", 2);
            String[] headAndBody = statusAndRest[1].split("\r\n\r\n", 2);
            assertThat(statusAndRest[0]).matches("HTTP/1\\.1 \\d{3} .+");
            parts.add(new Part(headerMap(outerAndMessage[0]), Integer.parseInt(statusAndRest[0].split(" ")[1]),
                    headerMap(headAndBody[0]), headAndBody[1]));
        }
        return parts;
    }

    private static Map<String, String> headerMap(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return out;
    }

    @Test
    void onTheWireEachPartIsAWholeHttpResponseInOrderWithItsContentId() throws Exception {
        String body = "--b1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-ID: <item1@drivelink.example>\r\n\r\n"
                + "GET /drive/v3/files/" + a.getId() + "?fields=id,name HTTP/1.1\r\n\r\n"
                + "\r\n--b1\r\n"
                + "Content-Type: application/http\r\n"
                + "Content-ID: 2\r\n\r\n"
                + "PATCH https://www.googleapis.com/drive/v3/files/" + b.getId() + "?fields=name HTTP/1.1\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n"
                + "{\"name\":\"raw rename\"}\r\n"
                + "\r\n--b1\r\n"
                + "Content-Type: application/http\r\n\r\n"
                + "GET /drive/v3/files/" + a.getId() + "\r\n"
                + "Authorization: Bearer not-a-token\r\n\r\n"
                + "\r\n--b1--\r\n";
        HttpResponse<String> response = post(body, "multipart/mixed; boundary=b1", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        List<Part> parts = parts(response);
        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(p -> assertThat(p.headers()).containsEntry("Content-Type", "application/http"));
        assertThat(parts.get(0).headers()).containsEntry("Content-ID", "<response-item1@drivelink.example>");
        assertThat(parts.get(1).headers()).containsEntry("Content-ID", "response-2");
        assertThat(parts.get(2).headers()).doesNotContainKey("Content-ID");

        // the outer Authorization stands in for the inner calls that have none
        assertThat(parts.get(0).status()).isEqualTo(200);
        assertThat(parts.get(0).innerHeaders()).containsEntry("Content-Type", "application/json; charset=UTF-8");
        JsonNode file = Json.MAPPER.readTree(parts.get(0).body());
        assertThat(file.get("id").asText()).isEqualTo(a.getId());
        assertThat(file.get("name").asText()).isEqualTo("a.txt");
        assertThat(parts.get(0).innerHeaders().get("Content-Length"))
                .isEqualTo(Integer.toString(parts.get(0).body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(parts.get(1).status()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(parts.get(1).body()).get("name").asText()).isEqualTo("raw rename");
        // an inner Authorization wins over the outer one
        assertThat(parts.get(2).status()).isEqualTo(401);
        assertThat(parts.get(2).innerHeaders()).containsKey("WWW-Authenticate");
        assertThat(Json.MAPPER.readTree(parts.get(2).body()).at("/error/errors/0/reason").asText()).isEqualTo("authError");

        // no Authorization anywhere: each call is 401, the batch itself 200
        HttpResponse<String> anonymous = post(body.replace("Authorization: Bearer not-a-token\r\n", ""),
                "multipart/mixed; boundary=b1", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(parts(anonymous)).extracting(Part::status).containsExactly(401, 401, 401);
    }

    @Test
    void badBatchesAre400AndMediaOrOtherApisAreRefusedPerCall() throws Exception {
        String get = "Content-Type: application/http\r\n\r\nGET /drive/v3/files/" + a.getId() + "\r\n\r\n";
        assertThat(post("{}", "application/json", "Bearer " + token).statusCode()).isEqualTo(400);
        assertThat(post("--b\r\nContent-Type: text/plain\r\n\r\nGET /drive/v3/about\r\n--b--\r\n",
                "multipart/mixed; boundary=b", "Bearer " + token).statusCode()).isEqualTo(400);
        assertThat(post("--b--\r\n", "multipart/mixed; boundary=b", "Bearer " + token).statusCode()).isEqualTo(400);
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            tooMany.append("--b\r\n").append(get).append("\r\n");
        }
        HttpResponse<String> over = post(tooMany.append("--b--\r\n").toString(), "multipart/mixed; boundary=b", "Bearer " + token);
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(over.body()).at("/error/message").asText()).contains("at most 100 calls");

        String mixed = "--b\r\n" + get
                + "\r\n--b\r\nContent-Type: application/http\r\n\r\nGET /drive/v3/files/" + a.getId() + "?alt=media\r\n\r\n"
                + "\r\n--b\r\nContent-Type: application/http\r\n\r\nGET /o/oauth2/v2/auth\r\n\r\n"
                + "\r\n--b\r\nContent-Type: application/http\r\n\r\nnot a request line\r\n\r\n"
                + "\r\n--b--\r\n";
        List<Part> parts = parts(post(mixed, "multipart/mixed; boundary=b", "Bearer " + token));
        assertThat(parts).extracting(Part::status).containsExactly(200, 400, 400, 400);
    }
}
