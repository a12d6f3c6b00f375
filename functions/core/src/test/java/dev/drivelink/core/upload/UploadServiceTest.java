package dev.drivelink.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import dev.drivelink.core.adapters.aws.DynamoUploadStore;
import dev.drivelink.core.adapters.google.GoogleDriveApi;
import dev.drivelink.core.adapters.google.GoogleDriveClients;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.testing.FileServer;
import dev.drivelink.core.testing.PublishedEvents;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.Fault;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The upload worker's logic against moto (S3, SQS, DynamoDB, KMS) and the Google emulator, with small
 * chunks (256 KiB) and a 1 MiB multipart limit so that every path is exercised quickly.
 */
class UploadServiceTest {

    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;
    static TestWorld world;
    static DriveLink drivelink;
    static FileServer files;
    static PublishedEvents events;
    String user;
    String connectionId;
    String account;

    @BeforeAll
    static void startWorld() throws Exception {
        world = TestWorld.start();
        drivelink = world.driveLinkWith(world.configWith(Map.of(
                "DRIVELINK_UPLOADS_SMALL_FILE_LIMIT", Integer.toString(MIB),
                "DRIVELINK_UPLOADS_CHUNK_SIZE", Integer.toString(256 * KIB))), Clock.systemUTC());
        files = new FileServer();
        events = world.captureEvents();
    }

    @AfterAll
    static void stopWorld() {
        files.close();
        world.close();
    }

    @BeforeEach
    void connected() {
        world.google.admin().clearFaults();
        user = "user-" + UUID.randomUUID();
        account = "alice@example.com";
        connectionId = world.connect(user, account);
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    UploadSource s3(byte[] data) {
        String key = "renders/" + UUID.randomUUID() + ".wav";
        world.stack.aws().s3().putObject(r -> r.bucket(world.sourceBucket).key(key), RequestBody.fromBytes(data));
        return new UploadSource.S3(world.sourceBucket, key);
    }

    UploadSource url(byte[] data) {
        return new UploadSource.Url(files.put("/" + UUID.randomUUID() + ".bin", data));
    }

    UploadRequest request(UploadSource source, String name, String folderPath, String key) {
        return new UploadRequest(1, null, connectionId, source, name, "audio/wav", folderPath,
                "{\"renderJob\":\"r-" + name + "\"}", key);
    }

    UploadService.Result process(UploadRequest request, String messageId) {
        return drivelink.uploads().process(request, messageId, Instant.now().plus(Duration.ofMinutes(5)));
    }

    UploadJob job(String id) {
        return new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30)).find(id).orElseThrow();
    }

    List<AdminFile> filesNamed(String name) {
        return world.google.admin().files(account).stream().filter(f -> f.name().equals(name) && !f.trashed()).toList();
    }

    String rootFolder() {
        return world.driveLink.connectionQueries().get(user, connectionId).rootFolder().id();
    }

    void assertLandedOnce(String name, byte[] data, String parentId) throws Exception {
        List<AdminFile> found = filesNamed(name);
        assertThat(found).as("exactly one Drive file named " + name).hasSize(1);
        assertThat(found.get(0).md5Checksum()).isEqualTo(md5(data));
        assertThat(found.get(0).size()).isEqualTo((long) data.length);
        assertThat(found.get(0).parents()).containsExactly(parentId);
        assertThat(world.google.admin().content(found.get(0).id())).isEqualTo(data);
    }

    @Test
    void aSmallFileFromS3GoesUpInOneRequestAndIsVerified() throws Exception {
        byte[] data = bytes(KIB, 1);
        long uploadsBefore = world.google.admin().requestCount("POST /upload/drive/v3/files");

        var result = process(request(s3(data), "small.wav", null, null), "m-" + UUID.randomUUID());

        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("small.wav", data, rootFolder());
        assertThat(world.google.admin().requestCount("POST /upload/drive/v3/files") - uploadsBefore).isEqualTo(1);
        UploadJob job = job(result.uploadId());
        assertThat(job.status()).isEqualTo(UploadStatus.DONE);
        assertThat(job.md5()).isEqualTo(md5(data));
        assertThat(job.view().webViewLink()).contains(job.driveFileId());
        var event = events.await(e -> e.at("/detail/uploadId").asText().equals(result.uploadId()));
        assertThat(event.at("/detail-type").asText()).isEqualTo("Drive Upload Completed");
        assertThat(event.at("/detail/appRef/renderJob").asText()).as("appRef is the producer's JSON object, not a string of it")
                .isEqualTo("r-small.wav");
        assertThat(job.view().appRef().get("renderJob").asText()).isEqualTo("r-small.wav");
    }

    @Test
    void filesAroundTheMultipartLimitFromAUrlArriveByteIdentical() throws Exception {
        for (int size : new int[] {MIB, MIB + 1, 3 * MIB + 12345}) {
            byte[] data = bytes(size, size);
            String name = "file-" + size + ".bin";
            var result = process(request(url(data), name, null, null), "m-" + UUID.randomUUID());
            assertThat(result.outcome()).as(result.reason()).isEqualTo(UploadService.Outcome.DONE);
            assertLandedOnce(name, data, rootFolder());
        }
    }

    @Test
    void theSameMessageTwiceAndTheSameIdempotencyKeyTwiceMakeOneFile() throws Exception {
        byte[] data = bytes(2 * MIB, 7);
        UploadSource source = s3(data);
        assertThat(process(request(source, "twice.bin", null, null), "same-message").outcome())
                .isEqualTo(UploadService.Outcome.DONE);
        assertThat(process(request(source, "twice.bin", null, null), "same-message").outcome())
                .isEqualTo(UploadService.Outcome.SKIPPED);
        assertLandedOnce("twice.bin", data, rootFolder());

        byte[] small = bytes(10 * KIB, 8);
        UploadSource smallSource = s3(small);
        assertThat(process(request(smallSource, "keyed.bin", null, "render-42"), "message-a").outcome())
                .isEqualTo(UploadService.Outcome.DONE);
        assertThat(process(request(smallSource, "keyed.bin", null, "render-42"), "message-b").outcome())
                .isEqualTo(UploadService.Outcome.SKIPPED);
        assertLandedOnce("keyed.bin", small, rootFolder());
    }

    @Test
    void aCreateRetriedAfterItSucceededDoesNotMakeASecondFile() throws Exception {
        byte[] data = bytes(50 * KIB, 9);
        UploadRequest request = request(s3(data), "retried.bin", null, "retried-key");
        assertThat(process(request, "m1").outcome()).isEqualTo(UploadService.Outcome.DONE);
        // pretend the worker died after Drive created the file but before the job said so
        var store = new DynamoUploadStore(world.dynamo, world.table(), Duration.ofDays(30));
        UploadJob done = store.find(UploadJobs.jobId(request, "m1")).orElseThrow();
        store.save(done.withStatus(UploadStatus.UPLOADING, null).next(Instant.now()), done.version());

        assertThat(process(request, "m2").outcome()).isEqualTo(UploadService.Outcome.DONE);

        assertLandedOnce("retried.bin", data, rootFolder());
    }

    @Test
    void twentyParallelUploadsIntoANewPathMakeOneFolderPerLevel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<UploadService.Result>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(pool.submit(() -> process(request(s3(bytes(2 * KIB, n)), "part-" + n + ".wav", "a/b/c", null),
                    "parallel-" + n)));
        }
        for (Future<UploadService.Result> f : results) {
            assertThat(f.get(120, TimeUnit.SECONDS).outcome()).isEqualTo(UploadService.Outcome.DONE);
        }
        pool.shutdown();

        String root = rootFolder();
        List<AdminFile> a = folders("a", root);
        assertThat(a).hasSize(1);
        List<AdminFile> b = folders("b", a.get(0).id());
        assertThat(b).hasSize(1);
        List<AdminFile> c = folders("c", b.get(0).id());
        assertThat(c).hasSize(1);
        assertThat(world.google.admin().files(account).stream().filter(f -> c.get(0).id().equals(f.parents().isEmpty() ? null : f.parents().get(0))))
                .hasSize(20);

        long listsBefore = world.google.admin().requestCount("GET /drive/v3/files");
        long createsBefore = world.google.admin().requestCount("POST /drive/v3/files");
        assertThat(process(request(s3(bytes(KIB, 99)), "later.wav", "a/b/c", null), "later").outcome())
                .isEqualTo(UploadService.Outcome.DONE);
        assertThat(world.google.admin().requestCount("GET /drive/v3/files")).as("no folder lookups for a known path")
                .isEqualTo(listsBefore);
        assertThat(world.google.admin().requestCount("POST /drive/v3/files")).isEqualTo(createsBefore);
    }

    @Test
    void aFolderPathTheUserDeletedInDriveIsCreatedAgainOnceAndUploadsGoOn() throws Exception {
        String root = rootFolder();
        assertThat(process(request(s3(bytes(KIB, 1)), "before.wav", "renders/2026", null), "del-1").outcome())
                .isEqualTo(UploadService.Outcome.DONE);
        AdminFile renders = folders("renders", root).get(0);
        AdminFile year = folders("2026", renders.id()).get(0);
        world.google.admin().delete(year.id()); // the user deletes renders/2026 (and what it held) in Drive

        byte[] small = bytes(2 * KIB, 2);
        var afterDelete = process(request(s3(small), "after.wav", "renders/2026", null), "del-2");
        byte[] large = bytes(MIB + 300 * KIB, 3); // resumable: the session start meets the missing folder
        var resumable = process(request(s3(large), "after-large.wav", "renders/2026", null), "del-3");

        assertThat(afterDelete.outcome()).as(afterDelete.reason()).isEqualTo(UploadService.Outcome.DONE);
        assertThat(resumable.outcome()).as(resumable.reason()).isEqualTo(UploadService.Outcome.DONE);
        List<AdminFile> years = folders("2026", renders.id());
        assertThat(years).as("one new renders/2026").hasSize(1);
        assertThat(years.get(0).id()).isNotEqualTo(year.id());
        assertLandedOnce("after.wav", small, years.get(0).id());
        assertLandedOnce("after-large.wav", large, years.get(0).id());
        long listsBefore = world.google.admin().requestCount("GET /drive/v3/files");
        assertThat(process(request(s3(bytes(KIB, 4)), "later.wav", "renders/2026", null), "del-4").outcome())
                .isEqualTo(UploadService.Outcome.DONE);
        assertThat(world.google.admin().requestCount("GET /drive/v3/files")).as("the new folder is remembered")
                .isEqualTo(listsBefore);
    }

    @Test
    void finishedJobsExpireAndProgressSavesWriteNoIndex() throws Exception {
        var result = process(request(s3(bytes(3 * 256 * KIB, 5)), "ttl.wav", null, null), "ttl-1");
        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.DONE);
        var item = world.dynamo.getItem(r -> r.tableName(world.table()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("UPLOAD#" + result.uploadId()), "sk", AttributeValue.fromS("UPLOAD")))).item();
        Instant updated = Instant.parse(item.get("updatedAt").s());
        assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo(updated.plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(item).doesNotContainKeys("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk");
    }

    List<AdminFile> folders(String name, String parent) {
        return world.google.admin().files(account).stream()
                .filter(f -> f.isFolder() && f.name().equals(name) && f.parents().contains(parent) && !f.trashed())
                .toList();
    }

    @Test
    void faultsMidUploadStillLandEveryFileExactlyOnce() throws Exception {
        var admin = world.google.admin();
        String chunkRoute = "PUT /upload/drive/v3/files";

        // 3 MiB in 256 KiB chunks is 12 chunk PUTs; a fault costs a status query and a resend
        long puts = admin.requestCount(chunkRoute);
        admin.injectFault(Fault.error(chunkRoute, 1, 503, "backendError"));
        byte[] a = bytes(3 * MIB, 11);
        assertThat(process(request(s3(a), "after-503.bin", null, null), "f1").outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("after-503.bin", a, rootFolder());
        assertThat(admin.requestCount(chunkRoute) - puts).isEqualTo(14);

        puts = admin.requestCount(chunkRoute);
        admin.injectFault(Fault.dropAfter(chunkRoute, 1, 100 * KIB));
        byte[] b = bytes(3 * MIB, 12);
        assertThat(process(request(url(b), "after-drop.bin", null, null), "f2").outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("after-drop.bin", b, rootFolder());
        assertThat(admin.requestCount(chunkRoute) - puts).isGreaterThan(12);

        puts = admin.requestCount(chunkRoute);
        admin.injectFault(new Fault(chunkRoute, null, 1, 429, "rateLimitExceeded", null, 0, null, false));
        byte[] c = bytes(2 * MIB, 13);
        assertThat(process(request(s3(c), "after-429.bin", null, null), "f3").outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("after-429.bin", c, rootFolder());
        assertThat(admin.requestCount(chunkRoute) - puts).isGreaterThan(8);

        long posts = admin.requestCount("POST /upload/drive/v3/files");
        admin.injectFault(Fault.error("POST /upload/drive/v3/files", 1, 403, "userRateLimitExceeded"));
        byte[] d = bytes(20 * KIB, 14);
        assertThat(process(request(s3(d), "after-403.bin", null, null), "f4").outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("after-403.bin", d, rootFolder());
        assertThat(admin.requestCount("POST /upload/drive/v3/files") - posts).isEqualTo(2);
    }

    @Test
    void aFullDriveFailsWithAReasonAndIsNotRetried() {
        world.google.admin().setStorageQuota(account, 1);
        try {
            var result = process(request(s3(bytes(10 * KIB, 3)), "too-big.bin", null, null), "q1");
            assertThat(result.outcome()).isEqualTo(UploadService.Outcome.FAILED);
            UploadJob job = job(result.uploadId());
            assertThat(job.status()).isEqualTo(UploadStatus.FAILED);
            assertThat(job.error()).contains("storageQuotaExceeded");
            assertThat(filesNamed("too-big.bin")).isEmpty();
            events.await(e -> e.at("/detail/uploadId").asText().equals(result.uploadId())
                    && e.at("/detail-type").asText().equals("Drive Upload Failed"));
        } finally {
            world.google.admin().setStorageQuota(account, Long.MAX_VALUE);
        }
    }

    @Test
    void aRevokedConnectionFailsTheUploadWithoutTryingDrive() {
        world.driveLink.connectionCommands().revoke(user, connectionId);
        long before = world.google.admin().requestCount("POST /upload/drive/v3/files");

        var result = process(request(s3(bytes(KIB, 4)), "revoked.bin", null, null), "r1");

        assertThat(result.outcome()).isEqualTo(UploadService.Outcome.FAILED);
        assertThat(job(result.uploadId()).error()).contains("revoked");
        assertThat(world.google.admin().requestCount("POST /upload/drive/v3/files")).isEqualTo(before);
    }

    @Test
    void anUploadThatRunsOutOfTimeContinuesWhereItStoppedWithoutRereadingTheSource() throws Exception {
        byte[] data = bytes(3 * MIB, 21);
        UploadSource source = url(data);
        UploadRequest request = request(source, "long.bin", null, null);
        String path = ((UploadSource.Url) source).url().replaceFirst("http://[^/]+", "");
        // the worker stops when less than 30 s (the safety margin) remain: give it 36 s and make the
        // first chunk take 8 s, so it sends exactly one chunk and then hands over (up to 6 s of setup on a
        // busy machine still leaves time to start)
        world.google.admin().injectFault(Fault.delay("PUT /upload/drive/v3/files", 1, 8000));
        var first = drivelink.uploads().process(request, "long-1", Instant.now().plus(Duration.ofSeconds(36)));

        assertThat(first.outcome()).isEqualTo(UploadService.Outcome.CONTINUE);
        UploadJob paused = job(first.uploadId());
        assertThat(paused.status()).isEqualTo(UploadStatus.UPLOADING);
        assertThat(paused.bytesDone()).isEqualTo(256 * KIB);
        assertThat(paused.leaseUntil()).as("the lease is given back for the continuation").isNull();

        var second = process(request.withUploadId(first.uploadId()), "long-2");

        assertThat(second.outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertThat(files.ranges).containsExactly(path + " bytes=" + (256 * KIB) + "-");
        assertLandedOnce("long.bin", data, rootFolder());
    }

    @Test
    void aWorkerThatDiedAfterDriveTookAChunkButBeforeSavingItResumesFromDrivesOffset() throws Exception {
        byte[] data = bytes(3 * MIB, 22);
        UploadSource source = url(data);
        UploadRequest request = request(source, "crashed.bin", null, null);
        String path = ((UploadSource.Url) source).url().replaceFirst("http://[^/]+", "");
        world.google.admin().injectFault(Fault.delay("PUT /upload/drive/v3/files", 1, 8000));
        var first = drivelink.uploads().process(request, "crash-1", Instant.now().plus(Duration.ofSeconds(36)));
        assertThat(first.outcome()).isEqualTo(UploadService.Outcome.CONTINUE);
        UploadJob paused = job(first.uploadId());
        assertThat(paused.bytesDone()).isEqualTo(256 * KIB);
        // the "dead" worker had sent the next chunk; Drive has it, the job does not know
        byte[] chunk = Arrays.copyOfRange(data, 256 * KIB, 512 * KIB);
        var uploads = new GoogleDriveApi(new GoogleDriveClients(
                new NetHttpTransport(), world.google.driveRootUrl(),
                Duration.ofSeconds(10), Duration.ofSeconds(10))).with(new DriveAccess.Bearer("unused", Instant.MAX)).uploads();
        var state = uploads.putChunk(paused.sessionUri(), chunk, chunk.length, 256 * KIB, (long) data.length);
        assertThat(state.acknowledged()).isEqualTo(512 * KIB);
        files.ranges.clear();

        var second = process(request.withUploadId(first.uploadId()), "crash-2");

        assertThat(second.outcome()).isEqualTo(UploadService.Outcome.DONE);
        assertLandedOnce("crashed.bin", data, rootFolder());
        assertThat(files.ranges).as("the gap is read for the md5, then streaming goes on from Drive's offset")
                .containsExactly(path + " bytes=" + (256 * KIB) + "-", path + " bytes=" + (512 * KIB) + "-");
    }

    @Test
    void unusableMessagesGoToTheDeadLetterQueueWithTheirReason() {
        var sqs = world.stack.aws().sqs();
        String dlq = world.stack.ref("UploadDeadLetterQueue");
        var batch = drivelink.uploadBatch();

        List<String> retry = batch.process(List.of(
                new UploadBatch.Message("poison-1", "this is not json", 1),
                new UploadBatch.Message("poison-2", "{\"version\":1,\"connectionId\":\"dc_00000000000000000000000000000000\","
                        + "\"source\":{\"url\":\"https://example.com/x\"},\"fileName\":\"x\",\"mimeType\":\"a/b\"}", 1),
                new UploadBatch.Message("poison-3", "{\"version\":2}", 1)), Instant.now().plus(Duration.ofMinutes(1)));

        assertThat(retry).isEmpty();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 5 && reasons.size() < 3; i++) {
            sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages().forEach(m -> {
                        reasons.add(m.messageAttributes().get("drivelink-original-message-id").stringValue() + ": "
                                + m.messageAttributes().get("drivelink-reason").stringValue());
                        sqs.deleteMessage(r -> r.queueUrl(dlq).receiptHandle(m.receiptHandle()));
                    });
        }
        assertThat(reasons).anyMatch(r -> r.startsWith("poison-1: invalid upload request: the message is not valid JSON"));
        assertThat(reasons).anyMatch(r -> r.startsWith("poison-2: unknown connection dc_0000"));
        assertThat(reasons).anyMatch(r -> r.startsWith("poison-3: invalid upload request: version 2 is not supported"));
    }
}
