package dev.drivelink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: the same bytes from the same local server into the same emulator endpoint, by hand.
 * Starts a resumable session (POST upload/drive/v3/files?uploadType=resumable), reads the source in
 * one GET, and PUTs it in chunks of the pipeline's size with Content-Range, over HttpURLConnection (the
 * transport the pipeline's google-http-client uses). No job records, no md5, no retries.
 */
public final class PlainCopy {

    public record Copied(String fileId, long size, String md5) {
    }

    private final String driveRootUrl;
    private final int chunkSize;
    /** Time spent, for the breakdown: session start, reading the source, sending chunks (PUT until the answer). */
    long startNanos;
    long readNanos;
    long putNanos;

    public PlainCopy(String driveRootUrl, int chunkSize) {
        this.driveRootUrl = driveRootUrl.endsWith("/") ? driveRootUrl : driveRootUrl + "/";
        this.chunkSize = chunkSize;
    }

    public Copied copy(String sourceUrl, long size, String name, String parentId, String accessToken) throws IOException {
        long t0 = System.nanoTime();
        String session = start(name, parentId, size, accessToken);
        startNanos += System.nanoTime() - t0;
        byte[] buffer = new byte[chunkSize];
        HttpURLConnection get = (HttpURLConnection) URI.create(sourceUrl).toURL().openConnection();
        try (InputStream in = get.getInputStream()) {
            long offset = 0;
            while (true) {
                long r0 = System.nanoTime();
                int n = in.readNBytes(buffer, 0, buffer.length);
                long p0 = System.nanoTime();
                readNanos += p0 - r0;
                HttpURLConnection put = (HttpURLConnection) URI.create(session).toURL().openConnection();
                put.setRequestMethod("PUT");
                put.setDoOutput(true);
                put.setInstanceFollowRedirects(false);
                put.setFixedLengthStreamingMode(n);
                put.setRequestProperty("Content-Range", n == 0 ? "bytes */" + size
                        : "bytes " + offset + "-" + (offset + n - 1) + "/" + size);
                try (OutputStream out = put.getOutputStream()) {
                    out.write(buffer, 0, n);
                }
                int status = put.getResponseCode();
                putNanos += System.nanoTime() - p0;
                offset += n;
                if (status == 308) {
                    String range = put.getHeaderField("Range");
                    drain(put);
                    long acknowledged = range == null ? 0 : Long.parseLong(range.substring(range.lastIndexOf('-') + 1)) + 1;
                    if (acknowledged != offset) {
                        throw new IOException("the session acknowledged " + acknowledged + " of " + offset + " bytes");
                    }
                    if (n < buffer.length) {
                        throw new IOException("the source ended at " + offset + " of " + size + " bytes");
                    }
                    continue;
                }
                if (status == 200 || status == 201) {
                    JsonNode file;
                    try (InputStream body = put.getInputStream()) {
                        file = EmulatorAdminHttp.JSON.readTree(body);
                    }
                    return new Copied(file.path("id").asText(), file.path("size").asLong(), file.path("md5Checksum").asText());
                }
                throw new IOException("chunk at " + (offset - n) + " answered " + status + ": " + error(put));
            }
        } finally {
            get.disconnect();
        }
    }

    private String start(String name, String parentId, long size, String accessToken) throws IOException {
        HttpURLConnection post = (HttpURLConnection) URI.create(driveRootUrl
                + "upload/drive/v3/files?uploadType=resumable&fields=id,size,md5Checksum").toURL().openConnection();
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setRequestProperty("Authorization", "Bearer " + accessToken);
        post.setRequestProperty("Content-Type", "application/json; charset=UTF-8");
        post.setRequestProperty("X-Upload-Content-Type", "application/octet-stream");
        post.setRequestProperty("X-Upload-Content-Length", Long.toString(size));
        var metadata = EmulatorAdminHttp.JSON.createObjectNode().put("name", name).put("mimeType", "application/octet-stream");
        metadata.putArray("parents").add(parentId);
        byte[] body = metadata.toString().getBytes(StandardCharsets.UTF_8);
        post.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = post.getOutputStream()) {
            out.write(body);
        }
        int status = post.getResponseCode();
        if (status != 200) {
            throw new IOException("resumable start answered " + status + ": " + error(post));
        }
        String location = post.getHeaderField("Location");
        drain(post);
        return location;
    }

    private static void drain(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static String error(HttpURLConnection c) {
        try (InputStream in = c.getErrorStream()) {
            return in == null ? "" : new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
