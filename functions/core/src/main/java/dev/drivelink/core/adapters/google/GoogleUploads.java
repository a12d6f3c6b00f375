package dev.drivelink.core.adapters.google;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.EmptyContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.json.JsonHttpContent;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveUploads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Uploads: multipart through the Drive client, and for resumable sessions the protocol itself over
 * google-http-client: the session must outlive one Lambda invocation, so we keep its URI and offset
 * ourselves instead of the client's in-memory uploader.
 */
final class GoogleUploads implements DriveUploads {

    private static final int RESUME_INCOMPLETE = 308;

    private final Drive drive;
    private final HttpRequestFactory requests;
    private final GoogleDriveClients clients;

    GoogleUploads(Drive drive, HttpRequestFactory requests, GoogleDriveClients clients) {
        this.drive = drive;
        this.requests = requests;
        this.clients = clients;
    }

    @Override
    public DriveFile multipart(NewFile file, byte[] content, int length) {
        try {
            return direct(drive.files().create(metadata(file), new ByteArrayContent(file.mimeType(), content, 0, length)));
        } catch (IOException e) {
            throw GoogleErrors.classify("files.create (multipart)", e);
        }
    }

    @Override
    public DriveFile updateContent(String fileId, String mimeType, byte[] content, int length) {
        try {
            return direct(drive.files().update(fileId, new File(), new ByteArrayContent(mimeType, content, 0, length)));
        } catch (IOException e) {
            throw GoogleErrors.classify("files.update (media)", e);
        }
    }

    /** Metadata and content in one request (uploadType=multipart), answered with the file. */
    private static DriveFile direct(com.google.api.services.drive.DriveRequest<File> request) throws IOException {
        request.setFields(GoogleFiles.FILE_FIELDS);
        request.getMediaHttpUploader().setDirectUploadEnabled(true);
        request.setDisableGZipContent(true);
        return GoogleFiles.driveFile(request.execute());
    }

    @Override
    public String startResumable(NewFile file, Long totalBytes) {
        return startSession(new GenericUrl(clients.uploadUrl()), null, metadata(file), file.mimeType(), totalBytes,
                "files.create (resumable start)");
    }

    @Override
    public String startResumableUpdate(String fileId, String mimeType, Long totalBytes) {
        // files.update is a PATCH, which NetHttpTransport cannot send: POST with the override Google honours
        return startSession(new GenericUrl(clients.uploadUrl() + "/" + fileId), "PATCH", new File(), mimeType,
                totalBytes, "files.update (resumable start)");
    }

    /** Opens a resumable session (metadata now, content later in chunks); answers its URI. */
    private String startSession(GenericUrl url, String methodOverride, File metadata, String mimeType, Long totalBytes,
                                String operation) {
        try {
            url.set("uploadType", "resumable");
            url.set("fields", GoogleFiles.FILE_FIELDS);
            HttpRequest request = requests.buildPostRequest(url,
                    new JsonHttpContent(GsonFactory.getDefaultInstance(), metadata));
            if (methodOverride != null) {
                request.getHeaders().set("X-HTTP-Method-Override", methodOverride);
            }
            request.getHeaders().set("X-Upload-Content-Type", mimeType);
            if (totalBytes != null) {
                request.getHeaders().set("X-Upload-Content-Length", totalBytes);
            }
            HttpResponse response = request.execute();
            try {
                String location = response.getHeaders().getLocation();
                if (location == null) {
                    throw new DriveException(DriveException.Kind.REJECTED, response.getStatusCode(), null,
                            "resumable upload started without a session URI", null);
                }
                clients.requireDriveOrigin(location);
                return location;
            } finally {
                response.disconnect();
            }
        } catch (IOException e) {
            throw GoogleErrors.classify(operation, e);
        }
    }

    @Override
    public SessionState putChunk(String sessionUri, byte[] buffer, int length, long offset, Long totalBytes) {
        String total = totalBytes == null ? "*" : Long.toString(totalBytes);
        String range = length == 0 ? "bytes */" + total : "bytes " + offset + "-" + (offset + length - 1) + "/" + total;
        return session(sessionUri, new ChunkContent(buffer, length), range, "upload chunk");
    }

    /**
     * A chunk's bytes, written in one call: the connection's stream hands a large write to the socket as
     * it is, where ByteArrayContent would copy it through a 4 KiB buffer (a thousand small writes per
     * 8 MiB chunk, CPU the transfer shares with the MD5).
     */
    private record ChunkContent(byte[] buffer, int length) implements HttpContent {
        @Override
        public long getLength() {
            return length;
        }

        @Override
        public String getType() {
            return null;
        }

        @Override
        public boolean retrySupported() {
            return true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(buffer, 0, length);
            out.flush();
        }
    }

    @Override
    public SessionState status(String sessionUri, Long totalBytes) {
        return session(sessionUri, new EmptyContent(),
                "bytes */" + (totalBytes == null ? "*" : totalBytes), "upload status");
    }

    private SessionState session(String sessionUri, com.google.api.client.http.HttpContent content,
                                 String contentRange, String operation) {
        // a stored session URI is data: the token goes only to Drive's own origin
        clients.requireDriveOrigin(sessionUri);
        try {
            HttpRequest request = requests.buildPutRequest(new GenericUrl(sessionUri), content);
            request.setFollowRedirects(false);
            request.setThrowExceptionOnExecuteError(false);
            request.setNumberOfRetries(0);
            request.setParser(GsonFactory.getDefaultInstance().createJsonObjectParser());
            request.getHeaders().setContentRange(contentRange);
            HttpResponse response = request.execute();
            try {
                int status = response.getStatusCode();
                if (status == RESUME_INCOMPLETE) {
                    return new SessionState(acknowledged(response.getHeaders()), Optional.empty());
                }
                if (status == 200 || status == 201) {
                    File file = response.parseAs(File.class);
                    DriveFile done = GoogleFiles.driveFile(file);
                    return new SessionState(done.size() == null ? 0 : done.size(), Optional.of(done));
                }
                throw GoogleErrors.classify(operation, new HttpResponseException.Builder(status,
                        response.getStatusMessage(), response.getHeaders()).setContent(body(response)).build(),
                        response.getHeaders());
            } finally {
                response.disconnect();
            }
        } catch (DriveException e) {
            throw e;
        } catch (IOException e) {
            throw GoogleErrors.classify(operation, e);
        }
    }

    /** 308's Range header: "bytes=0-N" means N+1 bytes are in; no header means none. */
    static long acknowledged(HttpHeaders headers) {
        String range = headers.getRange();
        if (range == null || range.isBlank()) {
            return 0;
        }
        int dash = range.lastIndexOf('-');
        return Long.parseLong(range.substring(dash + 1).trim()) + 1;
    }

    private static String body(HttpResponse response) {
        try (InputStream in = response.getContent()) {
            return in == null ? "" : new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static File metadata(NewFile file) {
        File metadata = new File().setId(file.id()).setName(file.name()).setMimeType(file.mimeType());
        if (file.parentId() != null) {
            metadata.setParents(List.of(file.parentId()));
        }
        return metadata;
    }
}
