package dev.drivelink.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate for one DNS name (made with the JDK's
 * keytool), and a client socket factory that trusts exactly that certificate: a stand-in for a public
 * https origin, so the URL guard can be tested with production rules (https, port 443, public names).
 */
public final class TlsServer implements AutoCloseable {

    private final HttpsServer server;
    private final SSLSocketFactory clientFactory;
    /** "METHOD path range" of every request, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public TlsServer(String dnsName) throws Exception {
        Path dir = Files.createTempDirectory("tls-server");
        Path keystore = dir.resolve("server.p12");
        String password = "changeit";
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName, "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        clientFactory = clientContext.getSocketFactory();

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Serves {@code path} with {@code handler}; every request is recorded first. */
    public void on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Range") + " host=" + exchange.getRequestHeaders().getFirst("Host"));
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
    }

    /** A handler that answers {@code status} with {@code body} (and the given header pairs). */
    public static HttpHandler answer(int status, byte[] body, String... headers) {
        return exchange -> respond(exchange, status, body, headers);
    }

    public static void respond(HttpExchange exchange, int status, byte[] body, String... headers) throws IOException {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head && body != null) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        }
        boolean empty = body == null || body.length == 0 || head;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Trusts this server's certificate and nothing else. */
    public SSLSocketFactory clientFactory() {
        return clientFactory;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
