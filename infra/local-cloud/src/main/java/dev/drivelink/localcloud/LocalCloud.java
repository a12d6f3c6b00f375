package dev.drivelink.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import dev.drivelink.emulator.GoogleEmulator;

/**
 * drivelink on one machine: moto as AWS, the Google emulator as Google, every function of
 * template.yaml whose package is built running as Lambda runs it, and the HTTP API gateway with its
 * JWT authorizer, local sign-in and page. The template is the only wiring.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.builder().templateFile(Path.of("template.yaml")).build().start()) {
 *     String jwt = cloud.signIn("user-1");
 *     // http calls to cloud.gatewayUrl() + "/drive/connections" with "Authorization: Bearer " + jwt
 * }
 * }</pre>
 */
public final class LocalCloud implements AutoCloseable {

    static {
        LocalHttp.configure();
    }

    /** The OAuth client registered in the Google emulator and given to the functions. */
    public static final String GOOGLE_CLIENT_ID = "drivelink-local";
    /** Where template.yaml hands a function the ARN of the Google client secret, and the plain fallback. */
    static final String CLIENT_SECRET_ARN_VARIABLE = "DRIVELINK_GOOGLE_CLIENT_SECRET_ARN";
    static final String CLIENT_SECRET_VARIABLE = "DRIVELINK_GOOGLE_CLIENT_SECRET";

    private final Builder config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, FunctionProcess> functions = new LinkedHashMap<>();
    private final Map<String, FunctionUrl> functionUrls = new LinkedHashMap<>();
    private final List<String> notBuilt = new ArrayList<>();
    private HttpApiGateway gateway;
    private EventSources eventSources;
    private LocalAws aws;
    private GoogleEmulator google;
    private CloudTemplate template;
    private Stack stack;
    private String sourceBucket;
    private Path workDir;
    private Thread shutdownHook;
    private volatile boolean closed;

    private LocalCloud(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts everything; on any failure stops what was started and rethrows. */
    public synchronized LocalCloud start() {
        if (gateway != null) {
            return this;
        }
        try {
            startEverything();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        shutdownHook = new Thread(this::close, "local-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return this;
    }

    private void startEverything() {
        template = CloudTemplate.load(config.templateFile != null ? config.templateFile : CloudTemplate.find());
        workDir = createWorkDir();
        StaleProcesses pids = new StaleProcesses(workDir);
        int stale = pids.stopLeftovers();
        if (stale > 0 && config.eventLog != null) {
            config.eventLog.accept("stopped " + stale + " process(es) left over by an earlier run in " + workDir);
        }

        // the port first: the redirect URI and the JWT issuer hold it, and provisioning resolves them
        gateway = HttpApiGateway.start(config.gatewayPort);
        started.add(gateway);
        gateway.accessLog(config.accessLog != null ? config.accessLog : line -> { });

        if (config.aws != null) {
            aws = config.aws;
        } else {
            aws = LocalAws.start(config.awsPort);
            started.add(aws);
            pids.record(aws.pid());
        }
        for (Map.Entry<String, java.net.URI> endpoint : config.serviceEndpoints.entrySet()) {
            aws = aws.withServiceEndpoint(endpoint.getKey(), endpoint.getValue());
        }

        String secret = "local-" + hex(16);
        String redirectUri = gateway.url() + "/drive/callback";
        google = GoogleEmulator.builder().port(config.googlePort)
                .client(GOOGLE_CLIENT_ID, secret, List.of(redirectUri))
                .build().start();
        started.add(google);
        gateway.picker(google.baseUrl() + "picker", GOOGLE_CLIENT_ID);

        Map<String, String> parameters = new LinkedHashMap<>(googleParameters(google, GOOGLE_CLIENT_ID, secret));
        parameters.put("OAuthRedirectUri", redirectUri);
        parameters.put("FrontendUrl", gateway.url() + "/");
        parameters.put("AllowedOrigins", gateway.url());
        parameters.put("JwtIssuer", gateway.localIssuer());
        parameters.put("JwtAudience", LocalSignIn.AUDIENCE);
        String stackName = config.stackName != null ? config.stackName
                : config.aws != null ? "drivelink-" + hex(3) : "drivelink";
        // Local uploads read from a bucket of the local stack and from local URLs (http, loopback).
        Map<String, String> uploadSources = localUploadSources(aws, stackName);
        sourceBucket = uploadSources.get("UploadSourceBuckets");
        parameters.putAll(uploadSources);
        parameters.keySet().retainAll(template.parameters().keySet());
        parameters.putAll(config.parameters);

        stack = new Provisioner(aws).recreate(config.recreate).provision(template, stackName, parameters);

        Map<String, FunctionUrl> urls = new LinkedHashMap<>();
        for (CloudTemplate.Function function : template.functions()) {
            if (function.hasFunctionUrl()) {
                // bound before the functions start: their environment may hold the URL
                FunctionUrl url = FunctionUrl.start(function.logicalId(), 0);
                started.add(url);
                if (config.accessLog != null) {
                    url.accessLog(config.accessLog);
                }
                urls.put(function.logicalId(), url);
                String arn = stack.getAtt(function.logicalId(), "Arn");
                stack.define(function.logicalId() + "Url", "AWS::Lambda::Url", arn,
                        Map.of("FunctionUrl", url.url(), "FunctionArn", arn));
            }
        }
        functionUrls.putAll(urls);

        for (CloudTemplate.Function function : template.functions()) {
            if (function.codeUri() == null || !Files.exists(template.codePath(function))) {
                notBuilt.add(function.logicalId());
                continue;
            }
            String id = function.logicalId();
            FunctionProcess.Builder builder = FunctionProcess.fromStack(stack, id)
                    .workDir(workDir.resolve("functions").resolve(id))
                    .logFile(workDir.resolve("logs").resolve(id + ".log"))
                    .concurrency(config.concurrency)
                    .onSpawn(process -> pids.record(process.pid()));
            if (config.functionLog != null) {
                builder.logListener(line -> config.functionLog.accept(id, line));
            }
            FunctionProcess process = builder.build();
            functions.put(id, process);
            started.add(process);
        }
        if (config.eager) {
            functions.values().forEach(FunctionProcess::start);
        }
        urls.forEach((id, url) -> {
            if (functions.containsKey(id)) {
                url.serve(functions.get(id));
            }
        });
        gateway.serve(stack, functions::get);
        if (config.eager && config.awaitReady != null) {
            List<CompletableFuture<Boolean>> ready = new ArrayList<>();
            for (FunctionProcess process : functions.values()) {
                ready.add(CompletableFuture.supplyAsync(() -> process.awaitReady(config.awaitReady)));
            }
            ready.forEach(CompletableFuture::join);
        }
        eventSources = new EventSources(stack, functions::get, config.eventLog);
        started.add(eventSources);
        S3RemovalNotices removals = new S3RemovalNotices(stack, config.eventLog != null ? config.eventLog : line -> { });
        started.add(removals);
        if (config.eventSources) {
            eventSources.start();
            removals.start();
        }
    }

    private Path createWorkDir() {
        try {
            if (config.workDir != null) {
                return Files.createDirectories(config.workDir.toAbsolutePath());
            }
            Path dir = Files.createTempDirectory("local-cloud-");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }

    /**
     * The template's Schedule and SQS event sources; running unless the builder turned them off
     * ({@link EventSources#fire} runs a schedule now either way).
     */
    public EventSources eventSources() {
        return eventSources;
    }

    /** {@code http://localhost:PORT} (no trailing slash). */
    /** The template parameters that point drivelink at a Google emulator and one of its OAuth clients. */
    public static Map<String, String> googleParameters(GoogleEmulator google, String clientId, String clientSecret) {
        return googleParameters(google.baseUrl(), clientId, clientSecret);
    }

    /** The same for an emulator reached at {@code baseUrl} (for instance one running in its own JVM). */
    public static Map<String, String> googleParameters(String baseUrl, String clientId, String clientSecret) {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("GoogleClientId", clientId);
        parameters.put("GoogleClientSecret", clientSecret);
        parameters.put("GoogleAuthUri", base + "o/oauth2/v2/auth");
        parameters.put("GoogleTokenUri", base + "token");
        parameters.put("GoogleRevokeUri", base + "revoke");
        parameters.put("GoogleDriveRootUrl", base);
        return parameters;
    }

    /**
     * Local upload sources for a stack: its own S3 bucket {@code <stack>-sources} (created if missing)
     * and local http URLs. The template parameters that say so.
     */
    public static Map<String, String> localUploadSources(LocalAws aws, String stackName) {
        String bucket = stackName + "-sources";
        if (aws.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            aws.s3().createBucket(r -> r.bucket(bucket));
        }
        return Map.of("UploadSourceBuckets", bucket, "AllowInsecureUrlSources", "true");
    }

    /**
     * A function's environment for running drivelink's core in this JVM (tests, benchmarks), whose AWS
     * SDK is not pointed at local AWS: the Google client secret as its plain value, read from the
     * stack's secret, instead of the secret's ARN that the function itself reads at init.
     */
    public static Map<String, String> inProcessEnvironment(Stack stack, String functionLogicalId) {
        Map<String, String> env = new LinkedHashMap<>(stack.functionEnvironment(functionLogicalId));
        String arn = env.remove(CLIENT_SECRET_ARN_VARIABLE);
        if (arn != null) {
            try (var secrets = stack.aws().secretsManager()) {
                env.put(CLIENT_SECRET_VARIABLE, secrets.getSecretValue(b -> b.secretId(arn)).secretString());
            }
        }
        return env;
    }

    /** The S3 bucket (in the local AWS) that the upload worker may read sources from. */
    public String sourceBucket() {
        return sourceBucket;
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    public HttpApiGateway gateway() {
        return gateway;
    }

    public GoogleEmulator google() {
        return google;
    }

    public LocalAws aws() {
        return aws;
    }

    public Stack stack() {
        return stack;
    }

    public CloudTemplate template() {
        return template;
    }

    /** Where function task roots and logs live ({@code logs/<LogicalId>.log}). */
    public Path workDir() {
        return workDir;
    }

    /** The running process of a function (its logs, direct invocations). */
    public FunctionProcess function(String logicalId) {
        FunctionProcess process = functions.get(logicalId);
        if (process == null) {
            throw new IllegalArgumentException(logicalId + (notBuilt.contains(logicalId)
                    ? " is not running: its CodeUri " + template.function(logicalId).codeUri() + " is not built"
                    : " is not a function of the template"));
        }
        return process;
    }

    /** The local Function URLs, by function logical id ({@code FunctionUrlConfig} in the template). */
    public Map<String, FunctionUrl> functionUrls() {
        return java.util.Collections.unmodifiableMap(functionUrls);
    }

    public Map<String, FunctionProcess> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    /** Functions of the template that are not running because their package is missing. */
    public List<String> notBuilt() {
        return List.copyOf(notBuilt);
    }

    /** A JWT for {@code user} from the local sign-in, accepted by the gateway's authorizer. */
    public String signIn(String user) {
        return gateway.signIn().issue(user);
    }

    /** Stops everything this instance started (function JVMs, servers, the emulator, moto). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        if (eventSources != null) {
            eventSources.close(); // no new invocations while the functions stop
        }
        // function processes first (they take longest), then the rest in reverse start order
        reversed.sort((a, b) -> Boolean.compare(!(a instanceof FunctionProcess), !(b instanceof FunctionProcess)));
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (AutoCloseable resource : reversed) {
            if (resource instanceof FunctionProcess process) {
                stopping.add(CompletableFuture.runAsync(process::close));
            }
        }
        stopping.forEach(f -> {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // keep stopping the others
            }
        });
        for (AutoCloseable resource : reversed) {
            if (!(resource instanceof FunctionProcess)) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // keep stopping the others
                }
            }
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // we are the hook
            }
        }
        if (config.workDir == null && workDir != null) {
            FunctionProcess.deleteRecursively(workDir.resolve("functions"));
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    public static final class Builder {
        private Path templateFile;
        private int gatewayPort;
        private int googlePort;
        private int awsPort;
        private LocalAws aws;
        private String stackName;
        private boolean recreate;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Map<String, java.net.URI> serviceEndpoints = new LinkedHashMap<>();
        private boolean eager = true;
        private Duration awaitReady = Duration.ofSeconds(60);
        private int concurrency = 1;
        private Path workDir;
        private BiConsumer<String, String> functionLog;
        private java.util.function.Consumer<String> accessLog;
        private java.util.function.Consumer<String> eventLog;
        private boolean eventSources = true;

        private Builder() {
        }

        /** The SAM template; by default the nearest template.yaml up from the working directory. */
        public Builder templateFile(Path file) {
            this.templateFile = file;
            return this;
        }

        /** 0 (default): a free port. */
        public Builder gatewayPort(int port) {
            this.gatewayPort = port;
            return this;
        }

        public Builder googlePort(int port) {
            this.googlePort = port;
            return this;
        }

        /** Start moto on this port (0: a free one). */
        public Builder awsPort(int port) {
            this.awsPort = port;
            this.aws = null;
            return this;
        }

        /** Use a running LocalAws (e.g. {@link LocalAws#shared()}); it is not stopped on close. */
        public Builder aws(LocalAws existing) {
            this.aws = existing;
            return this;
        }

        /**
         * Serve one service elsewhere (e.g. {@code dynamodb} at DynamoDB Local, anything at LocalStack):
         * provisioning and our clients use it, and the functions get {@code AWS_ENDPOINT_URL_<SERVICE>}.
         * Names as {@link LocalAws#withServiceEndpoint} takes them.
         */
        public Builder endpoint(String service, java.net.URI endpoint) {
            LocalAws.serviceId(service); // refuses a bad name now
            this.serviceEndpoints.put(service, endpoint);
            return this;
        }

        /** Default: "drivelink" on its own moto, a random "drivelink-xxxxxx" on a shared one. */
        public Builder stackName(String name) {
            this.stackName = name;
            return this;
        }

        /** Delete what exists under the stack name first (default: reuse it). */
        public Builder recreate(boolean recreate) {
            this.recreate = recreate;
            return this;
        }

        /** A template parameter, over local-cloud's own choices. */
        public Builder parameter(String name, String value) {
            this.parameters.put(name, value);
            return this;
        }

        public Builder parameters(Map<String, String> values) {
            this.parameters.putAll(values);
            return this;
        }

        /** Start one JVM per function at once (default) rather than on its first invocation. */
        public Builder eager(boolean eager) {
            this.eager = eager;
            return this;
        }

        /** With eager start, wait up to this long for every function's init (null: do not wait). */
        public Builder awaitReady(Duration wait) {
            this.awaitReady = wait;
            return this;
        }

        /** The most JVMs per function (default 1). */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Where task roots and logs go (default: a temp directory). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Called with (function logical id, line) for every line a function writes. */
        public Builder functionLog(BiConsumer<String, String> listener) {
            this.functionLog = listener;
            return this;
        }

        /** Called with one line per gateway request. */
        public Builder accessLog(java.util.function.Consumer<String> log) {
            this.accessLog = log;
            return this;
        }

        /** Run the template's Schedule and SQS event sources (default true). */
        public Builder eventSources(boolean run) {
            this.eventSources = run;
            return this;
        }

        /** Called with one line per schedule firing and per SQS batch. */
        public Builder eventLog(java.util.function.Consumer<String> log) {
            this.eventLog = log;
            return this;
        }

        public LocalCloud build() {
            return new LocalCloud(this);
        }
    }
}
