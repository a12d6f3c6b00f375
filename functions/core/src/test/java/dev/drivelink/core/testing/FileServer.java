package dev.drivelink.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** Serves byte arrays over HTTP with Range support, and remembers which ranges were asked for. */
public final class FileServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> ranges = new CopyOnWriteArrayList<>();

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            byte[] data = files.get(exchange.getRequestURI().getPath());
            if (data == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            long start = 0;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                start = Long.parseLong(range.substring(6, range.length() - 1));
                ranges.add(exchange.getRequestURI().getPath() + " " + range);
            }
            long length = data.length - start;
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (start > 0) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/" + data.length);
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data, (int) start, (int) length);
            } catch (IOException ignored) {
                // the reader went away
            }
        });
        server.start();
    }

    public String put(String path, byte[] data) {
        files.put(path, data);
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
