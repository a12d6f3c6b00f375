package dev.drivelink.core.adapters.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drivelink.core.testing.TlsServer;
import dev.drivelink.core.upload.SourceReader.SourceUnavailable;
import dev.drivelink.core.upload.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The URL guard under production rules (insecure sources off): https on port 443 only, public
 * addresses only, resolved once and connected to as checked, only 200/206 as content. A local HTTPS
 * server stands in for a public origin: names resolve (through a test resolver) to public addresses,
 * and the test connector records the checked address and connects to the local server instead.
 */
class UrlSourceGuardTest {

    static final String NAME = "files.example.com";
    static final InetAddress PUBLIC = address("93.184.216.34");
    static TlsServer server;
    static final byte[] DATA = new byte[300_000];

    final Map<String, List<InetAddress>> dns = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    final List<InetSocketAddress> connectedTo = new CopyOnWriteArrayList<>();
    UrlSource guard;

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        new Random(7).nextBytes(DATA);
        server = new TlsServer(NAME);
        server.on("/file.bin", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range == null) {
                TlsServer.respond(exchange, 200, DATA, "Content-Type", "application/octet-stream");
                return;
            }
            int start = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            byte[] rest = java.util.Arrays.copyOfRange(DATA, start, DATA.length);
            TlsServer.respond(exchange, 206, rest, "Content-Range", "bytes " + start + "-" + (DATA.length - 1) + "/" + DATA.length);
        });
        server.on("/chunked.bin", exchange -> {
            exchange.sendResponseHeaders(200, 0); // no length: chunked transfer coding
            for (int i = 0; i < DATA.length; i += 10_000) {
                exchange.getResponseBody().write(DATA, i, Math.min(10_000, DATA.length - i));
                exchange.getResponseBody().flush();
            }
        });
        server.on("/ignores-range.bin", TlsServer.answer(200, DATA));
        server.on("/wrong-range.bin", TlsServer.answer(206, new byte[10], "Content-Range", "bytes 0-9/" + DATA.length));
        server.on("/redirect", TlsServer.answer(302, "moved".getBytes(), "Location", "http://169.254.169.254/latest/meta-data/"));
        server.on("/moved", TlsServer.answer(301, null, "Location", "https://" + NAME + "/file.bin"));
        server.on("/no-content", TlsServer.answer(204, null));
        server.on("/created", TlsServer.answer(201, "{}".getBytes()));
        server.on("/missing", TlsServer.answer(404, "no".getBytes()));
        server.on("/busy", TlsServer.answer(503, "later".getBytes()));
        server.on("/throttled", TlsServer.answer(429, "later".getBytes()));
        server.on("/truncated", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[100]);
            exchange.getResponseBody().flush();
            throw new IOException("drop the connection after 100 of 1000 bytes");
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void productionRules() {
        dns.put(NAME, List.of(PUBLIC));
        UrlSource.Resolver resolver = host -> {
            lookups.incrementAndGet();
            List<InetAddress> answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer.toArray(new InetAddress[0]);
        };
        UrlSource.Connector connector = (address, timeout) -> {
            connectedTo.add(address);
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), timeout);
            return socket;
        };
        guard = new UrlSource(false, Duration.ofSeconds(5), resolver, connector, server.clientFactory(), Clock.systemUTC());
    }

    static UploadSource.Url url(String pathOrUrl) {
        return new UploadSource.Url(pathOrUrl.startsWith("https://") || pathOrUrl.startsWith("http://") ? pathOrUrl
                : "https://" + NAME + pathOrUrl);
    }

    byte[] read(String path, long offset) throws IOException {
        try (InputStream in = guard.open(url(path), offset, Instant.now().plusSeconds(30))) {
            return in.readAllBytes();
        }
    }

    static void assertRefused(Runnable call, boolean permanent, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SourceUnavailable.class, e -> {
            assertThat(e.permanent()).as(e.getMessage()).isEqualTo(permanent);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    @Test
    void aPublicHttpsFileIsReadFromTheAddressThatWasCheckedWithOneLookup() throws Exception {
        assertThat(read("/file.bin", 0)).isEqualTo(DATA);
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(connectedTo).containsExactly(new InetSocketAddress(PUBLIC, 443));
        assertThat(server.requests.get(server.requests.size() - 1)).contains("host=" + NAME);
    }

    @Test
    void aSecondDnsAnswerCannotMoveTheConnection() throws Exception {
        // rebinding: the first answer is public, later ones point at the metadata service
        UrlSource.Resolver rebinding = host -> {
            int n = lookups.incrementAndGet();
            return new InetAddress[] {n == 1 ? PUBLIC : address("169.254.169.254")};
        };
        guard = new UrlSource(false, Duration.ofSeconds(5), rebinding, (address, timeout) -> {
            connectedTo.add(address);
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), timeout);
            return socket;
        }, server.clientFactory(), Clock.systemUTC());

        assertThat(read("/file.bin", 0)).isEqualTo(DATA);
        assertThat(lookups.get()).as("one lookup per connection, and it is the one that was checked").isEqualTo(1);
        assertThat(connectedTo).containsExactly(new InetSocketAddress(PUBLIC, 443));
        assertRefused(() -> guard.open(url("/file.bin"), 0, null), true, "not on the public internet");
        assertThat(connectedTo).hasSize(1);
    }

    @Test
    void namesThatResolveToNonPublicAddressesAreRefusedBeforeAnyConnection() {
        String[][] answers = {
            {"10.0.0.5"}, {"169.254.169.254"}, {"127.0.0.1"}, {"100.64.12.1"}, {"192.168.1.1"}, {"172.31.0.2"},
            {"0.0.0.0"}, {"224.0.0.251"}, {"::1"}, {"fc00::1"}, {"fd00:ec2::254"}, {"fe80::1"}, {"64:ff9b::a9fe:a9fe"},
            {"::a9fe:a9fe"}, {"ff02::1"}, {"2001:db8::1"}, {"2002:a9fe:a9fe::1"}, {"93.184.216.34", "10.0.0.1"}};
        for (String[] answer : answers) {
            dns.put("sneaky.example.com", java.util.Arrays.stream(answer).map(UrlSourceGuardTest::address).toList());
            assertRefused(() -> guard.open(url("https://sneaky.example.com/file.bin"), 0, null), true,
                    "not on the public internet");
        }
        assertThat(connectedTo).isEmpty();
    }

    @Test
    void anUnresolvableHostIsAFinalFailure() {
        assertRefused(() -> guard.open(url("https://nowhere.example.org/x"), 0, null), true, "does not resolve");
    }

    @Test
    void aRedirectIsAFinalFailureAndIsNeverFollowed() {
        int before = server.requests.size();
        assertRefused(() -> guard.open(url("/redirect"), 0, null), true, "redirect");
        assertRefused(() -> guard.open(url("/moved"), 0, null), true, "redirect");
        assertThat(server.requests.subList(before, server.requests.size())).hasSize(2);
    }

    @Test
    void onlyA200OrA206WithTheAskedForRangeIsContent() throws Exception {
        assertThat(read("/file.bin", 1000)).isEqualTo(java.util.Arrays.copyOfRange(DATA, 1000, DATA.length));
        assertThat(read("/ignores-range.bin", 1000)).as("a 200 to a ranged GET: skip to the offset")
                .isEqualTo(java.util.Arrays.copyOfRange(DATA, 1000, DATA.length));
        assertRefused(() -> guard.open(url("/wrong-range.bin"), 5000, null), true, "Content-Range");
        assertRefused(() -> guard.open(url("/wrong-range.bin"), 0, null), true, "not content");
        assertRefused(() -> guard.open(url("/no-content"), 0, null), true, "not content");
        assertRefused(() -> guard.open(url("/created"), 0, null), true, "not content");
        assertRefused(() -> guard.open(url("/missing"), 0, null), true, "404");
        assertRefused(() -> guard.open(url("/busy"), 0, null), false, "503");
        assertRefused(() -> guard.open(url("/throttled"), 0, null), false, "429");
    }

    @Test
    void chunkedBodiesAreReadAndATruncatedBodyIsAnErrorNotAShortFile() throws Exception {
        assertThat(read("/chunked.bin", 0)).isEqualTo(DATA);
        assertThatThrownBy(() -> read("/truncated", 0)).isInstanceOf(IOException.class);
    }

    @Test
    void theCertificateMustBeForTheName() {
        dns.put("other.example.com", List.of(PUBLIC));
        assertRefused(() -> guard.open(url("https://other.example.com/file.bin"), 0, null), true, "certificate");
    }

    @Test
    void theSizeComesFromAHeadToThePublicAddress() {
        assertThat(guard.size(url("/file.bin"), null)).hasValue(DATA.length);
        assertThat(guard.size(url("/redirect"), null)).isEmpty();
        assertThat(connectedTo).allMatch(a -> a.getAddress().equals(PUBLIC));
    }

    @Test
    void urlsThatBreakTheRulesAreRefusedWithoutALookup() {
        for (String bad : List.of("http://" + NAME + "/file.bin", "https://" + NAME + ":8443/file.bin",
                "https://user:pass@" + NAME + "/file.bin", "https://127.0.0.1/x", "https://[::1]/x", "https://localhost/x",
                "https://localhost./x", "https://2130706433/x", "https://127.1/x", "https://metadata/x")) {
            assertRefused(() -> guard.open(url(bad), 0, null), true, "source.url");
        }
        assertThat(lookups.get()).isZero();
        assertThat(connectedTo).isEmpty();
    }
}
