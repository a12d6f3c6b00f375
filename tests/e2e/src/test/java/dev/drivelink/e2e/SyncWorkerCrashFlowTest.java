package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.localcloud.LocalCloud;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A sync worker killed in the middle of a run (its Lambda process gone, as after an out-of-memory kill or
 * a host failure), through local-cloud's real worker: the run's SQS message comes back after the queue's
 * visibility timeout, the next run finishes the project, and no file reaches Drive twice, although the
 * killed run had created some and recorded none of them.
 */
class SyncWorkerCrashFlowTest {

    static final String WORKER = "SyncWorkerFunction";
    static final String ACCOUNT = "carol@example.com";
    static final int FILES = 40;
    /** The queue's 90 minutes (the worker's timeout x 6) shortened for the test, so the message comes back soon. */
    static final String VISIBILITY_SECONDS = "15";

    static LocalCloud cloud;
    static Gateway gateway;
    static SyncMember member;
    static String syncQueue;
    static String visibilityBefore;

    @BeforeAll
    static void start() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        member = SyncMember.join(cloud, gateway, SyncMember.adminToken(gateway), "crash", ACCOUNT);
        syncQueue = cloud.stack().ref("SyncQueue");
        visibilityBefore = queueAttribute(syncQueue, QueueAttributeName.VISIBILITY_TIMEOUT);
    }

    @AfterAll
    static void restore() {
        cloud.eventSources().setSqsMappingsEnabled(WORKER, true);
        if (visibilityBefore != null) {
            setVisibility(visibilityBefore);
        }
        if (member != null) {
            gateway.call("DELETE", "/drive/connections/" + member.connectionId(), member.jwt(), null);
        }
    }

    @Test
    void aWorkerKilledMidRunLeavesNoDuplicateAndTheMessageThatComesBackFinishesTheProject() throws Exception {
        // the worker is off while the app's files arrive, so that one run has all of them to send
        cloud.eventSources().setSqsMappingsEnabled(WORKER, false);
        Thread.sleep(300);
        await(() -> queueAttribute(syncQueue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "0"::equals, "the sync worker idle");
        AppBucket app = new AppBucket(cloud, cloud.stack().ref("AppFilesBucket"), member.project());
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < FILES; i++) {
            byte[] content = new byte[20_000 + random.nextInt(20_000)];
            random.nextBytes(content);
            files.put(String.format("stem-%02d.wav", i), content);
        }
        files.forEach(app::put);
        int deadLettersBefore = Integer.parseInt(queueAttribute(cloud.stack().ref("SyncDeadLetterQueue"),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        setVisibility(VISIBILITY_SECONDS);
        String request = member.requestSync(cloud);
        int environmentsBefore = cloud.function(WORKER).starts();
        cloud.eventSources().setSqsMappingsEnabled(WORKER, true);

        // the kill, once Drive has part of the project (the pace sends about 10 files a second)
        int atKill = await(() -> liveFiles().size(), n -> n >= 5, "the run under way").intValue();
        List<Long> pids = cloud.function(WORKER).pids();
        assertThat(pids).as("the worker's execution environment").isNotEmpty();
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertThat(atKill).as("files in Drive when the worker was killed: part of the project").isLessThan(FILES);
        await(() -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                gone -> gone, "the killed execution environment gone");

        // the message comes back, a new environment runs it, and the project is complete in Drive
        await(() -> liveFiles().keySet(), names -> names.containsAll(files.keySet()), "every app file in Drive");
        SyncMember.awaitRun(cloud, request);
        Map<String, List<AdminFile>> inDrive = liveFiles();
        assertThat(inDrive.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
        inDrive.forEach((name, copies) -> {
            assertThat(copies).as("Drive files named " + name).hasSize(1);
            assertThat(drive().content(copies.get(0).id())).as(name + "'s bytes in Drive").isEqualTo(files.get(name));
        });
        assertThat(cloud.function(WORKER).starts()).as("a new execution environment").isGreaterThan(environmentsBefore);
        assertThat(Integer.parseInt(queueAttribute(cloud.stack().ref("SyncDeadLetterQueue"),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))).as("dead letters").isEqualTo(deadLettersBefore);

        // and a later sync adds nothing: the second run recorded what the killed one had made
        SyncMember.awaitRun(cloud, member.requestSync(cloud));
        assertThat(liveFiles().values().stream().mapToInt(List::size).sum()).isEqualTo(FILES);
    }

    /** The live files of the project folder in Drive, by name (a name twice: a duplicate). */
    Map<String, List<AdminFile>> liveFiles() {
        Optional<AdminFile> folder = drive().files(ACCOUNT).stream()
                .filter(f -> f.isFolder() && !f.trashed() && f.name().equals(member.project())).findFirst();
        Map<String, List<AdminFile>> byName = new LinkedHashMap<>();
        folder.ifPresent(p -> drive().files(ACCOUNT).stream()
                .filter(f -> !f.isFolder() && !f.trashed() && f.parents().contains(p.id()))
                .forEach(f -> byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f)));
        return byName;
    }

    static EmulatorAdmin drive() {
        return cloud.google().admin();
    }

    static String queueAttribute(String queueUrl, QueueAttributeName name) {
        return cloud.aws().sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    static void setVisibility(String seconds) {
        cloud.aws().sqs().setQueueAttributes(r -> r.queueUrl(syncQueue)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds)));
    }

    static <T> T await(Supplier<T> read, Predicate<T> done, String what)
            throws InterruptedException {
        return SyncMember.await(cloud, read, done, what, WORKER, "AppChangesWorkerFunction");
    }
}
