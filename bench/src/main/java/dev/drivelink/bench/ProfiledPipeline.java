package dev.drivelink.bench;

import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.DriveLink;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveItem;
import dev.drivelink.core.drive.DriveUploads;
import dev.drivelink.core.drive.google.GoogleDriveClients;
import dev.drivelink.core.drive.google.GoogleDriveFolders;
import dev.drivelink.core.drive.google.GoogleDriveUploads;
import dev.drivelink.core.events.EventBridgePublisher;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.store.DynamoUploadStore;
import dev.drivelink.core.upload.DriveIdPool;
import dev.drivelink.core.upload.FolderPaths;
import dev.drivelink.core.upload.S3UrlSourceReader;
import dev.drivelink.core.upload.SourceReader;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadJobRepository;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.localcloud.LocalAws;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The same UploadService, built from the same classes as {@link DriveLink} builds it, with timing
 * wrappers around its collaborators (job store, Drive uploads, source reader, event publisher), to show
 * where an upload's time goes. Used for the breakdown only; the headline figures use DriveLink itself.
 */
public final class ProfiledPipeline {

    /** Nanoseconds and calls per collaborator operation, in first-use order. */
    final Map<String, long[]> times = new LinkedHashMap<>();
    final UploadService service;

    ProfiledPipeline(DriveLink driveLink, DriveLinkConfig config, LocalAws aws) {
        var up = config.uploads();
        var transport = new NetHttpTransport();
        var clients = new GoogleDriveClients(transport, config.google().driveRootUrl(), config.google().connectTimeout(),
                config.google().readTimeout());
        var store = new DynamoUploadStore(aws.dynamoDb(), config.table());
        Clock clock = Clock.systemUTC();
        EventPublisher publisher = config.eventBus().filter(s -> !s.isBlank())
                .<EventPublisher>map(bus -> new EventBridgePublisher(aws.eventBridge(), bus)).orElse(EventPublisher.NONE);
        var sources = new S3UrlSourceReader(aws.s3(), Set.copyOf(up.sourceBuckets().orElse(List.of())),
                up.allowInsecureUrlSources(), config.google().readTimeout());
        Uploads uploads = new Uploads(new GoogleDriveUploads(clients));
        this.service = new UploadService(driveLink.connections(), new Jobs(store), new Ids(store),
                new FolderPaths(store, new GoogleDriveFolders(clients), uploads, clock, Duration.ofSeconds(30),
                        Duration.ofSeconds(60)),
                uploads, driveLink.tokens(), new Sources(sources),
                (type, resource, detail) -> time("events.publish", () -> {
                    publisher.publish(type, resource, detail);
                    return null;
                }),
                Backoff.standard(), clock,
                new UploadService.Settings(up.smallFileLimit(), up.chunkSize(), up.jobLease(), up.safetyMargin(), up.idPoolBatch(),
                        up.progressInterval()));
    }

    synchronized void add(String what, long nanos) {
        long[] t = times.computeIfAbsent(what, k -> new long[2]);
        t[0] += nanos;
        t[1]++;
    }

    <T> T time(String what, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            add(what, System.nanoTime() - t0);
        }
    }

    final class Jobs implements UploadJobRepository {
        private final UploadJobRepository store;

        Jobs(UploadJobRepository store) {
            this.store = store;
        }

        @Override
        public Optional<UploadJob> find(String id) {
            return time("jobs.find (DynamoDB)", () -> store.find(id));
        }

        @Override
        public boolean createIfAbsent(UploadJob job) {
            return time("jobs.create (DynamoDB)", () -> store.createIfAbsent(job));
        }

        @Override
        public void save(UploadJob job, long expectedVersion) {
            time("jobs.save (DynamoDB)", () -> {
                store.save(job, expectedVersion);
                return null;
            });
        }

        @Override
        public boolean tryLease(String id, long expectedVersion, Instant now, Instant until) {
            return time("jobs.lease (DynamoDB)", () -> store.tryLease(id, expectedVersion, now, until));
        }
    }

    final class Ids implements DriveIdPool {
        private final DriveIdPool pool;

        Ids(DriveIdPool pool) {
            this.pool = pool;
        }

        @Override
        public Optional<String> take(String connectionId) {
            return time("idPool.take (DynamoDB)", () -> pool.take(connectionId));
        }

        @Override
        public void add(String connectionId, List<String> ids) {
            time("idPool.add (DynamoDB)", () -> {
                pool.add(connectionId, ids);
                return null;
            });
        }
    }

    final class Uploads implements DriveUploads {
        private final DriveUploads drive;

        Uploads(DriveUploads drive) {
            this.drive = drive;
        }

        @Override
        public List<String> generateIds(String accessToken, int count) {
            return time("drive.generateIds", () -> drive.generateIds(accessToken, count));
        }

        @Override
        public DriveFile uploadSmall(String accessToken, NewFile file, byte[] content, int length) {
            return time("drive.uploadSmall", () -> drive.uploadSmall(accessToken, file, content, length));
        }

        @Override
        public String startResumable(String accessToken, NewFile file, Long totalBytes) {
            return time("drive.startResumable", () -> drive.startResumable(accessToken, file, totalBytes));
        }

        @Override
        public SessionState putChunk(String accessToken, String sessionUri, byte[] buffer, int length, long offset, Long totalBytes) {
            return time("drive.putChunk", () -> drive.putChunk(accessToken, sessionUri, buffer, length, offset, totalBytes));
        }

        @Override
        public SessionState queryStatus(String accessToken, String sessionUri, Long totalBytes) {
            return time("drive.queryStatus", () -> drive.queryStatus(accessToken, sessionUri, totalBytes));
        }

        @Override
        public DriveFile file(String accessToken, String fileId) {
            return time("drive.file", () -> drive.file(accessToken, fileId));
        }

        @Override
        public Optional<DriveItem> findChildFolder(String accessToken, String parentId, String name) {
            return time("drive.findChildFolder", () -> drive.findChildFolder(accessToken, parentId, name));
        }
    }

    final class Sources implements SourceReader {
        private final SourceReader sources;

        Sources(SourceReader sources) {
            this.sources = sources;
        }

        @Override
        public OptionalLong size(UploadSource source) {
            return time("source.size (HEAD)", () -> sources.size(source));
        }

        @Override
        public InputStream open(UploadSource source, long offset) {
            InputStream in = time("source.open (GET)", () -> sources.open(source, offset));
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long t0 = System.nanoTime();
                    try {
                        return super.read(b, off, len);
                    } finally {
                        add("source.read", System.nanoTime() - t0);
                    }
                }

                @Override
                public int read() throws IOException {
                    long t0 = System.nanoTime();
                    try {
                        return super.read();
                    } finally {
                        add("source.read", System.nanoTime() - t0);
                    }
                }
            };
        }
    }

}
