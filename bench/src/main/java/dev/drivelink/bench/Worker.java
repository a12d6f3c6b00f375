package dev.drivelink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.upload.ResumableMd5;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.localcloud.LocalAws;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One benchmark phase in a JVM of its own (started by {@link BenchMain} with the heap the phase asks
 * for): {@code throughput}, {@code memory} or {@code requests}. Reads its job (endpoints, connection,
 * the worker function's environment) from a properties file and writes its figures to another.
 */
public final class Worker {

    private final Properties job;
    private final Properties out = new Properties();
    private final DriveLink driveLink;
    private final DynamoUploadStore store;
    private final EmulatorAdminHttp admin;
    private final String connectionId;
    private final String fileBase;
    private final String driveRootUrl;
    private final int chunkSize;
    private final Map<String, String> env = new HashMap<>();

    Worker(Properties job) {
        this.job = job;
        job.stringPropertyNames().stream().filter(k -> k.startsWith("env.")).forEach(k -> env.put(k.substring(4), job.getProperty(k)));
        LocalAws aws = LocalAws.external(URI.create(job.getProperty("aws.endpoint")));
        this.driveLink = BenchWorld.driveLink(aws, env);
        var config = BenchWorld.config(env);
        this.store = new DynamoUploadStore(aws.dynamoDb(), config.table(), config.uploads().finishedJobTtl());
        this.admin = new EmulatorAdminHttp(job.getProperty("emulator.base"));
        this.connectionId = job.getProperty("connection");
        this.fileBase = job.getProperty("file.base");
        this.driveRootUrl = config.google().driveRootUrl();
        this.chunkSize = config.uploads().chunkSize();
        out.setProperty("chunkSize", Integer.toString(chunkSize));
        out.setProperty("smallFileLimit", Long.toString(config.uploads().smallFileLimit()));
        out.setProperty("idPoolBatch", Integer.toString(config.uploads().idPoolBatch()));
        out.setProperty("xmx", Long.toString(Runtime.getRuntime().maxMemory()));
        out.setProperty("gc", String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
    }

    public static void main(String[] args) throws Exception {
        Properties job = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            job.load(r);
        }
        Worker worker = new Worker(job);
        try {
            switch (job.getProperty("mode")) {
                case "throughput" -> worker.throughput();
                case "memory" -> worker.memory();
                case "requests" -> worker.requests();
                default -> throw new IllegalArgumentException("unknown mode " + job.getProperty("mode"));
            }
            worker.out.setProperty("ok", "true");
        } catch (Throwable t) {
            worker.out.setProperty("ok", "false");
            worker.out.setProperty("error", String.valueOf(t));
            t.printStackTrace();
        } finally {
            try (Writer w = Files.newBufferedWriter(Path.of(args[1]))) {
                worker.out.store(w, "bench results");
            }
        }
        System.exit(0);
    }

    // ---- the pipeline ----------------------------------------------------------------------------

    record Uploaded(UploadService.Result result, String driveFileId, double seconds) {
    }

    Uploaded upload(String url, String name, String folderPath) {
        UploadRequest request = new UploadRequest(1, null, connectionId, new UploadSource.Url(url), name,
                "application/octet-stream", folderPath, "{\"bench\":\"" + name + "\"}", null);
        String messageId = "bench-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        UploadService.Result result = driveLink.uploads().process(request, messageId, Instant.now().plus(Duration.ofHours(1)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (result.outcome() != UploadService.Outcome.DONE) {
            throw new IllegalStateException("upload " + name + " ended " + result.outcome() + ": " + result.reason());
        }
        UploadJob done = store.find(result.uploadId()).orElseThrow();
        return new Uploaded(result, done.driveFileId(), seconds);
    }

    String generated(long size, long seed, String name) {
        return FileServer.url(fileBase, size, seed, name);
    }

    /** Drive's size and md5 of the file against the generator's. */
    void verify(String fileId, long size, String md5) {
        JsonNode f = admin.file(fileId);
        if (f.path("size").asLong() != size || !md5.equals(f.path("md5Checksum").asText())) {
            throw new IllegalStateException("file " + fileId + " holds " + f.path("size").asText() + " bytes, md5 "
                    + f.path("md5Checksum").asText() + "; expected " + size + " bytes, md5 " + md5);
        }
    }

    String rootFolder() {
        return driveLink.connections().find(connectionId).orElseThrow().rootFolder().id();
    }

    // ---- 1. throughput ---------------------------------------------------------------------------

    void throughput() throws IOException {
        long size = Long.parseLong(job.getProperty("size"));
        int runs = Integer.parseInt(job.getProperty("runs"));
        long seed = 200;
        Generated content = new Generated(seed);
        String md5 = content.md5(size);
        PlainCopy plain = new PlainCopy(driveRootUrl, chunkSize);
        String parent = rootFolder();
        String token = driveLink.tokens().forConnection(connectionId).current().accessToken();
        for (int run = 0; run <= runs; run++) { // run 0 is the warm-up
            String label = run == 0 ? "warmup" : Integer.toString(run);
            // alternate which goes first, so that neither always follows the other's garbage
            boolean pipelineFirst = run % 2 == 1 || run == 0;
            for (int step = 0; step < 2; step++) {
                boolean pipeline = (step == 0) == pipelineFirst;
                System.gc();
                if (pipeline) {
                    Uploaded u = upload(generated(size, seed, "pipeline-" + label + ".bin"), "pipeline-" + label + ".bin", null);
                    verify(u.driveFileId(), size, md5);
                    out.setProperty("pipeline." + label, Double.toString(u.seconds()));
                    admin.delete(u.driveFileId());
                } else {
                    long t0 = System.nanoTime();
                    PlainCopy.Copied c = plain.copy(generated(size, seed, "plain-" + label + ".bin"), size,
                            "plain-" + label + ".bin", parent, token);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (c.size() != size || !c.md5().equals(md5)) {
                        throw new IllegalStateException("plain copy landed " + c.size() + " bytes, md5 " + c.md5());
                    }
                    out.setProperty("plain." + label, Double.toString(seconds));
                    admin.delete(c.fileId());
                }
            }
            System.err.printf("throughput %s: pipeline %s s, plain %s s%n", label, out.getProperty("pipeline." + label),
                    out.getProperty("plain." + label));
        }
        breakdown(size, md5, content);
        profile(size, seed, md5, plain, parent, token);
    }

    /** One more upload each way, timed by part: where the pipeline's extra time goes. */
    void profile(long size, long seed, String md5, PlainCopy plain, String parent, String token) throws IOException {
        var config = BenchWorld.config(env);
        ProfiledPipeline profiled = new ProfiledPipeline(driveLink, config, LocalAws.external(URI.create(job.getProperty("aws.endpoint"))));
        System.gc();
        UploadRequest request = new UploadRequest(1, null, connectionId, new UploadSource.Url(generated(size, seed, "profiled.bin")),
                "profiled.bin", "application/octet-stream", null, null, null);
        long t0 = System.nanoTime();
        UploadService.Result result = profiled.service.process(request, "bench-" + UUID.randomUUID(), Instant.now().plus(Duration.ofHours(1)));
        long total = System.nanoTime() - t0;
        if (result.outcome() != UploadService.Outcome.DONE) {
            throw new IllegalStateException("profiled upload ended " + result.outcome() + ": " + result.reason());
        }
        UploadJob done = store.find(result.uploadId()).orElseThrow();
        verify(done.driveFileId(), size, md5);
        admin.delete(done.driveFileId());
        out.setProperty("profile.total", Long.toString(total));
        StringBuilder order = new StringBuilder();
        profiled.times.forEach((k, v) -> {
            out.setProperty("profile.part." + k, v[0] + "," + v[1]);
            order.append(order.length() == 0 ? "" : "|").append(k);
        });
        out.setProperty("profile.parts", order.toString());

        System.gc();
        plain.startNanos = plain.readNanos = plain.putNanos = 0;
        t0 = System.nanoTime();
        PlainCopy.Copied c = plain.copy(generated(size, seed, "plain-profiled.bin"), size, "plain-profiled.bin", parent, token);
        out.setProperty("plainProfile.total", Long.toString(System.nanoTime() - t0));
        out.setProperty("plainProfile.start", Long.toString(plain.startNanos));
        out.setProperty("plainProfile.read", Long.toString(plain.readNanos));
        out.setProperty("plainProfile.put", Long.toString(plain.putNanos));
        admin.delete(c.fileId());
    }

    /** What the pipeline does besides moving bytes, timed on its own: md5 and the job record round trips. */
    void breakdown(long size, String md5, Generated content) {
        // md5 over the whole file, as the pipeline computes it while streaming
        long t0 = System.nanoTime();
        String again = content.md5(size);
        double generateAndMd5 = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        try (var in = content.open(size, 0)) {
            byte[] b = new byte[1 << 20];
            while (in.read(b) > 0) {
                // generation alone
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        double generateOnly = (System.nanoTime() - t0) / 1e9;
        out.setProperty("breakdown.md5Seconds", Double.toString(Math.max(0, generateAndMd5 - generateOnly)));
        // the pipeline's own md5 (core's ResumableMd5: plain Java, so that its state can be saved with the job)
        t0 = System.nanoTime();
        dev.drivelink.core.upload.ResumableMd5 resumable = new dev.drivelink.core.upload.ResumableMd5();
        try (var in = content.open(size, 0)) {
            byte[] b = new byte[1 << 20];
            int n;
            while ((n = in.read(b)) > 0) {
                resumable.update(b, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        double generateAndResumable = (System.nanoTime() - t0) / 1e9;
        if (!resumable.hex().equals(md5)) {
            throw new IllegalStateException("ResumableMd5 disagrees with MessageDigest");
        }
        out.setProperty("breakdown.resumableMd5Seconds", Double.toString(Math.max(0, generateAndResumable - generateOnly)));
        if (!again.equals(md5)) {
            throw new IllegalStateException("the generator is not deterministic");
        }
        // one job read + one conditional job write per chunk (UploadService saves progress after every chunk)
        Uploaded small = upload(generated(1024, 7, "probe.bin"), "probe.bin", null);
        int rounds = 20;
        t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            UploadJob j = store.find(small.result().uploadId()).orElseThrow();
            store.save(j.next(Instant.now()), j.version());
        }
        out.setProperty("breakdown.jobRoundTripSeconds", Double.toString((System.nanoTime() - t0) / 1e9 / rounds));
    }

    // ---- 2. memory -------------------------------------------------------------------------------

    void memory() {
        long size = Long.parseLong(job.getProperty("size"));
        long seed = 1000 + size / (1024 * 1024);
        // warm up the code paths (classes, clients, one resumable upload) before measuring
        Uploaded warm = upload(generated(2L * chunkSize + 12345, 3, "warmup.bin"), "warmup.bin", null);
        admin.delete(warm.driveFileId());
        // a: left alone (the collector runs when it wants); b: the live set, with System.gc() every second
        for (String run : new String[] {"a", "b"}) {
            System.gc();
            HeapSampler.Figures figures;
            Uploaded u;
            try (HeapSampler sampler = new HeapSampler(run.equals("a") ? Duration.ZERO : Duration.ofMillis(500))) {
                u = upload(generated(size, seed, "memory-" + run + ".bin"), "memory-" + run + ".bin", null);
                sleep(300); // let the last GC notifications arrive
                figures = sampler.stop();
            }
            out.setProperty(run + ".seconds", Double.toString(u.seconds()));
            out.setProperty(run + ".heap.peakSampled", Long.toString(figures.peakSampled()));
            out.setProperty(run + ".heap.poolPeaks", Long.toString(figures.poolPeaks()));
            out.setProperty(run + ".heap.peakAfterGc", Long.toString(figures.peakAfterGc()));
            out.setProperty(run + ".heap.peakLive", Long.toString(figures.peakLive()));
            out.setProperty(run + ".heap.collections", Long.toString(figures.collections()));
            out.setProperty("heap.max", Long.toString(figures.maxHeap()));
            String md5 = new Generated(seed).md5(size);
            verify(u.driveFileId(), size, md5);
            admin.delete(u.driveFileId());
            System.err.printf("memory %s %d bytes: %.1f s, figures %s%n", run, size, u.seconds(), figures);
        }
        System.gc();
        out.setProperty("heap.afterFullGc", Long.toString(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        out.setProperty("verified", "true");
    }

    // ---- 3. requests -----------------------------------------------------------------------------

    /** Uploads one file and returns the emulator's request counts for it (admin calls are not counted). */
    Map<String, Long> counted(String url, String name, String folderPath) {
        admin.resetRequestCounts();
        upload(url, name, folderPath);
        return new TreeMap<>(admin.requestCounts());
    }

    void requests() {
        long large = Long.parseLong(job.getProperty("large"));
        String path = "bench/known/path-" + UUID.randomUUID().toString().substring(0, 6);
        int uploads = 0;
        long generateIds = 0;

        Map<String, Long> first = counted(generated(1024, 1, "first.bin"), "first.bin", null);
        record("first", first);
        uploads++;
        generateIds += first.getOrDefault("GET /drive/v3/files/generateIds", 0L);

        Map<String, Long> small = counted(generated(1024, 2, "small.bin"), "small.bin", null);
        record("small", small);
        uploads++;
        generateIds += small.getOrDefault("GET /drive/v3/files/generateIds", 0L);

        Map<String, Long> big = counted(generated(large, 3, "large.bin"), "large.bin", null);
        record("large", big);
        uploads++;
        generateIds += big.getOrDefault("GET /drive/v3/files/generateIds", 0L);

        Map<String, Long> newPath = counted(generated(1024, 4, "new-path.bin"), "new-path.bin", path);
        record("newPath", newPath);
        uploads++;
        generateIds += newPath.getOrDefault("GET /drive/v3/files/generateIds", 0L);

        Map<String, Long> knownPath = counted(generated(1024, 5, "known-path.bin"), "known-path.bin", path);
        record("knownPath", knownPath);
        uploads++;
        generateIds += knownPath.getOrDefault("GET /drive/v3/files/generateIds", 0L);
        out.setProperty("path", path);

        // the id pool: one files.generateIds per idPoolBatch uploads of a connection
        int total = Integer.parseInt(job.getProperty("poolUploads"));
        admin.resetRequestCounts();
        for (int i = uploads; i < total; i++) {
            upload(generated(1024, 100 + i, "pool-" + i + ".bin"), "pool-" + i + ".bin", null);
        }
        Map<String, Long> rest = admin.requestCounts();
        generateIds += rest.getOrDefault("GET /drive/v3/files/generateIds", 0L);
        out.setProperty("pool.uploads", Integer.toString(total));
        out.setProperty("pool.generateIds", Long.toString(generateIds));
        out.setProperty("pool.restCounts", encode(rest));
    }

    void record(String name, Map<String, Long> counts) {
        out.setProperty("requests." + name, encode(counts));
    }

    static String encode(Map<String, Long> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((k, v) -> s.append(s.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return s.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
