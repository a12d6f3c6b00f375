package dev.drivelink.core.adapters.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * How an HTTP/1.1 response body is framed on the connection: by Content-Length, by the chunked transfer
 * coding, or by the end of the connection ({@link HttpExchange} reads the head, this the body).
 */
final class HttpBodies {

    private HttpBodies() {
    }

    static InputStream of(String method, int status, Map<String, String> headers, InputStream in)
            throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        String coding = headers.get("transfer-encoding");
        if (coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new Chunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length is not a number: " + length);
            }
            if (n < 0) {
                throw new IOException("Content-Length is negative");
            }
            return new Sized(in, n);
        }
        return in;
    }

    /** A body framed over the connection's stream: reads by blocks, closes the connection. */
    private abstract static class Framed extends InputStream {
        final InputStream in;

        Framed(InputStream in) {
            this.in = in;
        }

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final void close() throws IOException {
            in.close();
        }
    }

    /** Exactly {@code length} bytes; the connection ending earlier is an error, not a short file. */
    private static final class Sized extends Framed {
        private long left;

        Sized(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the announced end");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding (RFC 9112 section 7.1); trailers are read and dropped. */
    private static final class Chunked extends Framed {
        private long chunkLeft;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = HttpExchange.line(in);
                int semicolon = size.indexOf(';');
                String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).trim();
                try {
                    chunkLeft = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + hex);
                }
                if (chunkLeft < 0) {
                    throw new IOException("malformed chunk size: " + hex);
                }
                if (chunkLeft == 0) {
                    HttpExchange.headers(in); // trailers, then the end
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !HttpExchange.line(in).isEmpty()) {
                throw new IOException("a chunk is not followed by CRLF");
            }
            return n;
        }
    }
}
