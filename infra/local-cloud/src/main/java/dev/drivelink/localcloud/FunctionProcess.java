package dev.drivelink.localcloud;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Lambda function run as Lambda runs it: its code (a function.zip, unzipped into a task root)
 * in execution environments that are separate JVMs started with AWS's runtime interface client,
 * each talking to its own {@link LambdaRuntimeApi}.
 *
 * <p>Invocations queue up and go to the next environment that asks for work; an environment handles
 * one at a time. Up to {@code concurrency} environments are started (1 by default), on demand or,
 * with {@link #start()}, one ahead of time. An invocation that outlives the function timeout ends in
 * {@code Sandbox.Timedout} and its environment is killed and replaced; an environment that fails its
 * init ({@code /init/error}) or exits is replaced when work arrives.
 *
 * <p>Whatever the function writes to stdout/stderr goes, line by line, to its log file, to
 * {@link #logs()} and to an optional listener.
 */
public final class FunctionProcess implements AutoCloseable {

    static {
        LocalHttp.configure();
    }

    private static final int MAX_LOG_LINES = 200_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "function-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    private static final List<Process> ALL_CHILDREN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process child : ALL_CHILDREN) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
        }, "function-processes-shutdown"));
    }

    private final String logicalId;
    private final String functionName;
    private final String functionArn;
    private final String invokedFunctionArn;
    private final String version;
    private final String logGroup;
    private final String handler;
    private final int memorySize;
    private final Duration timeout;
    private final Duration initTimeout;
    private final int concurrency;
    private final Map<String, String> environment;
    private final Path codeSource;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Path logFile;
    private final Consumer<String> logListener;
    private final List<String> jvmOptions;
    private final Consumer<ProcessHandle> onSpawn;

    private final LinkedBlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final List<ExecutionEnvironment> environments = new CopyOnWriteArrayList<>();
    private final AtomicInteger environmentCounter = new AtomicInteger();
    private final AtomicInteger starts = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong invocations = new java.util.concurrent.atomic.AtomicLong();
    private final List<ColdStart> coldStarts = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> logLines = new ArrayDeque<>();
    private final BufferedWriter logWriter;
    private final Object lock = new Object();
    private volatile Path taskRoot;
    private volatile boolean eager;
    private volatile boolean closed;
    private volatile String initError;

    private FunctionProcess(Builder b) {
        this.logicalId = Objects.requireNonNull(b.logicalId, "logicalId");
        this.functionName = b.functionName != null ? b.functionName : b.logicalId;
        this.functionArn = "arn:aws:lambda:" + b.region + ":" + LocalAws.ACCOUNT_ID + ":function:" + functionName;
        this.invokedFunctionArn = b.alias != null ? functionArn + ":" + b.alias : functionArn;
        this.version = b.version;
        this.logGroup = b.logGroup != null ? b.logGroup : "/aws/lambda/" + functionName;
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.memorySize = b.memorySize;
        this.timeout = b.timeout;
        this.initTimeout = b.initTimeout;
        this.concurrency = Math.max(1, b.concurrency);
        this.environment = new LinkedHashMap<>(b.environment);
        this.environment.putIfAbsent("AWS_REGION", b.region);
        this.codeSource = Objects.requireNonNull(b.code, "code").toAbsolutePath().normalize();
        this.logListener = b.logListener;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.onSpawn = b.onSpawn;
        try {
            if (b.workDir != null) {
                this.workDir = Files.createDirectories(b.workDir.toAbsolutePath());
                this.ownsWorkDir = false;
            } else {
                this.workDir = Files.createTempDirectory("local-cloud-" + logicalId + "-");
                this.ownsWorkDir = true;
            }
            this.logFile = b.logFile != null ? b.logFile.toAbsolutePath() : workDir.resolve(logicalId + ".log");
            Files.createDirectories(logFile.getParent());
            this.logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + logicalId, e);
        }
    }

    public static Builder builder(String logicalId) {
        return new Builder(logicalId);
    }

    /**
     * A builder filled from the template and a provisioned stack: CodeUri (relative to the
     * template), Handler, MemorySize, Timeout, the resolved environment, the function's name, its
     * log group and, with {@code AutoPublishAlias}, the alias and version its invocations run.
     * {@code SnapStart} is accepted: every environment starts cold, which is what a snapshot would hold.
     * What cannot run here fails now: a runtime other than Java, a container image, layers (they would
     * be missing from the classpath).
     */
    public static Builder fromStack(Stack stack, String logicalId) {
        CloudTemplate.Function function = stack.template().function(logicalId);
        if (function.codeUri() == null) {
            throw new IllegalArgumentException(logicalId + " has no local CodeUri");
        }
        Map<String, Object> p = function.properties();
        if ("Image".equals(String.valueOf(p.get("PackageType")))) {
            throw new IllegalArgumentException(logicalId + ": container image functions do not run locally");
        }
        if (function.runtime() == null || !function.runtime().startsWith("java")) {
            throw new IllegalArgumentException(logicalId + ": runtime " + function.runtime()
                    + " does not run locally (local-cloud runs Java functions)");
        }
        if (!stack.resolveStrings(p.get("Layers")).isEmpty()) {
            throw new IllegalArgumentException(logicalId + ": layers are not available locally (their code would be "
                    + "missing from the function's classpath)");
        }
        return builder(logicalId)
                .functionName(stack.resource(logicalId).map(Stack.PhysicalResource::ref).orElse(logicalId))
                .code(stack.template().codePath(function))
                .handler(function.handler())
                .memorySize(stack.functionMemorySize(logicalId))
                .timeout(Duration.ofSeconds(stack.functionTimeoutSeconds(logicalId)))
                .environment(stack.functionEnvironment(logicalId))
                .alias(stack.functionAlias(logicalId).orElse(null))
                .version(stack.functionVersion(logicalId))
                .logGroup(stack.functionLogGroup(logicalId))
                .region(stack.aws().region());
    }

    public String logicalId() {
        return logicalId;
    }

    public String functionName() {
        return functionName;
    }

    public String functionArn() {
        return functionArn;
    }

    /** The ARN invocations name (with the alias, when the template publishes one). */
    public String invokedFunctionArn() {
        return invokedFunctionArn;
    }

    /**
     * One entry per execution environment that served an invocation: its init (JVM start to its
     * first request for work, Lambda's "Init Duration"), that first invocation, and the CPU time the JVM
     * had used when it answered (all threads; zero where the platform does not say).
     */
    public record ColdStart(Duration init, Duration firstInvocation, Duration cpu) {
        /** JVM start to the first invocation served. */
        public Duration total() {
            return init.plus(firstInvocation);
        }
    }

    /** The cold starts so far, oldest first. */
    public List<ColdStart> coldStarts() {
        return List.copyOf(coldStarts);
    }

    public Duration timeout() {
        return timeout;
    }

    public Path logFile() {
        return logFile;
    }

    /** Every line the function's processes wrote so far (stdout and stderr), oldest first. */
    public List<String> logs() {
        synchronized (logLines) {
            return List.copyOf(logLines);
        }
    }

    /** The last init failure ({@code /init/error}, or an exit before asking for work), if any. */
    public Optional<String> initError() {
        return Optional.ofNullable(initError);
    }

    /** How many execution environments (JVMs) were started so far. */
    public int starts() {
        return starts.get();
    }

    /** The most execution environments this function runs at once. */
    public int concurrency() {
        return concurrency;
    }

    /** How many times {@link #invoke} was called. */
    public long invocations() {
        return invocations.get();
    }

    /** Process ids of the live environments. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (ExecutionEnvironment env : environments) {
            if (env.process.isAlive()) {
                pids.add(env.process.pid());
            }
        }
        return pids;
    }

    /** Starts one environment now (and again whenever it goes away), instead of on the first invocation. */
    public FunctionProcess start() {
        eager = true;
        synchronized (lock) {
            if (environments.isEmpty()) {
                spawn();
            }
        }
        return this;
    }

    /** Waits until an environment has asked for work (its init is done); false on timeout or init failure. */
    public boolean awaitReady(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !closed) {
            for (ExecutionEnvironment env : environments) {
                if (env.ready) {
                    return true;
                }
            }
            if (initError != null && environments.isEmpty()) {
                return false;
            }
            sleep(20);
        }
        return false;
    }

    public InvocationResult invoke(String eventJson) {
        return invoke(eventJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Invokes the function with {@code event} and waits for its response or error: at most the
     * function timeout once an environment has taken it, plus the init timeout while waiting for one.
     */
    public InvocationResult invoke(byte[] event) {
        if (closed) {
            throw new IllegalStateException(logicalId + " is closed");
        }
        Pending pending = new Pending(UUID.randomUUID().toString(), event);
        invocations.incrementAndGet();
        queue.addLast(pending);
        try {
            scale();
        } catch (RuntimeException e) {
            queue.remove(pending);
            throw e;
        }
        long waitMillis = initTimeout.toMillis() + timeout.toMillis() + 5_000;
        try {
            return pending.result.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            InvocationResult result = InvocationResult.error(pending.requestId, "Sandbox.Timedout",
                    "RequestId: " + pending.requestId + " Error: no execution environment of " + logicalId
                            + " took the invocation within " + Duration.ofMillis(waitMillis).toSeconds() + " s",
                    elapsed(pending));
            pending.result.complete(result);
            killStuckEnvironments();
            return pending.result.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.result.cancel(false);
            throw new IllegalStateException("interrupted while invoking " + logicalId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void scale() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            int waitingForWork = 0;
            for (ExecutionEnvironment env : environments) {
                if (env.alive && env.inFlight == null) {
                    waitingForWork++;
                }
            }
            int queued = 0;
            for (Pending pending : queue) {
                if (!pending.result.isDone()) {
                    queued++;
                }
            }
            if ((queued > waitingForWork && environments.size() < concurrency)
                    || (eager && environments.isEmpty() && initError == null)) {
                spawn();
            }
        }
    }

    private void killStuckEnvironments() {
        for (ExecutionEnvironment env : environments) {
            if (!env.ready && System.nanoTime() - env.startedNanos > initTimeout.toNanos()) {
                log("local-cloud: " + logicalId + " did not finish its init within " + initTimeout.toSeconds()
                        + " s; killing pid " + env.process.pid());
                env.kill();
            }
        }
    }

    /** Starts one more execution environment; callers hold {@link #lock}. */
    private void spawn() {
        try {
            Path root = taskRoot();
            LambdaRuntimeClient ric = LambdaRuntimeClient.get();
            int index = environmentCounter.incrementAndGet();
            Path envDir = workDir.resolve("env-" + index);
            Path tmp = Files.createDirectories(envDir.resolve("tmp"));
            Path jni = ric.extractNativeLibrary(envDir);
            ExecutionEnvironment env = new ExecutionEnvironment(index, envDir);
            env.api = LambdaRuntimeApi.start(env);

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.add("-Xmx" + Math.max(64, memorySize * 85 / 100) + "m");
            command.add("-Djava.io.tmpdir=" + tmp);
            command.add("-Djava.net.preferIPv4Stack=true");
            command.add("-D" + LambdaRuntimeClient.JNI_PROPERTY + "=" + jni);
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(ric.classpathString());
            command.add(LambdaRuntimeClient.MAIN_CLASS);
            command.add(handler);

            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            Map<String, String> env0 = builder.environment();
            String path = env0.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            env0.clear(); // a function sees its own environment, never the developer's (no stray AWS_PROFILE)
            env0.put("PATH", path);
            env0.put("LANG", "en_US.UTF-8");
            env0.put("TZ", "UTC");
            env0.put("LAMBDA_TASK_ROOT", root.toString());
            env0.put("LAMBDA_RUNTIME_DIR", ric.directory().toString());
            env0.put("AWS_LAMBDA_RUNTIME_API", env.api.address());
            env0.put("_HANDLER", handler);
            env0.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
            env0.put("AWS_LAMBDA_FUNCTION_VERSION", version);
            env0.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memorySize));
            env0.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup);
            env0.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                    + "/[" + version + "]" + hex(16));
            env0.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            env0.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env0.putAll(environment);
            env0.putIfAbsent("AWS_DEFAULT_REGION", env0.get("AWS_REGION"));

            env.process = builder.start();
            env.startedNanos = System.nanoTime();
            ALL_CHILDREN.add(env.process);
            if (onSpawn != null) {
                onSpawn.accept(env.process.toHandle());
            }
            environments.add(env);
            starts.incrementAndGet();
            Thread pump = new Thread(() -> pump(env.process.getInputStream()), "logs-" + logicalId + "-" + index);
            pump.setDaemon(true);
            pump.start();
            env.process.onExit().thenRun(() -> exited(env));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + logicalId, e);
        }
    }

    private Path taskRoot() throws IOException {
        if (taskRoot == null) {
            if (Files.isDirectory(codeSource)) {
                taskRoot = codeSource;
            } else if (Files.isRegularFile(codeSource)) {
                taskRoot = unzip(codeSource, workDir.resolve("task"));
            } else {
                throw new IllegalStateException(logicalId + ": no code at " + codeSource + " (build it first)");
            }
        }
        return taskRoot;
    }

    static Path unzip(Path zip, Path target) throws IOException {
        if (Files.exists(target)) {
            deleteRecursively(target);
        }
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
        return target;
    }

    private void pump(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                log(line);
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    private void log(String line) {
        synchronized (logLines) {
            logLines.addLast(line);
            if (logLines.size() > MAX_LOG_LINES) {
                logLines.removeFirst();
            }
            try {
                logWriter.write(line);
                logWriter.newLine();
                logWriter.flush();
            } catch (IOException ignored) {
                // the file is a convenience; logs() still has the line
            }
        }
        if (logListener != null) {
            try {
                logListener.accept(line);
            } catch (RuntimeException ignored) {
                // a listener must not break the function
            }
        }
    }

    /**
     * Fails every invocation queued now; callers hold {@link #lock}. Taken off the queue before any is
     * completed: a caller woken by the first completion may queue its next invocation at once, and that
     * one belongs to the next environment, not to this failure.
     */
    private void failQueued(String errorType, String message) {
        List<Pending> failing = new ArrayList<>();
        queue.drainTo(failing);
        for (Pending pending : failing) {
            pending.result.complete(InvocationResult.error(pending.requestId, errorType,
                    "RequestId: " + pending.requestId + " Error: " + message, elapsed(pending)));
        }
    }

    private void exited(ExecutionEnvironment env) {
        env.alive = false;
        ALL_CHILDREN.remove(env.process);
        env.api.close();
        Pending inFlight;
        synchronized (env) {
            inFlight = env.inFlight;
            env.inFlight = null;
        }
        int status = env.process.exitValue();
        if (inFlight != null && !inFlight.result.isDone()) {
            inFlight.cancelTimer();
            inFlight.result.complete(InvocationResult.error(inFlight.requestId, "Runtime.ExitError",
                    "RequestId: " + inFlight.requestId + " Error: Runtime exited with error: exit status " + status,
                    elapsed(inFlight)));
        }
        if (!env.ready && !env.killed && !env.initFailed && initError == null && !closed) {
            initError = "Runtime.ExitError: the process exited with status " + status + " before its init finished"
                    + lastLines(5);
        }
        synchronized (lock) {
            environments.remove(env);
            if (!env.ready && !env.initFailed && initError != null && environments.isEmpty()) {
                // Lambda retries init on the next invocation: fail what waits now instead of looping
                failQueued("Runtime.InitError", initError);
            }
        }
        if (!closed) {
            deleteRecursively(env.dir);
            if (env.ready || env.killed) {
                scale();
            }
        }
    }

    private String lastLines(int count) {
        List<String> lines = logs();
        if (lines.isEmpty()) {
            return "";
        }
        return "; last output: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pending pending; (pending = queue.pollFirst()) != null; ) {
            pending.result.complete(InvocationResult.error(pending.requestId, "Runtime.Shutdown",
                    logicalId + " is shutting down", elapsed(pending)));
        }
        for (ExecutionEnvironment env : environments) {
            env.kill();
        }
        for (ExecutionEnvironment env : environments) {
            try {
                env.process.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // already forcibly destroyed
            }
            env.api.close();
        }
        synchronized (logLines) {
            try {
                logWriter.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        if (taskRoot != null && !taskRoot.equals(codeSource)) {
            deleteRecursively(taskRoot);
        }
        try (Stream<Path> children = Files.list(workDir)) {
            children.filter(p -> p.getFileName().toString().startsWith("env-")).forEach(FunctionProcess::deleteRecursively);
        } catch (IOException ignored) {
            // best effort
        }
        if (ownsWorkDir && !logFile.startsWith(workDir)) {
            deleteRecursively(workDir);
        }
    }

    private static long elapsed(Pending pending) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pending.enqueuedNanos);
    }

    static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String traceId() {
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex(12) + ";Parent=" + hex(8)
                + ";Sampled=0";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FunctionProcess[" + logicalId + ", " + environments.size() + " environment(s)]";
    }

    /** An invocation waiting for, or being handled by, an environment. */
    private static final class Pending {
        final String requestId;
        final byte[] event;
        final long enqueuedNanos = System.nanoTime();
        final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;
        volatile long startedNanos;

        Pending(String requestId, byte[] event) {
            this.requestId = requestId;
            this.event = event;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** One JVM with its own Runtime API. */
    private final class ExecutionEnvironment implements LambdaRuntimeApi.Environment {
        final int index;
        final Path dir;
        volatile LambdaRuntimeApi api;
        volatile Process process;
        volatile long startedNanos;
        volatile long readyNanos;
        volatile boolean servedOne;
        volatile boolean alive = true;
        volatile boolean ready;
        volatile boolean killed;
        volatile boolean initFailed;
        volatile Pending inFlight;

        ExecutionEnvironment(int index, Path dir) {
            this.index = index;
            this.dir = dir;
        }

        @Override
        public LambdaRuntimeApi.Invocation next() throws InterruptedException {
            if (!ready && !initFailed) {
                readyNanos = System.nanoTime();
                ready = true;
                initError = null;
            }
            while (alive && !closed) {
                Pending pending = queue.pollFirst(200, TimeUnit.MILLISECONDS);
                if (pending == null || pending.result.isDone()) {
                    continue;
                }
                synchronized (this) {
                    if (!alive || closed) {
                        queue.offerFirst(pending);
                        return null;
                    }
                    inFlight = pending;
                }
                long deadline = System.currentTimeMillis() + timeout.toMillis();
                pending.timer = TIMERS.schedule(() -> timedOut(pending), timeout.toMillis(), TimeUnit.MILLISECONDS);
                pending.startedNanos = System.nanoTime();
                return new LambdaRuntimeApi.Invocation(pending.requestId, pending.event, deadline, invokedFunctionArn,
                        traceId());
            }
            return null;
        }

        @Override
        public boolean response(String requestId, byte[] payload) {
            Pending pending = finish(requestId);
            if (pending == null) {
                return false;
            }
            pending.result.complete(InvocationResult.success(requestId, payload, elapsed(pending)));
            return true;
        }

        @Override
        public boolean error(String requestId, String errorType, byte[] payload) {
            Pending pending = finish(requestId);
            if (pending == null) {
                return false;
            }
            pending.result.complete(InvocationResult.error(requestId, errorType, payload, elapsed(pending)));
            return true;
        }

        private synchronized Pending finish(String requestId) {
            Pending pending = inFlight;
            if (pending == null || !pending.requestId.equals(requestId)) {
                return null;
            }
            inFlight = null;
            pending.cancelTimer();
            if (!servedOne) {
                servedOne = true;
                Duration served = Duration.ofNanos(System.nanoTime() - pending.startedNanos);
                coldStarts.add(new ColdStart(Duration.ofNanos(readyNanos - startedNanos), served,
                        process.info().totalCpuDuration().orElse(Duration.ZERO)));
            }
            return pending;
        }

        @Override
        public void initError(String errorType, byte[] payload) {
            if (initFailed) {
                return; // the runtime client may report one failed init more than once
            }
            // Marked first: the process exits right after this, and its exit handler must leave the
            // queued invocations to this one place.
            initFailed = true;
            alive = false;
            String message = new String(payload, StandardCharsets.UTF_8);
            var node = Json.tryParse(payload);
            if (node != null && node.hasNonNull("errorMessage")) {
                message = node.get("errorMessage").asText();
            }
            initError = errorType + ": " + message;
            log("local-cloud: " + logicalId + " init failed: " + initError);
            // This environment is done: drop it now, so the next invocation gets a fresh init as on Lambda.
            synchronized (lock) {
                environments.remove(this);
                if (environments.isEmpty()) {
                    failQueued("Runtime.InitError", initError);
                }
            }
        }

        void timedOut(Pending pending) {
            synchronized (this) {
                if (inFlight != pending) {
                    return;
                }
                inFlight = null;
            }
            String seconds = String.format(java.util.Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0);
            log("local-cloud: " + pending.requestId + " Task timed out after " + seconds
                    + " seconds; killing the execution environment (pid " + process.pid() + ")");
            kill();
            pending.result.complete(InvocationResult.error(pending.requestId, "Sandbox.Timedout",
                    "RequestId: " + pending.requestId + " Error: Task timed out after " + seconds + " seconds",
                    elapsed(pending)));
        }

        void kill() {
            killed = true;
            alive = false;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    public static final class Builder {
        private final String logicalId;
        private String functionName;
        private Path code;
        private String handler;
        private int memorySize = 512;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration initTimeout = Duration.ofSeconds(60);
        private int concurrency = 1;
        private String alias;
        private String version = "$LATEST";
        private String logGroup;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String region = LocalAws.REGION;
        private Path workDir;
        private Path logFile;
        private Consumer<String> logListener;
        private final List<String> jvmOptions = new ArrayList<>();
        private Consumer<ProcessHandle> onSpawn;

        private Builder(String logicalId) {
            this.logicalId = logicalId;
        }

        /** The physical function name (AWS_LAMBDA_FUNCTION_NAME); the logical id by default. */
        public Builder functionName(String name) {
            this.functionName = name;
            return this;
        }

        /** A function.zip, or a directory that already is the task root. */
        public Builder code(Path zipOrDirectory) {
            this.code = zipOrDirectory;
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /** The alias invocations name (the invoked function ARN ends with it); none by default. */
        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        /** AWS_LAMBDA_FUNCTION_VERSION; {@code $LATEST} by default. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** AWS_LAMBDA_LOG_GROUP_NAME; {@code /aws/lambda/<function name>} by default. */
        public Builder logGroup(String logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        public Builder memorySize(int megabytes) {
            this.memorySize = megabytes;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How long an environment may take to ask for its first invocation (default 60 s). */
        public Builder initTimeout(Duration initTimeout) {
            this.initTimeout = initTimeout;
            return this;
        }

        /** The most environments (JVMs) run at once; default 1. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** The function's own variables (the template's Environment, resolved). */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Where the task root, per-environment files and (by default) the log go; a temp dir by default. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Also called with every log line (e.g. to echo it on the console). */
        public Builder logListener(Consumer<String> listener) {
            this.logListener = listener;
            return this;
        }

        /** Extra JVM options for the function JVMs (e.g. a debugger agent). */
        public Builder jvmOption(String option) {
            this.jvmOptions.add(option);
            return this;
        }

        /** Called with every JVM this function starts (e.g. to record its pid). */
        public Builder onSpawn(Consumer<ProcessHandle> listener) {
            this.onSpawn = listener;
            return this;
        }

        public FunctionProcess build() {
            return new FunctionProcess(this);
        }
    }
}
