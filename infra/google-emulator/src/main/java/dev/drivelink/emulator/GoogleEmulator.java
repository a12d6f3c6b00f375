package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Google: OAuth 2.0 authorization server and Drive API v3 on one HTTP port.
 *
 * <pre>{@code
 * GoogleEmulator emu = GoogleEmulator.builder().port(0)
 *     .client("client-id", "client-secret", List.of("http://localhost:3000/drive/callback"))
 *     .build().start();
 * }</pre>
 */
public final class GoogleEmulator implements AutoCloseable {
    static {
        // Without it every response waits for Nagle's algorithm (about 40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final List<Account> DEFAULT_ACCOUNTS = List.of(
            Account.seeded("alice@example.com", "Alice Example"),
            Account.seeded("bob@example.com", "Bob Example"),
            Account.seeded("carol@example.com", "Carol Example"));

    private final Builder config;
    private final EmulatorState state;
    private final DriveService drive;
    private final Router router = new Router();
    private final EmulatorAdmin admin;
    private final Notifier notifier;
    private final FaultInjector faults;
    private final ChangesEndpoints changes;
    private final Persistence persistence;
    private HttpServer server;
    private ExecutorService executor;
    private String baseUrl;

    private GoogleEmulator(Builder builder) {
        this.config = builder;
        this.state = new EmulatorState(new EmulatorClock(builder.clock), builder.accessTokenLifetime, builder.accounts);
        builder.clients.forEach(c -> state.clients.put(c.clientId(), c));
        state.refreshTokenLifetime = builder.refreshTokenLifetime;
        this.drive = new DriveService(state);
        this.notifier = new Notifier(state, builder.notificationRetryDelay, builder.notificationMaxAttempts);
        state.changeListener = notifier::onChange;
        this.changes = new ChangesEndpoints(state, drive, notifier);
        this.faults = new FaultInjector(state);
        router.interceptor(faults);
        this.admin = new EmulatorAdmin(state, drive, router, notifier, changes, faults);
        if (builder.dataDir != null) {
            persistence = new Persistence(builder.dataDir, state, builder.persistDelay);
            persistence.load(builder.clients);
            state.dirtyListener = persistence::markDirty;
            router.afterRequest(route -> {
                if (mutates(route)) {
                    persistence.markDirty();
                }
            });
        } else {
            persistence = null;
        }
    }

    /** Requests that may change what the data directory keeps (reads of Drive and the admin API do not). */
    static boolean mutates(String routeKey) {
        if (routeKey.startsWith("GET ") || routeKey.startsWith("HEAD ")) {
            return routeKey.equals("GET /o/oauth2/v2/auth") || routeKey.equals("GET /revoke");
        }
        return true;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; returns this. */
    public synchronized GoogleEmulator start() {
        if (server != null) {
            return this;
        }
        try {
            InetAddress address = InetAddress.getByName(config.host);
            server = HttpServer.create(new InetSocketAddress(address, config.port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.host + ":" + config.port, e);
        }
        baseUrl = "http://" + config.host + ":" + server.getAddress().getPort() + "/";
        state.baseUrl = baseUrl;
        IdTokens idTokens = new IdTokens(state, "https://accounts.google.com");
        new OAuthEndpoints(state, idTokens).register(router);
        DriveEndpoints driveEndpoints = new DriveEndpoints(state, drive);
        driveEndpoints.register(router);
        new UploadEndpoints(state, drive, driveEndpoints).register(router);
        changes.register(router);
        new BatchEndpoint(router).register(router);
        new PickerEndpoints(state, drive).register(router);
        new AdminEndpoints(admin).register(router);
        router.route("GET", "/oauth2/v3/certs", r -> Response.json(idTokens.jwks()))
                .route("GET", "/.well-known/openid-configuration", r -> Response.json(discovery()))
                .route("GET", "/", r -> Response.html(200, ConsentPage.errorPage(200, "google-emulator",
                        "Google emulator: OAuth 2.0 at " + authUri() + ", Drive API v3 at " + baseUrl + "drive/v3/.")));
        executor = Executors.newFixedThreadPool(config.threads, new DaemonThreads("google-emulator-http"));
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        return this;
    }

    private ObjectNode discovery() {
        ObjectNode d = Json.object();
        d.put("issuer", "https://accounts.google.com");
        d.put("authorization_endpoint", authUri());
        d.put("token_endpoint", tokenUri());
        d.put("revocation_endpoint", revokeUri());
        d.put("jwks_uri", baseUrl + "oauth2/v3/certs");
        d.putArray("response_types_supported").add("code");
        d.putArray("subject_types_supported").add("public");
        d.putArray("id_token_signing_alg_values_supported").add("RS256");
        d.putArray("scopes_supported").add("openid").add("email").add("profile");
        d.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        d.putArray("code_challenge_methods_supported").add("plain").add("S256");
        d.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        return d;
    }

    /** "http://127.0.0.1:PORT/" (with the trailing slash). */
    public String baseUrl() {
        requireStarted();
        return baseUrl;
    }

    public int port() {
        requireStarted();
        return server.getAddress().getPort();
    }

    public String authUri() {
        return baseUrl() + "o/oauth2/v2/auth";
    }

    public String tokenUri() {
        return baseUrl() + "token";
    }

    public String revokeUri() {
        return baseUrl() + "revoke";
    }

    /** The Drive client's root URL: Drive under {@code drive/v3/}, uploads under {@code upload/drive/v3/}. */
    public String driveRootUrl() {
        return baseUrl();
    }

    public GoogleEmulator registerClient(String clientId, String clientSecret, List<String> redirectUris) {
        admin.registerClient(clientId, clientSecret, redirectUris);
        return this;
    }

    public List<Account> accounts() {
        return state.accounts;
    }

    public Account account(String email) {
        return state.requireAccount(email);
    }

    public EmulatorAdmin admin() {
        return admin;
    }

    /** The data directory the emulator keeps its state in, or null. */
    public Path dataDir() {
        return config.dataDir;
    }

    /** Writes the state to the data directory now (it is also written shortly after every change and on close). */
    void saveNow() {
        if (persistence != null) {
            persistence.markDirty();
            persistence.flush();
        }
    }

    Persistence persistence() {
        return persistence;
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the emulator is not started");
        }
    }

    /** Stops serving; with a data directory, writes the state first-hand so the next start finds it. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            notifier.close();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (persistence != null) {
            persistence.close();
        }
    }

    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private final List<OAuthClient> clients = new ArrayList<>();
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private Duration refreshTokenLifetime;
        private List<Account> accounts = DEFAULT_ACCOUNTS;
        private Clock clock = Clock.systemUTC();
        private int threads = 64;
        private Path dataDir;
        private Duration notificationRetryDelay = Duration.ofSeconds(1);
        private int notificationMaxAttempts = 6;
        private Duration persistDelay = Duration.ofMillis(50);

        private Builder() {
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Registers an OAuth client; repeatable. */
        public Builder client(String clientId, String clientSecret, List<String> redirectUris) {
            clients.add(new OAuthClient(clientId, clientSecret, redirectUris));
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetime must be positive");
            }
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /**
         * Refresh tokens expire this long after the consent, as Google does for a project whose OAuth consent
         * screen is in "Testing" (7 days). Default: no fixed lifetime (a published app); either way a refresh token
         * unused for six months, or beyond the 100 newest of a client and account, stops working.
         */
        public Builder refreshTokenLifetime(Duration lifetime) {
            if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
                throw new IllegalArgumentException("lifetime must be positive");
            }
            this.refreshTokenLifetime = lifetime;
            return this;
        }

        /** Replaces the seeded accounts. */
        public Builder accounts(List<Account> accounts) {
            this.accounts = List.copyOf(accounts);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** First retry delay of a failed push notification (doubles on each retry; default 1 s). */
        public Builder notificationRetryDelay(Duration delay) {
            this.notificationRetryDelay = delay;
            return this;
        }

        /** Delivery attempts per push notification, the first included (default 6). */
        public Builder notificationMaxAttempts(int attempts) {
            this.notificationMaxAttempts = attempts;
            return this;
        }

        /**
         * Keeps the state in this directory between restarts (created if missing): accounts' files with their
         * content, OAuth clients, grants and tokens, the change log and page tokens, watch channels, the clock.
         * Clients given to {@link #client} win over saved ones with the same id.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How long after a change the data directory is written (default 50 ms; close() always writes). */
        public Builder persistDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
            this.persistDelay = delay;
            return this;
        }

        public GoogleEmulator build() {
            return new GoogleEmulator(this);
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
