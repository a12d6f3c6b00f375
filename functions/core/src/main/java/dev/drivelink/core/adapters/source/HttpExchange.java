package dev.drivelink.core.adapters.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on a socket that is already connected to a checked address (plain or TLS), and
 * its response: status, headers, and the body framed by Content-Length, chunked transfer coding or the
 * end of the connection. Every read waits at most the configured timeout and never past the deadline.
 * Deliberately small: GET and HEAD, no redirects, no compression, one request per connection.
 */
final class HttpExchange {

    static final int MAX_HEAD_BYTES = 64 * 1024;

    private HttpExchange() {
    }

    /** The response; closing it closes the connection. */
    static final class Response implements AutoCloseable {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;
        private final Socket socket;

        Response(int status, Map<String, String> headers, InputStream body, Socket socket) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.socket = socket;
        }

        int status() {
            return status;
        }

        /** A header by its lower-case name (repeated headers joined with ", "). */
        String header(String name) {
            return headers.get(name);
        }

        long contentLength() {
            String length = headers.get("content-length");
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        InputStream body() {
            return body;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to save
            }
        }
    }

    /** Milliseconds a wait may take now: the timeout, or less when the deadline is nearer (at least 1). */
    static int millisLeft(Duration timeout, Instant deadline, Clock clock) {
        long left = deadline == null ? Long.MAX_VALUE : Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(1, Math.min(timeout.toMillis(), Math.min(left, Integer.MAX_VALUE)));
    }

    static Response send(Socket socket, String method, String host, String target, List<String[]> headers,
                         Duration timeout, Instant deadline, Clock clock) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        for (String[] header : headers) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        socket.setSoTimeout(millisLeft(timeout, deadline, clock));
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        InputStream in = new Bounded(new BufferedInputStream(socket.getInputStream(), 64 * 1024), socket, timeout,
                deadline, clock);
        while (true) {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + parts[1]);
            }
            Map<String, String> responseHeaders = headers(in);
            if (status >= 100 && status < 200) {
                continue; // interim answers (100 Continue ...): the real one follows
            }
            return new Response(status, responseHeaders, HttpBodies.of(method, status, responseHeaders, in), socket);
        }
    }

    static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = line(in);
            total += line.length() + 2;
            if (total > MAX_HEAD_BYTES) {
                throw new IOException("the response headers are larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    /** One CRLF- (or LF-) terminated line, at most {@link #MAX_HEAD_BYTES}. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed inside the response head");
            }
            if (b == '\n') {
                byte[] line = bytes.toByteArray();
                int n = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (bytes.size() >= MAX_HEAD_BYTES) {
                throw new IOException("a response header line is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            bytes.write(b);
        }
    }

    /** Every read waits at most the timeout and never past the deadline; then the read fails. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final Duration timeout;
        private final Instant deadline;
        private final Clock clock;

        Bounded(InputStream in, Socket socket, Duration timeout, Instant deadline, Clock clock) {
            this.in = in;
            this.socket = socket;
            this.timeout = timeout;
            this.deadline = deadline;
            this.clock = clock;
        }

        private void bound() throws IOException {
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                throw new SocketTimeoutException("the source is still sending when the time for this run is up");
            }
            socket.setSoTimeout(millisLeft(timeout, deadline, clock));
        }

        @Override
        public int read() throws IOException {
            if (in instanceof BufferedInputStream buffered && buffered.available() > 0) {
                return in.read();
            }
            bound();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            bound();
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
