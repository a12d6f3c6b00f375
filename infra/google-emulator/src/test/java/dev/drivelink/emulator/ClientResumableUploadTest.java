package dev.drivelink.emulator;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.HttpBackOffIOExceptionHandler;
import com.google.api.client.http.HttpBackOffUnsuccessfulResponseHandler;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.InputStreamContent;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.ExponentialBackOff;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * google-api-client's own resumable uploader ({@code MediaHttpUploader}: {@code Drive.Files.Create} with
 * {@code InputStreamContent}, direct upload off, a chunk size) against the emulator, with and without faults.
 *
 * <p>What the client library does on a failed chunk (read from MediaHttpUploader / MediaUploadErrorHandler, 2.9.x):
 * it wraps the request's own IOExceptionHandler and UnsuccessfulResponseHandler. Only when the app's
 * HttpRequestInitializer installed one that answers "retry" (e.g. {@code HttpBackOffIOExceptionHandler},
 * {@code HttpBackOffUnsuccessfulResponseHandler} for 5xx) does the uploader turn the retry into a status query
 * ({@code PUT} with no body and {@code Content-Range: bytes *}{@code /N}), read the {@code Range} of the 308 answer,
 * rewind its stream to the first byte the server lacks and carry on. With only {@code HttpCredentialsAdapter} (it
 * handles 401s alone) nothing is retried: {@code execute()} throws, and a caller that wants to resume relies on the
 * session URI answering {@code bytes *}{@code /N} with 308 and the exact {@code Range} received.
 */
class ClientResumableUploadTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    static final int CHUNK = MediaHttpUploader.MINIMUM_CHUNK_SIZE; // 256 KiB
    static final String PUT_ROUTE = "PUT /upload/drive/v3/files";

    GoogleEmulator emu;
    String token;
    /** Every request the client sent: "METHOD Content-Range". */
    final List<String> sent = new CopyOnWriteArrayList<>();
    /** The session URI from the initiation answer. */
    volatile String sessionUri;

    @BeforeEach
    void setUp() throws Exception {
        emu = google.emulator();
        emu.admin().reset();
        token = TestClients.connect(emu, "alice@example.com", DRIVE_FILE).getAccessToken();
    }

    /** The Drive client as an app builds it; {@code retries} adds the Google client's back-off handlers. */
    private Drive drive(boolean retries) {
        HttpCredentialsAdapter credentials = new HttpCredentialsAdapter(GoogleCredentials.create(new AccessToken(token, null)));
        HttpRequestInitializer initializer = request -> {
            credentials.initialize(request);
            if (retries) {
                ExponentialBackOff backOff = new ExponentialBackOff.Builder().setInitialIntervalMillis(10)
                        .setMaxIntervalMillis(50).setMaxElapsedTimeMillis(10_000).build();
                request.setUnsuccessfulResponseHandler(new HttpBackOffUnsuccessfulResponseHandler(backOff));
                request.setIOExceptionHandler(new HttpBackOffIOExceptionHandler(backOff));
            }
            var previous = request.getInterceptor();
            request.setInterceptor(r -> {
                if (previous != null) {
                    previous.intercept(r);
                }
                sent.add(r.getRequestMethod() + " " + (r.getHeaders().getContentRange() == null ? "" : r.getHeaders().getContentRange()));
            });
            request.setResponseInterceptor(r -> {
                if (r.getRequest().getUrl().toString().contains("uploadType=resumable")
                        && r.getHeaders().getLocation() != null) {
                    sessionUri = r.getHeaders().getLocation();
                }
            });
        };
        return new Drive.Builder(TestClients.TRANSPORT, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(emu.driveRootUrl()).setServicePath("drive/v3/").setApplicationName("resumable-test").build();
    }

    /** A stream without mark/reset, as from a socket or a file channel: the uploader must buffer it itself. */
    private static InputStream unmarkable(byte[] content) {
        return new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    private Drive.Files.Create create(Drive drive, byte[] content, boolean lengthKnown, Fault midUpload) throws Exception {
        InputStreamContent media = new InputStreamContent("application/octet-stream", unmarkable(content));
        if (lengthKnown) {
            media.setLength(content.length);
        }
        Drive.Files.Create create = drive.files().create(new File().setName("stream.bin"), media);
        AtomicBoolean armed = new AtomicBoolean(midUpload != null);
        create.getMediaHttpUploader().setDirectUploadEnabled(false).setChunkSize(CHUNK)
                .setProgressListener(uploader -> {
                    // after the first chunk was acknowledged (308), the fault hits the next request of the session
                    if (uploader.getUploadState() == MediaHttpUploader.UploadState.MEDIA_IN_PROGRESS
                            && uploader.getNumBytesUploaded() == CHUNK && armed.getAndSet(false)) {
                        emu.admin().injectFault(midUpload);
                    }
                });
        return create;
    }

    @Test
    void multiChunkStreamWithKnownLengthLandsByteIdentical() throws Exception {
        byte[] content = DriveFilesTest.random(3 * CHUNK + 12_345);
        File file = create(drive(false), content, true, null).setFields("id,size,md5Checksum").execute();
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(file.getSize()).isEqualTo(content.length);
        assertThat(emu.admin().content(file.getId())).isEqualTo(content);
        assertThat(emu.admin().requestCount("POST /upload/drive/v3/files")).isEqualTo(1);
        assertThat(emu.admin().requestCount(PUT_ROUTE)).isEqualTo(4);
        assertThat(sent).contains("PUT bytes 0-262143/" + content.length, "PUT bytes 786432-" + (content.length - 1) + "/" + content.length);
    }

    @Test
    void multiChunkStreamOfUnknownLengthLandsByteIdentical() throws Exception {
        byte[] content = DriveFilesTest.random(2 * CHUNK + 999);
        File file = create(drive(false), content, false, null).setFields("id,size,md5Checksum").execute();
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(emu.admin().content(file.getId())).isEqualTo(content);
        // the total is unknown until the last chunk: "bytes a-b/*", then "bytes a-b/N"
        assertThat(sent).contains("PUT bytes 0-262143/*", "PUT bytes 524288-" + (content.length - 1) + "/" + content.length);
    }

    @Test
    void withTheClientsBackOffHandlersA503MidUploadIsResumedFromTheRange() throws Exception {
        byte[] content = DriveFilesTest.random(3 * CHUNK + 7);
        Fault unavailable = Fault.error(PUT_ROUTE, 1, 503, "backendError");
        File file = create(drive(true), content, true, unavailable).setFields("id,md5Checksum").execute();
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(emu.admin().content(file.getId())).isEqualTo(content);
        assertThat(emu.admin().faults()).isEmpty();
        // chunk 1, chunk 2 (503), the status query the uploader sends on retry, chunk 2 again, chunks 3 and 4
        assertThat(sent.stream().filter(s -> s.startsWith("PUT")).toList()).containsExactly(
                "PUT bytes 0-262143/" + content.length,
                "PUT bytes 262144-524287/" + content.length,
                "PUT bytes */" + content.length,
                "PUT bytes 262144-524287/" + content.length,
                "PUT bytes 524288-786431/" + content.length,
                "PUT bytes 786432-" + (content.length - 1) + "/" + content.length);
    }

    @Test
    void withTheClientsBackOffHandlersADroppedConnectionMidUploadIsResumed() throws Exception {
        byte[] content = DriveFilesTest.random(3 * CHUNK + 7);
        // the connection breaks after 100,000 bytes of the second chunk; the session keeps them
        Fault drop = Fault.dropAfter(PUT_ROUTE, 1, 100_000);
        File file = create(drive(true), content, true, drop).setFields("id,md5Checksum").execute();
        assertThat(file.getMd5Checksum()).isEqualTo(Ids.md5Hex(content));
        assertThat(emu.admin().content(file.getId())).isEqualTo(content);
        List<String> puts = sent.stream().filter(s -> s.startsWith("PUT")).toList();
        assertThat(puts).contains("PUT bytes */" + content.length);
        // after the status query the client continued from the first byte the server lacked (262144 + 100000)
        assertThat(puts.get(puts.indexOf("PUT bytes */" + content.length) + 1)).startsWith("PUT bytes 362144-");
    }

    @Test
    void withoutRetryHandlersTheClientGivesUpAndTheSessionTellsWhatToResendFrom() throws Exception {
        byte[] content = DriveFilesTest.random(3 * CHUNK + 7);
        Fault unavailable = Fault.error(PUT_ROUTE, 1, 503, "backendError");
        GoogleJsonResponseException e = DriveFilesTest.error(() ->
                create(drive(false), content, true, unavailable).setFields("id,md5Checksum").execute());
        assertThat(e.getStatusCode()).isEqualTo(503);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("backendError");
        assertThat(sent.stream().filter(s -> s.startsWith("PUT")).toList()).hasSize(2); // no retry, no status query

        // what a caller relies on to resume by itself: 308 + the Range of what arrived, then the rest
        HttpResponse<String> status = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(sessionUri))
                .header("Content-Range", "bytes */" + content.length).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(308);
        assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-262143");
        HttpResponse<String> rest = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(sessionUri + "&fields=id,md5Checksum"))
                .header("Content-Range", "bytes 262144-" + (content.length - 1) + "/" + content.length)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, CHUNK, content.length))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(rest.body()).get("md5Checksum").asText()).isEqualTo(Ids.md5Hex(content));
    }

    @Test
    void withoutRetryHandlersADroppedConnectionIsAnIOExceptionAndTheSessionKeepsTheBytesThatArrived() throws Exception {
        byte[] content = DriveFilesTest.random(2 * CHUNK + 7);
        Fault drop = Fault.dropAfter(PUT_ROUTE, 1, 100_000);
        assertThatThrownBy(() -> create(drive(false), content, true, drop).execute()).isInstanceOf(java.io.IOException.class)
                .isNotInstanceOf(GoogleJsonResponseException.class);
        HttpResponse<String> status = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(sessionUri))
                .header("Content-Range", "bytes */" + content.length).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(308);
        assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-" + (CHUNK + 100_000 - 1));
    }
}
