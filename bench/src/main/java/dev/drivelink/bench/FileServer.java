package dev.drivelink.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local URL source: {@code GET/HEAD /gen/{size}/{seed}/{name}} serves {@link Generated} content of
 * {@code size} bytes, generated while it is sent, with {@code Range: bytes=N-} (and {@code N-M}) support.
 */
public final class FileServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<Long, Generated> generators = new ConcurrentHashMap<>();

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/gen/", this::serve);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gen/";
    }

    /** The URL of a generated file. */
    public static String url(String baseUrl, long size, long seed, String name) {
        return baseUrl + size + "/" + seed + "/" + name;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().substring("/gen/".length()).split("/");
            long size;
            long seed;
            try {
                size = Long.parseLong(parts[0]);
                seed = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long start = 0;
            long end = size - 1;
            boolean ranged = false;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null && range.startsWith("bytes=")) {
                String[] r = range.substring(6).split("-", -1);
                start = Long.parseLong(r[0]);
                if (!r[1].isEmpty()) {
                    end = Math.min(end, Long.parseLong(r[1]));
                }
                ranged = true;
                if (start >= size) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
            }
            long length = end - start + 1;
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (ranged) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            int status = ranged ? 206 : 200;
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length);
            Generated content = generators.computeIfAbsent(seed, Generated::new);
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = content.open(end + 1, start); OutputStream out = exchange.getResponseBody()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException readerWentAway) {
                // the reader closed early (a resumed upload reopens with a Range)
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
