package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local AWS: a moto server ({@code python3 -m moto.server}) in a child process, serving DynamoDB, KMS,
 * SQS, S3, EventBridge, Secrets Manager, CloudWatch Logs, SNS and the rest on one endpoint.
 *
 * <p>Tests use {@link #shared()} (one per JVM, free port, stopped when the JVM exits); the local run
 * uses {@link #start(int)}. {@link #external(URI)} wraps an endpoint someone else runs (LocalStack,
 * a moto started by hand): it is never stopped by us.
 *
 * <p>{@link #withServiceEndpoint} sends one service elsewhere (DynamoDB Local, LocalStack): our
 * clients for it use that endpoint, and function processes get {@code AWS_ENDPOINT_URL_<SERVICE>},
 * which the AWS SDKs prefer to {@code AWS_ENDPOINT_URL}.
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";
    public static final String ACCOUNT_ID = "123456789012";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Names accepted for {@link #withServiceEndpoint}, and the service identifier each stands for
     * (the {@code <SERVICE>} of {@code AWS_ENDPOINT_URL_<SERVICE>}: the SDK's service id, upper case,
     * spaces as underscores).
     */
    private static final Map<String, String> SERVICE_IDS = Map.ofEntries(
            Map.entry("dynamodb", "DYNAMODB"), Map.entry("sqs", "SQS"), Map.entry("kms", "KMS"), Map.entry("s3", "S3"),
            Map.entry("events", "EVENTBRIDGE"), Map.entry("eventbridge", "EVENTBRIDGE"),
            Map.entry("secretsmanager", "SECRETS_MANAGER"), Map.entry("secrets_manager", "SECRETS_MANAGER"),
            Map.entry("logs", "CLOUDWATCH_LOGS"), Map.entry("cloudwatch_logs", "CLOUDWATCH_LOGS"),
            Map.entry("cloudwatch", "CLOUDWATCH"), Map.entry("monitoring", "CLOUDWATCH"), Map.entry("sns", "SNS"));
    private static LocalAws shared;

    private final URI endpoint;
    private final int port;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;
    /** Service identifier (DYNAMODB, SQS...) -> the endpoint that serves it instead of {@link #endpoint}. */
    private final Map<String, URI> serviceEndpoints;
    /** The instance that owns the process, for a view made by {@link #withServiceEndpoint}; else null. */
    private final LocalAws owner;
    private volatile boolean closed;

    private LocalAws(URI endpoint, int port, Process process, Path logFile) {
        this(endpoint, port, process, logFile, Map.of(), null);
    }

    private LocalAws(URI endpoint, int port, Process process, Path logFile, Map<String, URI> serviceEndpoints,
            LocalAws owner) {
        this.endpoint = endpoint;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
        this.serviceEndpoints = Collections.unmodifiableMap(new LinkedHashMap<>(serviceEndpoints));
        this.owner = owner;
        if (process != null && owner == null) {
            this.shutdownHook = new Thread(this::stopProcess, "local-aws-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** One moto per JVM, on a free port, started on first use and stopped when the JVM exits. */
    public static synchronized LocalAws shared() {
        if (shared == null || shared.closed || !shared.isAlive()) {
            shared = start(0);
        }
        return shared;
    }

    /** Starts moto on {@code port} (0: a free port) and waits until it answers. */
    public static LocalAws start(int port) {
        IllegalStateException last = null;
        int attempts = port == 0 ? 3 : 1;
        for (int i = 0; i < attempts; i++) {
            int chosen = port == 0 ? freePort() : port;
            try {
                return launch(chosen);
            } catch (IllegalStateException e) {
                last = e; // a free port taken between probe and bind: try another
            }
        }
        throw last;
    }

    /** An endpoint that is already running (moto, LocalStack): never started or stopped by us. */
    public static LocalAws external(URI endpoint) {
        return new LocalAws(endpoint, endpoint.getPort(), null, null);
    }

    private static String motoScript() {
        try (InputStream in = LocalAws.class.getResourceAsStream("moto-atomic.py")) {
            if (in == null) {
                throw new IllegalStateException("moto-atomic.py is missing from local-cloud's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalAws launch(int port) {
        Path logFile;
        try {
            logFile = Files.createTempFile("moto-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // moto's server with DynamoDB requests served one at a time (moto-atomic.py says why); the
        // "moto.server" argument lets StaleProcesses recognise it
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", motoScript(), "moto.server", "-H", "127.0.0.1",
                "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Path shims = Path.of(System.getProperty("user.home"), ".pyenv", "shims");
        if (Files.isDirectory(shims)) {
            String path = builder.environment().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            builder.environment().put("PATH", shims + ":" + path);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto (python3 -m moto.server): " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with " + process.exitValue() + " on port " + port
                        + ": " + tail(logFile));
            }
            if (answers(endpoint)) {
                return new LocalAws(endpoint, port, process, logFile);
            }
            sleep(50);
        }
        destroy(process);
        throw new IllegalStateException("moto did not answer on port " + port + " within " + START_TIMEOUT
                + ": " + tail(logFile));
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(endpoint + "/moto-api/").openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * The same local AWS with {@code service} served at {@code serviceEndpoint} (for instance
     * {@code dynamodb} at DynamoDB Local). Names: dynamodb, sqs, kms, s3, events (eventbridge),
     * secretsmanager, logs, cloudwatch, sns, or any SDK service identifier (e.g. {@code STS}). The
     * view does not own moto: closing it stops nothing.
     */
    public LocalAws withServiceEndpoint(String service, URI serviceEndpoint) {
        if (serviceEndpoint.getScheme() == null || serviceEndpoint.getHost() == null) {
            throw new IllegalArgumentException("an endpoint is a URL like http://localhost:8000, not " + serviceEndpoint);
        }
        Map<String, URI> endpoints = new LinkedHashMap<>(serviceEndpoints);
        endpoints.put(serviceId(service), serviceEndpoint);
        return new LocalAws(endpoint, port, process, logFile, endpoints, owner != null ? owner : this);
    }

    /** The endpoints that serve a service instead of {@link #endpoint()}, by service identifier. */
    public Map<String, URI> serviceEndpoints() {
        return serviceEndpoints;
    }

    /** Where our clients for {@code service} go (a name as {@link #withServiceEndpoint} takes). */
    public URI endpointFor(String service) {
        return serviceEndpoints.getOrDefault(serviceId(service), endpoint);
    }

    /** The SDK's identifier of a service name: dynamodb -> DYNAMODB, secretsmanager -> SECRETS_MANAGER. */
    static String serviceId(String service) {
        String key = service.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        String known = SERVICE_IDS.get(key);
        if (known != null) {
            return known;
        }
        if (!key.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a service name: " + service + " (e.g. dynamodb, sqs, kms, s3, events, "
                    + "secretsmanager, logs, cloudwatch, sns)");
        }
        return key.toUpperCase(Locale.ROOT);
    }

    public int port() {
        return port;
    }

    public String region() {
        return REGION;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    /** moto's own output (null for an external endpoint). */
    public Path logFile() {
        return logFile;
    }

    /** The moto process id, or -1 for an external endpoint. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return owner != null ? owner.isAlive() : process == null || process.isAlive();
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** What a function process needs to talk to this endpoint with the SDK's standard configuration. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        serviceEndpoints.forEach((service, url) -> env.put("AWS_ENDPOINT_URL_" + service, url.toString()));
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        return env;
    }

    /** Configures any SDK v2 sync client builder for this endpoint (URL connection HTTP client). */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return client(builder, endpoint);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String service) {
        return client(builder, endpointFor(service));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI target) {
        return builder.endpointOverride(target)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.builder(), "dynamodb");
    }

    public KmsClient kms() {
        return client(KmsClient.builder(), "kms");
    }

    public SqsClient sqs() {
        return client(SqsClient.builder(), "sqs");
    }

    /** Path-style addressing: bucket host names under 127.0.0.1 do not resolve. */
    public S3Client s3() {
        return client(S3Client.builder().forcePathStyle(true), "s3");
    }

    public EventBridgeClient eventBridge() {
        return client(EventBridgeClient.builder(), "events");
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.builder(), "secretsmanager");
    }

    public CloudWatchLogsClient logs() {
        return client(CloudWatchLogsClient.builder(), "logs");
    }

    public SnsClient sns() {
        return client(SnsClient.builder(), "sns");
    }

    /** Clears every resource in moto ({@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(endpoint + "/moto-api/reset").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            int status = c.getResponseCode();
            c.disconnect();
            if (status / 100 != 2) {
                throw new IllegalStateException("moto reset answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto reset failed", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // already running the hooks
            }
        }
    }

    private void stopProcess() {
        if (process != null && owner == null) {
            destroy(process);
        }
    }

    static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "LocalAws[" + endpoint + (process != null ? ", pid " + process.pid() : ", external")
                + (serviceEndpoints.isEmpty() ? "" : ", " + serviceEndpoints) + "]";
    }
}
