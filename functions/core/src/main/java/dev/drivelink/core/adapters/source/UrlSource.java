package dev.drivelink.core.adapters.source;

import dev.drivelink.core.upload.SourceReader.SourceUnavailable;
import dev.drivelink.core.upload.SourceUrls;
import dev.drivelink.core.upload.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Reads URL sources without letting them reach into private networks: the host is resolved once,
 * every address it resolves to must be public ({@link SourceUrls#isPublic}), and the connection goes to
 * the address that was checked (TLS still verifies the certificate against the name, with SNI), so a
 * second DNS answer cannot point it elsewhere. Only 200, or 206 with the asked-for Content-Range, is
 * content; a redirect is never followed. Local development ({@code allowInsecure}) may use http, any
 * port and private addresses, through the same code.
 */
public final class UrlSource {

    /** How a host name becomes addresses (one DNS lookup). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** How a TCP connection to a checked address is made. */
    public interface Connector {
        Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;
    }

    public static final Resolver DNS = InetAddress::getAllByName;
    public static final Connector TCP = (address, timeout) -> {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeout);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    };

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final boolean allowInsecure;
    private final Duration timeout;
    private final Resolver resolver;
    private final Connector connector;
    private final SSLSocketFactory tls;
    private final Clock clock;

    public UrlSource(boolean allowInsecure, Duration timeout, Resolver resolver, Connector connector,
                     SSLSocketFactory tls, Clock clock) {
        this.allowInsecure = allowInsecure;
        this.timeout = timeout;
        this.resolver = resolver;
        this.connector = connector;
        this.tls = tls;
        this.clock = clock;
    }

    public static UrlSource standard(boolean allowInsecure, Duration timeout) {
        return new UrlSource(allowInsecure, timeout, DNS, TCP, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                Clock.systemUTC());
    }

    /** The size, when a HEAD says it; empty when it does not (some servers and presigned URLs refuse HEAD). */
    public OptionalLong size(UploadSource.Url source, Instant deadline) {
        try (HttpExchange.Response head = request(source, "HEAD", 0, deadline)) {
            return head.status() == 200 && head.contentLength() >= 0 ? OptionalLong.of(head.contentLength())
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The content from {@code offset} on. */
    public InputStream open(UploadSource.Url source, long offset, Instant deadline) {
        HttpExchange.Response response;
        try {
            response = request(source, "GET", offset, deadline);
        } catch (IOException e) {
            throw new SourceUnavailable("cannot read " + source.describe() + ": " + e.getMessage(), false, e);
        }
        try {
            return content(source, response, offset);
        } catch (IOException | RuntimeException e) {
            response.close();
            if (e instanceof SourceUnavailable u) {
                throw u;
            }
            throw new SourceUnavailable("cannot read " + source.describe() + ": " + e.getMessage(), false, e);
        }
    }

    private InputStream content(UploadSource.Url source, HttpExchange.Response response, long offset) throws IOException {
        int status = response.status();
        if (status == 200) {
            InputStream body = response.body();
            if (offset > 0) {
                body.skipNBytes(offset); // the server ignored Range: skip what Drive already has
            }
            return body;
        }
        if (status == 206 && offset > 0) {
            String range = response.header("content-range");
            Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
            if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
                throw new SourceUnavailable(source.describe() + " answered 206 with Content-Range " + range
                        + ", not the range from " + offset, true, null);
            }
            return response.body();
        }
        if (status >= 300 && status < 400) {
            throw new SourceUnavailable(source.describe() + " answered " + status
                    + " (a redirect): redirects are not followed; give the final URL", true, null);
        }
        boolean passing = status == 408 || status == 425 || status == 429 || status >= 500;
        throw new SourceUnavailable(source.describe() + " answered " + status
                + (status < 300 ? ", which is not content" : ""), !passing, null);
    }

    private HttpExchange.Response request(UploadSource.Url source, String method, long offset, Instant deadline)
            throws IOException {
        SourceUrls.Target target;
        try {
            target = SourceUrls.target(source.url(), allowInsecure);
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailable(e.getMessage(), true, null);
        }
        Socket socket = connect(target, deadline);
        try {
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[] {"User-Agent", "drivelink"});
            headers.add(new String[] {"Accept-Encoding", "identity"});
            if (offset > 0) {
                headers.add(new String[] {"Range", "bytes=" + offset + "-"});
            }
            return HttpExchange.send(socket, method, target.hostHeader(), target.requestTarget(), headers,
                    timeout, deadline, clock);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Resolves once, checks every address, connects to a checked one; TLS on top, verified against the name. */
    private Socket connect(SourceUrls.Target target, Instant deadline) throws IOException {
        InetAddress[] addresses;
        if (target.literal().isPresent()) {
            addresses = new InetAddress[] {target.literal().get()};
        } else {
            try {
                addresses = resolver.resolve(target.host());
            } catch (UnknownHostException e) {
                throw new SourceUnavailable("the host " + target.host() + " does not resolve", true, e);
            }
        }
        if (addresses == null || addresses.length == 0) {
            throw new SourceUnavailable("the host " + target.host() + " does not resolve", true, null);
        }
        if (!allowInsecure && !Arrays.stream(addresses).allMatch(SourceUrls::isPublic)) {
            throw new SourceUnavailable("the host " + target.host()
                    + " resolves to an address that is not on the public internet", true, null);
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            int connectTimeout = HttpExchange.millisLeft(timeout, deadline, clock);
            Socket plain;
            try {
                plain = connector.connect(new InetSocketAddress(address, target.port()), connectTimeout);
            } catch (IOException e) {
                last = e;
                continue;
            }
            return target.tls() ? handshake(plain, target, deadline) : plain;
        }
        throw last;
    }

    private Socket handshake(Socket plain, SourceUrls.Target target, Instant deadline) throws IOException {
        try {
            SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (target.literal().isEmpty()) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(HttpExchange.millisLeft(timeout, deadline, clock));
            socket.startHandshake();
            return socket;
        } catch (SSLHandshakeException | SSLPeerUnverifiedException e) {
            plain.close();
            boolean certificate = e instanceof SSLPeerUnverifiedException || causedBy(e, CertificateException.class);
            if (certificate) {
                throw new SourceUnavailable("the certificate of " + target.host() + " is not valid for it: "
                        + e.getMessage(), true, e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
