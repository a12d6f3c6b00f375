package dev.drivelink.bench;

import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.adapters.aws.EventBridgePublisher;
import dev.drivelink.core.adapters.google.GoogleDriveApi;
import dev.drivelink.core.adapters.google.GoogleDriveClients;
import dev.drivelink.core.adapters.source.S3UrlSourceReader;
import dev.drivelink.core.adapters.source.UrlSource;
import dev.drivelink.core.config.DriveLinkConfig;
import dev.drivelink.core.drive.Backoff;
import dev.drivelink.core.drive.DriveAbout;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveApi;
import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveChannels;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveFiles;
import dev.drivelink.core.drive.DriveResources;
import dev.drivelink.core.drive.DriveUploads;
import dev.drivelink.core.drive.Pace;
import dev.drivelink.core.events.EventPublisher;
import dev.drivelink.core.upload.DriveIdPool;
import dev.drivelink.core.upload.FolderPaths;
import dev.drivelink.core.upload.ResumableTransfer;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.SourceReader;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadJobRepository;
import dev.drivelink.core.upload.UploadJobs;
import dev.drivelink.core.upload.UploadService;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.core.wiring.DriveLink;
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
        var google = new GoogleDriveApi(new GoogleDriveClients(transport, config.google().driveRootUrl(),
                config.google().connectTimeout(), config.google().readTimeout()));
        var store = new DynamoUploadStore(aws.dynamoDb(), config.table(), up.finishedJobTtl());
        Clock clock = Clock.systemUTC();
        EventPublisher publisher = config.eventBus().filter(s -> !s.isBlank())
                .<EventPublisher>map(bus -> new EventBridgePublisher(aws.eventBridge(), bus)).orElse(EventPublisher.NONE);
        var sources = new Sources(new S3UrlSourceReader(aws.s3(), Set.copyOf(up.sourceBuckets().orElse(List.of())),
                UrlSource.standard(up.allowInsecureUrlSources(), config.google().readTimeout())));
        DriveApi timedDrive = (bearer, timeLeft) -> new TimedDrive(google.with(bearer, timeLeft));
        var drive = new DriveAccess(timedDrive, driveLink.tokens(), Backoff.standard(),
                new Pace.Settings(config.drive().requestsPerSecond(), config.drive().maxInFlight()), clock);
        var jobs = new UploadJobs(new Jobs(store), (type, resource, detail) -> time("events.publish", () -> {
            publisher.publish(type, resource, detail);
            return null;
        }), clock);
        var settings = new UploadService.Settings(up.smallFileLimit(), up.chunkSize(), up.jobLease(), up.safetyMargin(),
                up.idPoolBatch(), up.progressInterval(), up.maxSourceBytes());
        this.service = new UploadService(driveLink.connections(), jobs, new Ids(store),
                new FolderPaths(store, clock, Duration.ofSeconds(30), Duration.ofSeconds(60)),
                drive, sources, new ResumableTransfer(clock, settings),
                new SourcePolicy(Set.copyOf(up.sourceBuckets().orElse(List.of())), up.userPrefix(), up.allowInsecureUrlSources()),
                clock, settings);
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

    /** Drive's resources with each call timed (the calls the upload pipeline makes). */
    final class TimedDrive implements DriveResources {
        private final DriveResources drive;

        TimedDrive(DriveResources drive) {
            this.drive = drive;
        }

        @Override
        public DriveFiles files() {
            DriveFiles files = drive.files();
            return new DriveFiles() {
                @Override
                public DriveFile get(String fileId) {
                    return time("drive.files.get", () -> files.get(fileId));
                }

                @Override
                public Page list(String query, String pageToken, int pageSize) {
                    return time("drive.files.list", () -> files.list(query, pageToken, pageSize));
                }

                @Override
                public DriveFile createFolder(String name, String parentId) {
                    return time("drive.files.createFolder", () -> files.createFolder(name, parentId));
                }

                @Override
                public DriveFile update(String fileId, Changes changes) {
                    return time("drive.files.update", () -> files.update(fileId, changes));
                }

                @Override
                public DriveFile trash(String fileId) {
                    return time("drive.files.trash", () -> files.trash(fileId));
                }

                @Override
                public InputStream download(String fileId, long offset) {
                    return time("drive.files.download", () -> files.download(fileId, offset));
                }

                @Override
                public List<String> generateIds(int count) {
                    return time("drive.generateIds", () -> files.generateIds(count));
                }
            };
        }

        @Override
        public DriveUploads uploads() {
            DriveUploads uploads = drive.uploads();
            return new DriveUploads() {
                @Override
                public DriveFile multipart(NewFile file, byte[] content, int length) {
                    return time("drive.multipart", () -> uploads.multipart(file, content, length));
                }

                @Override
                public DriveFile updateContent(String fileId, String mimeType, byte[] content, int length) {
                    return time("drive.updateContent", () -> uploads.updateContent(fileId, mimeType, content, length));
                }

                @Override
                public String startResumable(NewFile file, Long totalBytes) {
                    return time("drive.startResumable", () -> uploads.startResumable(file, totalBytes));
                }

                @Override
                public String startResumableUpdate(String fileId, String mimeType, Long totalBytes) {
                    return time("drive.startResumableUpdate", () -> uploads.startResumableUpdate(fileId, mimeType, totalBytes));
                }

                @Override
                public SessionState putChunk(String sessionUri, byte[] buffer, int length, long offset, Long totalBytes) {
                    return time("drive.putChunk", () -> uploads.putChunk(sessionUri, buffer, length, offset, totalBytes));
                }

                @Override
                public SessionState status(String sessionUri, Long totalBytes) {
                    return time("drive.status", () -> uploads.status(sessionUri, totalBytes));
                }
            };
        }

        @Override
        public DriveChanges changes() {
            return drive.changes();
        }

        @Override
        public DriveChannels channels() {
            return drive.channels();
        }

        @Override
        public DriveAbout about() {
            return drive.about();
        }
    }

    final class Sources implements SourceReader {
        private final SourceReader sources;

        Sources(SourceReader sources) {
            this.sources = sources;
        }

        @Override
        public OptionalLong size(UploadSource source, Instant deadline) {
            return time("source.size (HEAD)", () -> sources.size(source, deadline));
        }

        @Override
        public InputStream open(UploadSource source, long offset, Instant deadline) {
            InputStream in = time("source.open (GET)", () -> sources.open(source, offset, deadline));
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
