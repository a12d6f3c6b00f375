package dev.drivelink.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drive's batch endpoint, {@code POST /batch/drive/v3}: a {@code multipart/mixed} body whose parts
 * ({@code Content-Type: application/http}) each hold one HTTP request (request line, headers, optional body). The
 * answer is {@code multipart/mixed} with one {@code application/http} part per request, in order, each a whole HTTP
 * response; a part's {@code Content-ID: X} comes back as {@code Content-ID: response-X}.
 *
 * <p>Each inner request goes through the {@link Router} exactly as a direct call: routing, authentication (an inner
 * request without {@code Authorization} takes the outer one's), fault injection, rate limits and request counts
 * (a batch of N calls counts N calls under their own routes, plus one {@code POST /batch/drive/v3}). The calls run one
 * after the other, in order. As at Google: at most 100 calls, Drive API v3 calls only, no media upload or download.
 */
final class BatchEndpoint {
    static final String PATH = "/batch/drive/v3";
    static final int MAX_CALLS = 100;

    private final Router router;

    BatchEndpoint(Router router) {
        this.router = router;
    }

    void register(Router router) {
        router.route("POST", PATH, this::batch);
    }

    private Response batch(Request outer) throws IOException {
        String contentType = outer.contentType();
        String boundary = Multipart.boundary(contentType);
        if (!Multipart.stripParams(contentType).equalsIgnoreCase("multipart/mixed") || boundary == null) {
            throw GoogleApiException.badRequest("A batch request needs a multipart/mixed Content-Type with a boundary.");
        }
        List<Multipart.Part> parts = Multipart.parse(outer.body(), boundary);
        if (parts.isEmpty()) {
            throw GoogleApiException.badRequest("A batch request must contain at least one call.");
        }
        if (parts.size() > MAX_CALLS) {
            throw GoogleApiException.badRequest("A batch request may contain at most " + MAX_CALLS + " calls, got "
                    + parts.size() + ".");
        }
        for (Multipart.Part part : parts) {
            String type = part.header("Content-Type");
            if (type == null || !Multipart.stripParams(type).equalsIgnoreCase("application/http")) {
                throw GoogleApiException.badRequest("Each part of a batch request must be an HTTP request with "
                        + "Content-Type: application/http.");
            }
        }
        String responseBoundary = "batch_" + Ids.opaque(24);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Multipart.Part part : parts) {
            byte[] answer = call(outer, part.content());
            StringBuilder head = new StringBuilder()
                    .append("--").append(responseBoundary).append("\r\n")
                    .append("Content-Type: application/http\r\n");
            String contentId = part.header("Content-ID");
            if (contentId != null && !contentId.isBlank()) {
                head.append("Content-ID: ").append(responseId(contentId)).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(answer);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(("--" + responseBoundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return new Response(200, "multipart/mixed; boundary=" + responseBoundary, out.toByteArray());
    }

    /** {@code 1} gives {@code response-1}; {@code <item1@example.com>} gives {@code <response-item1@example.com>}. */
    static String responseId(String contentId) {
        String id = contentId.trim();
        if (id.startsWith("<") && id.endsWith(">") && id.length() >= 2) {
            return "<response-" + id.substring(1, id.length() - 1) + ">";
        }
        return "response-" + id;
    }

    /** Runs one inner request through the router; returns the whole HTTP response message. */
    private byte[] call(Request outer, byte[] message) throws IOException {
        InnerExchange exchange;
        try {
            exchange = InnerExchange.of(outer, message);
        } catch (IllegalArgumentException e) {
            return InnerExchange.message(GoogleApiException.badRequest(e.getMessage()).toResponse());
        }
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        boolean media = query != null && Arrays.asList(query.split("&")).contains("alt=media");
        if (!path.startsWith(DriveEndpoints.V3 + "/") || media) {
            return InnerExchange.message(GoogleApiException.badRequest("A Drive batch request may only hold Drive API v3 "
                    + "calls under " + DriveEndpoints.V3 + "/, without media upload or download: " + path).toResponse());
        }
        try {
            router.handle(exchange);
        } catch (IOException e) {
            if (e.getCause() instanceof Router.DropConnection drop) {
                throw drop; // an injected drop in one call drops the whole batch's connection
            }
            throw e;
        }
        return exchange.responseMessage();
    }

    /** One inner request of a batch, as an {@link HttpExchange} the router handles like a connection's. */
    static final class InnerExchange extends HttpExchange {
        private final HttpExchange outer;
        private final String method;
        private final URI uri;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private InputStream requestBody;
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private int status = -1;

        private InnerExchange(HttpExchange outer, String method, URI uri, byte[] body) {
            this.outer = outer;
            this.method = method;
            this.uri = uri;
            this.requestBody = new ByteArrayInputStream(body);
        }

        /** Parses "METHOD target [HTTP/1.1]", the headers and the body; IllegalArgumentException when malformed. */
        static InnerExchange of(Request outer, byte[] message) {
            int start = 0;
            while (start < message.length && (message[start] == '\r' || message[start] == '\n')) {
                start++;
            }
            int lf = Multipart.indexOf(message, new byte[] {'\n'}, start);
            if (lf < 0) {
                throw new IllegalArgumentException("Malformed batch part: no request line.");
            }
            String requestLine = new String(message, start, lf - start, StandardCharsets.ISO_8859_1).trim();
            String[] words = requestLine.split("\\s+");
            if (words.length < 2 || words.length > 3 || !words[0].matches("[A-Z]+")) {
                throw new IllegalArgumentException("Malformed batch part: bad request line '" + requestLine + "'.");
            }
            int headersStart = lf + 1;
            int bodyStart = Multipart.headersEnd(message, headersStart);
            if (bodyStart < 0) { // headers running to the end of the part: no body
                bodyStart = message.length;
            }
            Map<String, String> headers = Multipart.headers(message, headersStart, bodyStart);
            byte[] body = Arrays.copyOfRange(message, bodyStart, message.length);
            String length = headers.get("content-length");
            if (length != null && length.matches("\\d+") && Long.parseLong(length) < body.length) {
                body = Arrays.copyOf(body, Integer.parseInt(length));
            }
            InnerExchange exchange = new InnerExchange(outer.exchange, words[0], target(words[1]), body);
            headers.forEach((name, value) -> exchange.requestHeaders.add(name, value));
            String outerAuthorization = outer.header("Authorization");
            if (!exchange.requestHeaders.containsKey("Authorization") && outerAuthorization != null) {
                exchange.requestHeaders.add("Authorization", outerAuthorization);
            }
            return exchange;
        }

        /** An absolute URL or an absolute path: the path and query the router sees. */
        private static URI target(String target) {
            try {
                URI uri = new URI(target);
                String path = uri.getRawPath();
                if (path == null || !path.startsWith("/")) {
                    throw new IllegalArgumentException("Malformed batch part: the request target must be a URL or an "
                            + "absolute path: " + target);
                }
                return new URI(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Malformed batch part: bad request target: " + target);
            }
        }

        /** The answer the router wrote, as an HTTP response message (status line, headers, body). */
        byte[] responseMessage() {
            byte[] body = written.toByteArray();
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            responseHeaders.forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> head.append(canonical(name)).append(": ").append(v).append("\r\n"));
                }
            });
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, out, headBytes.length, body.length);
            return out;
        }

        /** A response that never went through the router (a part that is not a request), as a message. */
        static byte[] message(Response response) {
            InnerExchange exchange = new InnerExchange(null, "POST", URI.create("/"), new byte[0]);
            exchange.status = response.status;
            response.headers.forEach((name, values) -> exchange.responseHeaders.put(name, values));
            exchange.written.writeBytes(response.body);
            return exchange.responseMessage();
        }

        private static String canonical(String name) {
            if (name.equalsIgnoreCase("WWW-Authenticate")) {
                return "WWW-Authenticate";
            }
            StringBuilder sb = new StringBuilder(name.length());
            boolean upper = true;
            for (char c : name.toCharArray()) {
                sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = c == '-';
            }
            return sb.toString();
        }

        static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 201 -> "Created";
                case 204 -> "No Content";
                case 206 -> "Partial Content";
                case 302 -> "Found";
                case 304 -> "Not Modified";
                case 308 -> "Resume Incomplete";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 409 -> "Conflict";
                case 412 -> "Precondition Failed";
                case 413 -> "Payload Too Large";
                case 416 -> "Requested Range Not Satisfiable";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                default -> "Status " + status;
            };
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return outer == null ? null : outer.getHttpContext();
        }

        @Override
        public void close() {
            // nothing to release: the batch writes the answer
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            return written;
        }

        @Override
        public void sendResponseHeaders(int code, long length) {
            status = code;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return outer == null ? null : outer.getRemoteAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return outer == null ? null : outer.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
            if (in != null) {
                requestBody = in;
            }
            if (out != null) {
                throw new UnsupportedOperationException("a batch part's answer is kept in memory");
            }
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
