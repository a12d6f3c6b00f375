package dev.drivelink.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MIME multipart bodies (RFC 2046) and header blocks: the parts of a multipart upload ({@code multipart/related})
 * and of a batch request ({@code multipart/mixed}, each part an HTTP message). Malformed input is 400 badRequest.
 */
final class Multipart {
    private static final byte[] CRLF = {'\r', '\n'};

    private Multipart() {
    }

    /** One body part: its headers (names in lower case) and its content. */
    record Part(Map<String, String> headers, byte[] content) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The {@code boundary} parameter of a Content-Type, unquoted; null when there is none. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring(9).trim();
                if (b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** The media type without its parameters: {@code "text/plain; charset=UTF-8"} gives {@code "text/plain"}. */
    static String stripParams(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    /** The parts between the delimiters {@code --boundary}, up to the close delimiter {@code --boundary--}. */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw GoogleApiException.badRequest("Malformed multipart body: no boundary.");
        }
        while (true) {
            pos += delimiter.length;
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts;
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++; // transport padding
            }
            pos = skipLineEnd(body, pos);
            int contentStart = headersEnd(body, pos);
            if (contentStart < 0) {
                throw GoogleApiException.badRequest("Malformed multipart body: part without headers end.");
            }
            int next = indexOf(body, nextDelimiter, contentStart);
            if (next < 0) {
                throw GoogleApiException.badRequest("Malformed multipart body: unterminated part.");
            }
            parts.add(new Part(headers(body, pos, contentStart), Arrays.copyOfRange(body, contentStart, next)));
            pos = next + 2;
        }
    }

    /**
     * Where the content begins after a header block starting at {@code from}: after the first empty line (CRLF or
     * LF line ends); {@code from} itself when the block is empty; -1 when the block never ends.
     */
    static int headersEnd(byte[] data, int from) {
        int lineStart = from;
        while (lineStart <= data.length) {
            int lf = indexOf(data, new byte[] {'\n'}, lineStart);
            if (lf < 0) {
                return -1;
            }
            int lineEnd = lf > lineStart && data[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd == lineStart) {
                return lf + 1;
            }
            lineStart = lf + 1;
        }
        return -1;
    }

    /** The "Name: value" lines between {@code from} and {@code to}; names in lower case, the first of a name wins. */
    static Map<String, String> headers(byte[] data, int from, int to) {
        Map<String, String> out = new LinkedHashMap<>();
        String block = new String(data, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    static int skipLineEnd(byte[] body, int pos) {
        if (pos + 1 < body.length && body[pos] == CRLF[0] && body[pos + 1] == CRLF[1]) {
            return pos + 2;
        }
        if (pos < body.length && body[pos] == '\n') {
            return pos + 1;
        }
        return pos;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
