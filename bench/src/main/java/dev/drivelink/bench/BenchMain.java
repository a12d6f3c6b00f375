package dev.drivelink.bench;

import dev.drivelink.localcloud.CloudTemplate;
import dev.drivelink.localcloud.LocalAws;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the three upload benchmarks and prints a table. This JVM builds the world (moto, the Google
 * emulator in its own JVM, the local file server, a stack from template.yaml, connections made through
 * the consent flow) and runs each phase in a forked {@link Worker} JVM with the heap the phase needs.
 *
 * <p>Options: {@code --runs N} (3), {@code --throughput-mib N} (200), {@code --memory-mib A,B} (256,1024),
 * {@code --large-mib N} (40), {@code --pool-uploads N} (55), {@code --only throughput,memory,requests},
 * {@code --emulator-heap 6g}, {@code --emulator-jar PATH}.
 */
public final class BenchMain {

    static final long MIB = 1024L * 1024;
    static final String JAR = "infra/google-emulator/target/google-emulator-0.1.0-SNAPSHOT-all.jar";

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> lines = new ArrayList<>();
    Path repo;
    Path logs;
    EmulatorProcess emulator;
    LocalAws aws;
    FileServer files;
    BenchWorld world;
    int connections;

    public static void main(String[] args) throws Exception {
        BenchMain main = new BenchMain();
        for (int i = 0; i + 1 < args.length; i += 2) {
            main.options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int status = main.run();
        System.exit(status);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int run() throws Exception {
        repo = CloudTemplate.find().toAbsolutePath().getParent();
        logs = repo.resolve("bench/target/bench-logs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(logs);
        Set<String> only = Set.copyOf(Arrays.asList(option("only", "requests,throughput,memory").split(",")));
        long started = System.nanoTime();
        String emulatorHeap = option("emulator-heap", "6g");
        int failures = 0;
        try {
            log("starting moto, the Google emulator (own JVM, -Xmx" + emulatorHeap + ") and the file server; logs in " + logs);
            emulator = EmulatorProcess.start(repo.resolve(option("emulator-jar", JAR)), emulatorHeap, BenchWorld.CLIENT_ID,
                    BenchWorld.CLIENT_SECRET, BenchWorld.REDIRECT_URI, logs.resolve("emulator.log"));
            aws = LocalAws.start(0);
            files = new FileServer();
            world = new BenchWorld(aws, emulator);
            log("stack " + world.stack.name() + " provisioned from template.yaml; emulator " + emulator.baseUrl()
                    + " (pid " + emulator.pid() + "), moto " + aws.endpoint());

            header();
            if (only.contains("throughput")) {
                failures += throughput(0) ? 0 : 1;
                int larger = Integer.parseInt(option("extra-chunk-mib", "32"));
                if (larger > 0) {
                    failures += throughput(larger) ? 0 : 1;
                }
            }
            if (only.contains("memory")) {
                failures += memory() ? 0 : 1;
            }
            if (only.contains("requests")) {
                failures += requests() ? 0 : 1;
            }
        } finally {
            if (files != null) {
                files.close();
            }
            if (emulator != null) {
                emulator.close();
            }
            if (aws != null) {
                aws.close();
            }
        }
        lines.add(String.format(Locale.ROOT, "total wall time %.0f s; worker and emulator logs: %s",
                (System.nanoTime() - started) / 1e9, repo.relativize(logs)));
        System.out.println();
        lines.forEach(System.out::println);
        Files.write(logs.resolve("table.txt"), lines);
        return failures == 0 ? 0 : 1;
    }

    void header() {
        lines.add("drivelink upload benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        lines.add("pipeline: UploadService.process (functions/core) configured from template.yaml's " + BenchWorld.WORKER_FUNCTION
                + " environment; moto; Google emulator in its own JVM (-Xmx" + option("emulator-heap", "6g")
                + "); URL source = local JDK HttpServer generating the bytes");
        lines.add("");
    }

    /** A fresh connection (new user) through the consent flow. */
    String connect(String account) {
        connections++;
        return world.connect("bench-user-" + connections, account);
    }

    Properties worker(String phase, String heap, String connection, Map<String, String> settings) throws IOException, InterruptedException {
        Properties job = new Properties();
        world.environment.forEach((k, v) -> job.setProperty("env." + k, v));
        job.setProperty("aws.endpoint", aws.endpoint().toString());
        job.setProperty("emulator.base", emulator.baseUrl());
        job.setProperty("file.base", files.baseUrl());
        job.setProperty("connection", connection);
        settings.forEach(job::setProperty);
        Path in = logs.resolve(phase + ".job.properties");
        Path out = logs.resolve(phase + ".result.properties");
        try (Writer w = Files.newBufferedWriter(in)) {
            job.store(w, phase);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), Worker.class.getName(), in.toString(), out.toString()));
        log("phase " + phase + ": worker JVM -Xmx" + heap + " (log " + repo.relativize(logs.resolve(phase + ".log")) + ")");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve(phase + ".log").toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(phase + " did not finish within 20 minutes");
        }
        Properties result = new Properties();
        if (Files.exists(out)) {
            try (Reader r = Files.newBufferedReader(out)) {
                result.load(r);
            }
        } else {
            result.setProperty("ok", "false");
            result.setProperty("error", "the worker exited with " + p.exitValue() + " without results");
        }
        if (!"true".equals(result.getProperty("ok"))) {
            log("phase " + phase + " FAILED: " + result.getProperty("error"));
        }
        return result;
    }

    // ---- 1 ---------------------------------------------------------------------------------------

    /** @param chunkMib 0: the template's chunk size; otherwise DRIVELINK_UPLOADS_CHUNK_SIZE for both sides */
    boolean throughput(int chunkMib) throws Exception {
        long size = Long.parseLong(option("throughput-mib", "200")) * MIB;
        int runs = Integer.parseInt(option("runs", "5"));
        emulator.admin().reset();
        String connection = connect("alice@example.com");
        Map<String, String> settings = new LinkedHashMap<>(Map.of("mode", "throughput", "size", Long.toString(size),
                "runs", Integer.toString(runs)));
        if (chunkMib > 0) {
            settings.put("env.DRIVELINK_UPLOADS_CHUNK_SIZE", Long.toString(chunkMib * MIB));
        }
        Properties r = worker(chunkMib > 0 ? "throughput-chunk" + chunkMib : "throughput", "1g", connection, settings);
        lines.add(String.format(Locale.ROOT, (chunkMib > 0 ? "1b. THROUGHPUT (for comparison, not the goal's setting)" : "1. THROUGHPUT") + ": %d MiB from a local URL, resumable, %d MiB chunks; warm-up + %d runs each "
                + "(worker JVM -Xmx1g, %s)", size / MIB, Long.parseLong(r.getProperty("chunkSize", "0")) / MIB, runs, r.getProperty("gc")));
        if (!"true".equals(r.getProperty("ok"))) {
            lines.add("   FAILED: " + r.getProperty("error"));
            lines.add("");
            return false;
        }
        lines.add("   run      pipeline s   MiB/s   plain copy s   MiB/s   ratio");
        double[] p = new double[runs];
        double[] c = new double[runs];
        for (int i = 0; i <= runs; i++) {
            String label = i == 0 ? "warmup" : Integer.toString(i);
            double ps = Double.parseDouble(r.getProperty("pipeline." + label));
            double cs = Double.parseDouble(r.getProperty("plain." + label));
            if (i > 0) {
                p[i - 1] = ps;
                c[i - 1] = cs;
            }
            lines.add(String.format(Locale.ROOT, "   %-7s  %10.2f  %6.1f  %13.2f  %6.1f   %.2f%s", label, ps, size / MIB / ps,
                    cs, size / MIB / cs, cs / ps, i == 0 ? "  (not counted)" : ""));
        }
        double pm = median(p);
        double cm = median(c);
        double ratio = cm / pm;
        lines.add(String.format(Locale.ROOT, "   median   %10.2f  %6.1f  %13.2f  %6.1f   %.2f", pm, size / MIB / pm, cm, size / MIB / cm, ratio));
        lines.add(String.format(Locale.ROOT, "   => pipeline / plain copy throughput = %.2f %s", ratio, chunkMib > 0 ? "(comparison only)"
                : "(goal >= 0.90): " + (ratio >= 0.9 ? "MET" : "NOT MET")));
        double jdkMd5 = Double.parseDouble(r.getProperty("breakdown.md5Seconds"));
        double md5 = Double.parseDouble(r.getProperty("breakdown.resumableMd5Seconds"));
        double round = Double.parseDouble(r.getProperty("breakdown.jobRoundTripSeconds"));
        long chunks = (size + Long.parseLong(r.getProperty("chunkSize")) - 1) / Long.parseLong(r.getProperty("chunkSize"));
        lines.add(String.format(Locale.ROOT, "   pipeline extras, timed alone: ResumableMd5 of %d MiB %.2f s (JDK MessageDigest: %.2f s); job record read+write (moto) %.0f ms x %d chunks = %.2f s;"
                + " together %.2f s of the %.2f s difference", size / MIB, md5, jdkMd5, round * 1000, chunks, round * chunks, md5 + round * chunks, pm - cm));
        profileLines(r, size);
        lines.add("");
        return true;
    }

    void profileLines(Properties r, long size) {
        double total = Long.parseLong(r.getProperty("profile.total")) / 1e9;
        lines.add(String.format(Locale.ROOT, "   one more upload each way, timed by part (%d MiB):", size / MIB));
        double parts = 0;
        StringBuilder row = new StringBuilder();
        for (String k : r.getProperty("profile.parts").split("\\|")) {
            String[] v = r.getProperty("profile.part." + k).split(",");
            double sec = Long.parseLong(v[0]) / 1e9;
            parts += sec;
            lines.add(String.format(Locale.ROOT, "     pipeline  %-24s %6.2f s  %5d calls", k, sec, Long.parseLong(v[1])));
        }
        lines.add(String.format(Locale.ROOT, "     pipeline  %-24s %6.2f s  (md5, connection + token lookup, UploadService itself)", "other", total - parts));
        lines.add(String.format(Locale.ROOT, "     pipeline  %-24s %6.2f s  = %.1f MiB/s", "TOTAL", total, size / MIB / total));
        double pt = Long.parseLong(r.getProperty("plainProfile.total")) / 1e9;
        double ps = Long.parseLong(r.getProperty("plainProfile.start")) / 1e9;
        double pr = Long.parseLong(r.getProperty("plainProfile.read")) / 1e9;
        double pp = Long.parseLong(r.getProperty("plainProfile.put")) / 1e9;
        lines.add(String.format(Locale.ROOT, "     plain     session start %.2f s, source reads %.2f s, chunk PUTs %.2f s, other %.2f s; TOTAL %.2f s = %.1f MiB/s",
                ps, pr, pp, pt - ps - pr - pp, pt, size / MIB / pt));
    }

    // ---- 2 ---------------------------------------------------------------------------------------

    boolean memory() throws Exception {
        List<Long> sizes = Arrays.stream(option("memory-mib", "256,1024").split(",")).map(s -> Long.parseLong(s.trim()) * MIB).toList();
        lines.add("2. MEMORY: worker JVM -Xmx256m per size (after a 16 MiB warm-up upload); the emulator keeps the file in its own JVM.");
        lines.add("   Each size is uploaded twice: (a) the collector left alone; (b) System.gc() every 0.5 s, heap used right after = live set");
        lines.add("   size       result        (a) time  MiB/s  peak heap used  sum of heap    max heap after  GCs  |  (b) live heap, max");
        lines.add("                                            (5 ms samples)  pool peaks     a GC                 |  (forced GC every 0.5 s)");
        boolean ok = true;
        List<Long> live = new ArrayList<>();
        for (long size : sizes) {
            emulator.admin().reset(); // drops the earlier phases' files and sessions from the emulator's heap
            String connection = connect("alice@example.com");
            Properties r = worker("memory-" + size / MIB, "256m", connection, Map.of("mode", "memory", "size", Long.toString(size)));
            if (!"true".equals(r.getProperty("ok"))) {
                lines.add(String.format(Locale.ROOT, "   %-9s  FAILED: %s", mib(size), r.getProperty("error")));
                ok = false;
                continue;
            }
            double s = Double.parseDouble(r.getProperty("a.seconds"));
            live.add(Long.parseLong(r.getProperty("b.heap.peakLive")));
            lines.add(String.format(Locale.ROOT, "   %-9s  DONE, md5 ok  %6.1f s  %5.1f  %8.1f MiB    %8.1f MiB   %8.1f MiB   %3s  |  %6.1f MiB (%.1f s)",
                    mib(size), s, size / MIB / s, mb(r, "a.heap.peakSampled"), mb(r, "a.heap.poolPeaks"), mb(r, "a.heap.peakAfterGc"),
                    r.getProperty("a.heap.collections"), mb(r, "b.heap.peakLive"), Double.parseDouble(r.getProperty("b.seconds"))));
        }
        lines.add("   (heap max 256 MiB, G1; \"peak heap used\" includes garbage not yet collected)");
        if (ok && live.size() >= 2) {
            long first = live.get(0);
            long last = live.get(live.size() - 1);
            lines.add(String.format(Locale.ROOT, "   => 1 GiB completes with -Xmx256m: MET; live heap %.1f MiB -> %.1f MiB while the file grows %dx: %s",
                    first / (double) MIB, last / (double) MIB, sizes.get(sizes.size() - 1) / sizes.get(0),
                    last <= first * 1.25 + 4 * MIB ? "does not grow with file size: MET" : "GROWS: NOT MET"));
        } else if (!ok) {
            lines.add("   => NOT MET (see above)");
        }
        lines.add("");
        return ok;
    }

    // ---- 3 ---------------------------------------------------------------------------------------

    boolean requests() throws Exception {
        long large = Long.parseLong(option("large-mib", "40")) * MIB;
        int poolUploads = Integer.parseInt(option("pool-uploads", "55"));
        emulator.admin().reset();
        String connection = connect("bob@example.com");
        Properties r = worker("requests", "1g", connection, Map.of("mode", "requests", "large", Long.toString(large),
                "poolUploads", Integer.toString(poolUploads)));
        long chunk = Long.parseLong(r.getProperty("chunkSize", "8388608"));
        lines.add("3. DRIVE REQUESTS PER UPLOAD, counted by the emulator (fresh connection; multipart up to "
                + mib(Long.parseLong(r.getProperty("smallFileLimit", "0"))) + ", chunks of " + mib(chunk) + ")");
        if (!"true".equals(r.getProperty("ok"))) {
            lines.add("   FAILED: " + r.getProperty("error"));
            lines.add("");
            return false;
        }
        long chunks = (large + chunk - 1) / chunk;
        String path = r.getProperty("path");
        lines.add("   upload                                  Drive requests  goal          by route");
        row("small 1 KiB (id pool already filled)", r.getProperty("requests.small"), 1, true);
        row("large " + mib(large) + " (" + chunks + " chunks)", r.getProperty("requests.large"), 1 + chunks, true);
        row("1 KiB into a new folderPath (3 levels)", r.getProperty("requests.newPath"), -1, true);
        row("1 KiB into the same, known folderPath", r.getProperty("requests.knownPath"), 1, true);
        Map<String, Long> known = decode(r.getProperty("requests.knownPath"));
        long lookups = known.getOrDefault("GET /drive/v3/files", 0L) + known.getOrDefault("POST /drive/v3/files", 0L);
        lines.add("   => known folderPath: " + lookups + " folder lookups/creates (GET/POST /drive/v3/files), goal 0: "
                + (lookups == 0 ? "MET" : "NOT MET"));
        row("first upload of the connection, 1 KiB", r.getProperty("requests.first"), -1, false);
        long ids = Long.parseLong(r.getProperty("pool.generateIds"));
        int uploads = Integer.parseInt(r.getProperty("pool.uploads"));
        lines.add(String.format(Locale.ROOT, "   generateIds amortized: %d call(s) / %d uploads (pool batch %s: 1 call per %s uploads)",
                ids, uploads, r.getProperty("idPoolBatch"), r.getProperty("idPoolBatch")));
        lines.add("");
        return true;
    }

    void row(String what, String encoded, long goal, boolean judge) {
        Map<String, Long> counts = decode(encoded);
        long drive = counts.entrySet().stream().filter(e -> isDrive(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long generateIds = counts.getOrDefault("GET /drive/v3/files/generateIds", 0L);
        String verdict = goal < 0 ? "-" : (drive == goal ? goal + " MET" : goal + " NOT MET");
        lines.add(String.format(Locale.ROOT, "   %-40s %4d            %-12s  %s", what, drive, verdict, encoded.isEmpty() ? "(none)" : encoded.replace(";", ", ")));
        if (judge && generateIds > 0) {
            lines.add("   (includes " + generateIds + " generateIds)");
        }
    }

    static boolean isDrive(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        return path.startsWith("/drive/") || path.startsWith("/upload/");
    }

    static Map<String, Long> decode(String encoded) {
        Map<String, Long> counts = new TreeMap<>();
        if (encoded == null || encoded.isBlank()) {
            return counts;
        }
        for (String pair : encoded.split(";")) {
            int eq = pair.lastIndexOf('=');
            counts.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return counts;
    }

    static String mib(long bytes) {
        return bytes >= 1024 * MIB && bytes % (1024 * MIB) == 0 ? bytes / (1024 * MIB) + " GiB" : bytes / MIB + " MiB";
    }

    static double mb(Properties r, String key) {
        return Long.parseLong(r.getProperty(key)) / (double) MIB;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
        System.out.flush();
    }

    static {
        // the pipeline's own INFO logging goes to the worker logs, not here
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
}
