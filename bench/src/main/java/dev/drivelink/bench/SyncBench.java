package dev.drivelink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.sync.engine.SyncRunResult;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.wiring.AwsClients;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Issue 11's sync benchmark: one project of N small files (1-4 KiB, in a few nested folders) in
 * {@code bidirectional} mode, synced by the real {@code SyncEngine} (functions/core) against moto's versioned
 * S3 bucket and the Google emulator (own JVM). For each N: the first sync (the app side has N objects, Drive
 * none), a quiet sync (nothing changed), a sync after 1 file changed in S3 and one after 1 file changed in
 * Drive. Per sync: wall time, Drive requests by route (the emulator's request counts, {@code POST /token}
 * left out), S3 and DynamoDB calls by operation (counted by an SDK interceptor on the engine's clients).
 * Prints figures, asserts nothing.
 *
 * <p>Options: {@code --files 250,500,1000}, {@code --emulator-heap 2g}, {@code --seed 11}.
 */
public final class SyncBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] FOLDERS = {"", "mixes", "mixes/drafts", "stems/drums", "stems/vocals", "notes/2026"};
    static final String[] ACCOUNTS = {"alice@example.com", "bob@example.com", "carol@example.com"};
    static final List<String> PHASES = List.of("first sync", "quiet sync", "1 file changed in S3", "1 file changed in Drive");

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> lines = new ArrayList<>();
    /** phase -> files -> figures */
    final Map<String, Map<Integer, Figures>> results = new LinkedHashMap<>();

    record Figures(long millis, SyncRunResult.ProjectOutcome outcome, Map<String, Long> drive, Map<String, Long> s3,
                   Map<String, Long> dynamo) {
        long driveTotal() {
            return drive.values().stream().mapToLong(Long::longValue).sum();
        }

        long s3Total() {
            return s3.values().stream().mapToLong(Long::longValue).sum();
        }

        long dynamoTotal() {
            return dynamo.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Counts the SDK calls of one client by operation name (one per call, retries not counted twice). */
    static final class CallCounter implements ExecutionInterceptor {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            counts.computeIfAbsent(operation == null ? "?" : operation, k -> new AtomicLong()).incrementAndGet();
        }

        void reset() {
            counts.clear();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        SyncBench bench = new SyncBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            bench.options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        bench.run();
        System.exit(0);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    void run() throws Exception {
        Path repo = CloudTemplate.find().toAbsolutePath().getParent();
        Path logs = repo.resolve("bench/target/bench-logs/sync-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(logs);
        int[] sizes = Arrays.stream(option("files", "250,500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        long started = System.nanoTime();
        String heap = option("emulator-heap", "2g");
        System.out.println("starting moto and the Google emulator (own JVM, -Xmx" + heap + "); logs in " + logs);
        try (EmulatorProcess emulator = EmulatorProcess.start(repo.resolve(option("emulator-jar", BenchMain.JAR)), heap,
                BenchWorld.CLIENT_ID, BenchWorld.CLIENT_SECRET, BenchWorld.REDIRECT_URI, logs.resolve("emulator.log"));
             LocalAws aws = LocalAws.start(0)) {
            BenchWorld world = new BenchWorld(aws, emulator);
            S3Client s3 = aws.s3();
            String bucket = "app-files-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

            Map<String, String> environment = new HashMap<>(world.environment);
            environment.put("DRIVELINK_APP_FILES_BUCKET", bucket);
            environment.put("DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"));
            CallCounter s3Calls = new CallCounter();
            CallCounter dynamoCalls = new CallCounter();
            S3Client countedS3 = aws.client(S3Client.builder().forcePathStyle(true)
                    .overrideConfiguration(o -> o.addExecutionInterceptor(s3Calls)));
            DynamoDbClient countedDynamo = aws.client(DynamoDbClient.builder()
                    .overrideConfiguration(o -> o.addExecutionInterceptor(dynamoCalls)));
            DriveLink core = new DriveLink(BenchWorld.config(environment),
                    AwsClients.of(countedDynamo, aws.kms(), aws.eventBridge(), countedS3, aws.sqs()), Clock.systemUTC());
            var pace = BenchWorld.config(environment).drive();

            lines.add("drivelink sync benchmark (issue 11), " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                    + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
            lines.add("engine: SyncEngine (functions/core), bidirectional, app_wins; configuration from template.yaml's "
                    + BenchWorld.WORKER_FUNCTION + " environment + the app files bucket; Drive pace "
                    + pace.requestsPerSecond() + " req/s, " + pace.maxInFlight() + " in flight; moto " + aws.endpoint()
                    + "; Google emulator in its own JVM (-Xmx" + heap + ")");
            lines.add("files: 1-4 KiB each, spread over " + FOLDERS.length + " folders (" + String.join(", ",
                    Arrays.stream(FOLDERS).map(f -> f.isEmpty() ? "<project>" : f).toList()) + ")");
            lines.add("");

            for (int s = 0; s < sizes.length; s++) {
                int n = sizes[s];
                String account = ACCOUNTS[s % ACCOUNTS.length];
                Project p = new Project(world, core, s3, bucket, account, n);
                System.out.println("N=" + n + ": user " + p.user + ", project " + p.project + ", account " + account);
                p.fill(new Random(Long.parseLong(option("seed", "11")) + n));

                record(PHASES.get(0), n, measure(emulator, s3Calls, dynamoCalls, p));
                record(PHASES.get(1), n, measure(emulator, s3Calls, dynamoCalls, p));
                String appPath = p.paths.get(n / 3);
                p.putApp(appPath, ("changed in the app " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
                record(PHASES.get(2), n, measure(emulator, s3Calls, dynamoCalls, p));
                String drivePath = p.paths.get(2 * n / 3);
                String fileId = p.mapping(drivePath).driveFileId();
                byte[] driveContent = ("changed in Drive " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
                emulator.admin().updateContent(fileId, driveContent);
                record(PHASES.get(3), n, measure(emulator, s3Calls, dynamoCalls, p));
                boolean arrived = Arrays.equals(p.appContent(drivePath), driveContent);
                System.out.println("N=" + n + ": the Drive edit of " + drivePath + (arrived ? " reached S3" : " did NOT reach S3"));
                if (!arrived) {
                    lines.add("WARNING: N=" + n + ": the Drive edit of " + drivePath + " did not reach the app side");
                }
            }
            table(sizes);
        }
        lines.add(String.format(Locale.ROOT, "total wall time %.0f s", (System.nanoTime() - started) / 1e9));
        System.out.println();
        lines.forEach(System.out::println);
        Files.write(logs.resolve("table.txt"), lines);
    }

    void record(String phase, int n, Figures f) {
        results.computeIfAbsent(phase, k -> new LinkedHashMap<>()).put(n, f);
        System.out.printf(Locale.ROOT, "N=%d %-24s %6d ms  %s (actions %d, unchanged %d, failed %d)  Drive %d %s  S3 %d %s  DynamoDB %d%n",
                n, phase, f.millis, f.outcome.outcome(), f.outcome.actions(), f.outcome.unchanged(), f.outcome.failed(),
                f.driveTotal(), f.drive, f.s3Total(), f.s3, f.dynamoTotal());
    }

    static Figures measure(EmulatorProcess emulator, CallCounter s3Calls, CallCounter dynamoCalls, Project p) {
        emulator.admin().resetRequestCounts();
        s3Calls.reset();
        dynamoCalls.reset();
        long t0 = System.nanoTime();
        SyncRunResult result = p.sync();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Long> drive = new TreeMap<>(emulator.admin().requestCounts());
        drive.remove("POST /token");
        return new Figures(millis, result.projects().get(0), drive, s3Calls.snapshot(), dynamoCalls.snapshot());
    }

    void table(int[] sizes) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "| %-24s | %-44s |", "sync", "figure"));
        StringBuilder rule = new StringBuilder("| ------------------------ | -------------------------------------------- |");
        for (int n : sizes) {
            head.append(String.format(Locale.ROOT, " %9s |", n + " files"));
            rule.append(" --------: |");
        }
        lines.add(head.toString());
        lines.add(rule.toString());
        for (String phase : PHASES) {
            Map<Integer, Figures> byN = results.getOrDefault(phase, Map.of());
            row(phase, "wall time ms", sizes, byN, f -> Long.toString(f.millis));
            row("", "outcome", sizes, byN, f -> f.outcome.outcome() + " " + f.outcome.actions());
            row("", "Drive requests", sizes, byN, f -> Long.toString(f.driveTotal()));
            row("", "S3 calls", sizes, byN, f -> Long.toString(f.s3Total()));
            row("", "DynamoDB calls", sizes, byN, f -> Long.toString(f.dynamoTotal()));
        }
        lines.add("");
        lines.add("Drive requests by route (POST /token left out), S3 and DynamoDB calls by operation:");
        for (String phase : PHASES) {
            Map<Integer, Figures> byN = results.getOrDefault(phase, Map.of());
            TreeSet<String> routes = new TreeSet<>();
            TreeSet<String> operations = new TreeSet<>();
            TreeSet<String> dynamoOperations = new TreeSet<>();
            byN.values().forEach(f -> {
                routes.addAll(f.drive.keySet());
                operations.addAll(f.s3.keySet());
                dynamoOperations.addAll(f.dynamo.keySet());
            });
            for (String route : routes) {
                row(phase, "Drive " + route, sizes, byN, f -> Long.toString(f.drive.getOrDefault(route, 0L)));
            }
            for (String op : operations) {
                row(phase, "S3 " + op, sizes, byN, f -> Long.toString(f.s3.getOrDefault(op, 0L)));
            }
            for (String op : dynamoOperations) {
                row(phase, "DynamoDB " + op, sizes, byN, f -> Long.toString(f.dynamo.getOrDefault(op, 0L)));
            }
        }
        lines.add("");
    }

    void row(String phase, String figure, int[] sizes, Map<Integer, Figures> byN, java.util.function.Function<Figures, String> cell) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %-24s | %-44s |", phase, figure));
        for (int n : sizes) {
            Figures f = byN.get(n);
            b.append(String.format(Locale.ROOT, " %9s |", f == null ? "-" : cell.apply(f)));
        }
        lines.add(b.toString());
    }

    /** One user, one connection, one project of {@code n} files on the app side, synced bidirectionally. */
    static final class Project {
        final BenchWorld world;
        final DriveLink core;
        final S3Client s3;
        final String bucket;
        final String user;
        final String project;
        final String connection;
        final int n;
        final List<String> paths = new ArrayList<>();

        Project(BenchWorld world, DriveLink core, S3Client s3, String bucket, String account, int n) throws Exception {
            this.world = world;
            this.core = core;
            this.s3 = s3;
            this.bucket = bucket;
            this.n = n;
            String id = UUID.randomUUID().toString().substring(0, 8);
            this.user = "bench-user-" + id;
            this.project = "bench-project-" + n + "-" + id;
            this.connection = world.connect(user, account);
            core.syncControl().access().grant(project, user);
            core.syncControl().settings().updateProject(user, project,
                    JSON.readTree("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"app_wins\"}"));
        }

        void fill(Random random) {
            for (int i = 0; i < n; i++) {
                String folder = FOLDERS[i % FOLDERS.length];
                String path = (folder.isEmpty() ? "" : folder + "/") + String.format(Locale.ROOT, "take-%04d.txt", i);
                byte[] content = new byte[1024 + random.nextInt(3 * 1024 + 1)];
                random.nextBytes(content);
                putApp(path, content);
                paths.add(path);
            }
        }

        String key(String path) {
            return "projects/" + project + "/" + path;
        }

        void putApp(String path, byte[] content) {
            s3.putObject(r -> r.bucket(bucket).key(key(path)), RequestBody.fromBytes(content));
        }

        byte[] appContent(String path) {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(path))).asByteArray();
        }

        FileMapping mapping(String path) {
            return core.syncControl().mappings().list(connection, project).stream().filter(m -> m.path().equals(path))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no mapping for " + path));
        }

        SyncRunResult sync() {
            return core.syncEngine().run(SyncRequest.of(connection, user, project, SyncReason.MANUAL, null, Instant.now()));
        }
    }
}
