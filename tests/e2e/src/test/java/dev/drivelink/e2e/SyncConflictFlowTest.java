package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.localcloud.LocalCloud;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The conflict policies end to end through local-cloud with the real sync worker: a file synced both
 * ways is then edited differently on both sides for real (an S3 put, a Drive edit through the
 * emulator) while the sync worker's queue mapping is off, so the worker's next run sees both edits at
 * once; the outcome is read back on both sides (S3 objects and their versions, Drive files and their
 * content). One connection for the class, a fresh project per test.
 */
class SyncConflictFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "bob@example.com";
    static final String WORKER = "SyncWorkerFunction";
    static LocalCloud cloud;
    static Gateway gateway;
    static String admin;
    static String bucket;
    static String user;
    static String jwt;
    static String connectionId;
    static String rootFolderId;
    String project;

    @BeforeAll
    static void memberWithAConnection() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        admin = SyncMember.adminToken(gateway);
        bucket = cloud.stack().ref("AppFilesBucket");
        SyncMember member = SyncMember.join(cloud, gateway, admin, "conflicts", ACCOUNT);
        user = member.user();
        jwt = member.jwt();
        connectionId = member.connectionId();
        rootFolderId = json(gateway.get("/drive/connections/" + connectionId, jwt).body()).path("rootFolder").path("id").asText();
    }

    /** Revoked (its watch channel stopped), so later classes' edits in this account do not wake runs for it. */
    @AfterAll
    static void revokeTheConnection() {
        if (connectionId != null) {
            gateway.call("DELETE", "/drive/connections/" + connectionId, jwt, null);
        }
    }

    @BeforeEach
    void aFreshBidirectionalProject() throws Exception {
        project = "song-" + UUID.randomUUID().toString().substring(0, 8);
        var granted = gateway.call("PUT", "/drive/projects/" + project + "/members/" + user, admin, null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    }

    @AfterEach
    void workerBackOn() {
        cloud.eventSources().setSqsMappingsEnabled(WORKER, true);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static EmulatorAdmin drive() {
        return cloud.google().admin();
    }

    void settings(String body) throws Exception {
        var answer = gateway.call("PUT", "/drive/projects/" + project + "/settings", jwt, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    AppBucket appBucket() {
        return new AppBucket(cloud, bucket, project);
    }

    String key(String path) {
        return appBucket().key(path);
    }

    void putApp(String path, byte[] content) {
        appBucket().put(path, content);
    }

    Optional<byte[]> app(String path) {
        return appBucket().get(path);
    }

    Instant appModified(String path) {
        return appBucket().modified(path);
    }

    /** Every version S3 keeps of the path (delete markers left out), newest first. */
    List<byte[]> appVersions(String path) {
        return appBucket().versions(path);
    }

    /** The project's live app paths (relative), sorted. */
    List<String> appPaths() {
        return appBucket().paths();
    }

    Optional<AdminFile> projectFolder() {
        return drive().files(ACCOUNT).stream().filter(f -> !f.trashed() && f.isFolder() && f.name().equals(project)
                && f.parents().contains(rootFolderId)).findFirst();
    }

    /** The live Drive files directly in the project folder, by name. */
    List<AdminFile> driveFiles() {
        String folder = projectFolder().map(AdminFile::id).orElse(null);
        if (folder == null) {
            return List.of();
        }
        return drive().files(ACCOUNT).stream().filter(f -> !f.trashed() && !f.isFolder() && f.parents().contains(folder))
                .toList();
    }

    Optional<AdminFile> driveFile(String name) {
        return driveFiles().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    static byte[] content(AdminFile f) {
        return drive().content(f.id());
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What Drive change detection sends when the user changed something in Drive. */
    String requestSync() {
        return new SyncMember(user, jwt, connectionId, project).requestSync(cloud);
    }

    /** Until the sync worker ran the request, or acknowledged it as covered by a run of the same batch. */
    void awaitDone(String requestId) throws InterruptedException {
        await(() -> cloud.function(WORKER).logs().stream()
                .anyMatch(l -> l.contains(requestId) && (l.contains(") done") || l.contains("coalesced with a run"))),
                done -> done, "sync request " + requestId + " done");
    }

    static <T> T await(Supplier<T> read, Predicate<T> done, String what) throws InterruptedException {
        return SyncMember.await(cloud, read, done, what, WORKER, "AppChangesWorkerFunction");
    }

    AdminFile awaitDrive(String name, byte[] content) throws InterruptedException {
        return await(() -> driveFile(name).filter(f -> Arrays.equals(content(f), content)).orElse(null),
                f -> f != null, name + " in Drive with " + new String(content, StandardCharsets.UTF_8));
    }

    void awaitApp(String path, byte[] content) throws InterruptedException {
        await(() -> app(path).map(b -> Arrays.equals(b, content)).orElse(false), same -> same,
                path + " in S3 with " + new String(content, StandardCharsets.UTF_8));
    }

    JsonNode openConflicts() throws Exception {
        var answer = gateway.get("/drive/projects/" + project + "/conflicts", jwt);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body()).path("conflicts");
    }

    /** The files, synced both ways with their first content, each with its Drive file. */
    List<AdminFile> synced(String... names) throws Exception {
        List<AdminFile> files = new ArrayList<>();
        for (String name : names) {
            putApp(name, text(name + " v1"));
        }
        for (String name : names) {
            files.add(awaitDrive(name, text(name + " v1")));
        }
        // every run the puts woke is over (one FIFO group per connection: this request comes after them)
        awaitDone(requestSync());
        return files;
    }

    /**
     * Each file edited in Drive, then (a second later, so the app's edit is the newer one unless the
     * emulator's clock runs ahead) in the app, while the sync worker is off; then the worker is on again
     * and a sync is requested (as change detection would). Returns that request's id.
     */
    String conflictingEdits(List<AdminFile> files) throws Exception {
        cloud.eventSources().setSqsMappingsEnabled(WORKER, false);
        Thread.sleep(300); // a poller that was receiving goes back to its loop
        // a run already under way (a change notification of the sync's own writes) ends first: its messages
        // stay in flight until it is done
        await(this::syncMessagesInFlight, n -> n == 0, "the sync worker idle");
        for (AdminFile f : files) {
            drive().updateContent(f.id(), text(f.name() + " from Drive"));
        }
        Thread.sleep(1100);
        for (AdminFile f : files) {
            putApp(f.name(), text(f.name() + " from the app"));
        }
        String id = requestSync();
        cloud.eventSources().setSqsMappingsEnabled(WORKER, true);
        return id;
    }

    int syncMessagesInFlight() {
        return Integer.parseInt(cloud.aws().sqs().getQueueAttributes(r -> r.queueUrl(cloud.stack().ref("SyncQueue"))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Whether the app's edit is the newer one, as the planner compares them (a tie goes to the app). */
    boolean appIsNewer(AdminFile f) {
        return !drive().file(f.id()).modifiedTime().isAfter(appModified(f.name()));
    }

    /**
     * keep_both's outcome for {@code name} (whose conflict-time content was "... from Drive" and "...
     * from the app"): the newer side keeps the name, the other side's content is under
     * {@code stem (conflict YYYY-MM-DD HHMM, from <side>).txt}; both files are on both sides.
     */
    void assertKeptBoth(String name, boolean appWasNewer) throws Exception {
        String stem = name.substring(0, name.lastIndexOf('.'));
        byte[] fromApp = text(name + " from the app");
        byte[] fromDrive = text(name + " from Drive");
        byte[] kept = appWasNewer ? fromApp : fromDrive;
        byte[] copied = appWasNewer ? fromDrive : fromApp;
        String copyPattern = java.util.regex.Pattern.quote(stem + " (conflict ") + "\\d{4}-\\d{2}-\\d{2} \\d{4}, from "
                + (appWasNewer ? "Drive" : "app") + "\\)\\.txt";

        String copy = await(() -> appPaths().stream().filter(p -> p.matches(copyPattern)).findFirst().orElse(null),
                p -> p != null, "the conflict copy of " + name + " in S3; app paths " + appPaths());
        awaitApp(copy, copied);
        awaitApp(name, kept);
        awaitDrive(name, kept);
        awaitDrive(copy, copied);
        assertThat(appPaths().stream().filter(p -> p.startsWith(stem + " "))).as("one conflict copy").containsExactly(copy);
        assertThat(driveFiles().stream().filter(f -> f.name().startsWith(stem + " ")).map(AdminFile::name))
                .as("one conflict copy in Drive").containsExactly(copy);
        assertThat(driveFiles().stream().filter(f -> f.name().equals(name))).as("one Drive file at the name").hasSize(1);
    }

    // ---- the policies --------------------------------------------------------------------------------

    @Test
    void appWinsOverwritesTheDriveFileWithANewRevisionAndWritesNothingToS3() throws Exception {
        settings("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"app_wins\"}");
        AdminFile verse = synced("verse.txt").get(0);

        awaitDone(conflictingEdits(List.of(verse)));

        awaitDrive("verse.txt", text("verse.txt from the app"));
        AdminFile after = driveFile("verse.txt").orElseThrow();
        assertThat(after.id()).as("a new revision of the same Drive file").isEqualTo(verse.id());
        assertThat(drive().file(verse.id()).version()).as("Drive kept a new version").isGreaterThan(verse.version() + 1);
        assertThat(app("verse.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("verse.txt from the app")));
        assertThat(appVersions("verse.txt")).as("app_wins writes nothing to S3")
                .containsExactly(text("verse.txt from the app"), text("verse.txt v1"));
        assertThat(driveFiles()).hasSize(1);
        assertThat(openConflicts()).isEmpty();
    }

    @Test
    void keepBothKeepsTheNewerContentUnderTheNameAndTheOtherAsAConflictCopyOnBothSides() throws Exception {
        settings("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"keep_both\"}");
        AdminFile chorus = synced("chorus.txt").get(0);

        String id = conflictingEdits(List.of(chorus));
        boolean appWasNewer = appIsNewer(chorus);
        awaitDone(id);

        assertKeptBoth("chorus.txt", appWasNewer);
        assertThat(appVersions("chorus.txt")).as("the app's content stays in S3")
                .anySatisfy(v -> assertThat(v).isEqualTo(text("chorus.txt from the app")));
        assertThat(openConflicts()).isEmpty();
        assertThat(appPaths()).hasSize(2);
        assertThat(driveFiles()).hasSize(2);
    }

    @Test
    void manualParksTheConflictsTouchesNeitherSideThenCarriesOutEachChoice() throws Exception {
        settings("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"manual\"}");
        List<AdminFile> files = synced("a.txt", "b.txt", "c.txt");

        awaitDone(conflictingEdits(files));

        JsonNode listed;
        try {
            listed = await(() -> {
                try {
                    return openConflicts();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, l -> l.size() == 3, "three conflicts listed");
        } catch (AssertionError timeout) {
            throw new AssertionError(timeout.getMessage() + "\n" + whatHappened(), timeout);
        }
        for (AdminFile f : files) {
            assertThat(app(f.name())).as("the app side untouched").hasValueSatisfying(b ->
                    assertThat(b).isEqualTo(text(f.name() + " from the app")));
            assertThat(content(drive().file(f.id()))).as("the Drive side untouched").isEqualTo(text(f.name() + " from Drive"));
            assertThat(appVersions(f.name())).hasSize(2);
        }
        String a = null;
        String b = null;
        String c = null;
        for (JsonNode conflict : listed) {
            assertThat(conflict.path("state").asText()).isEqualTo("open");
            assertThat(conflict.path("app").path("md5").asText()).isNotBlank();
            assertThat(conflict.path("drive").path("md5").asText()).isNotEqualTo(conflict.path("app").path("md5").asText());
            switch (conflict.path("path").asText()) {
                case "a.txt" -> a = conflict.path("id").asText();
                case "b.txt" -> b = conflict.path("id").asText();
                case "c.txt" -> c = conflict.path("id").asText();
                default -> throw new AssertionError("unexpected conflict " + conflict);
            }
        }
        assertThat(List.of(a, b, c)).doesNotContainNull();
        boolean cAppWasNewer = appIsNewer(files.get(2));

        resolve(a, "app");
        resolve(b, "drive");
        resolve(c, "both");

        // keep app: the Drive file gets the app's content as a new revision, S3 keeps what it had
        awaitDrive("a.txt", text("a.txt from the app"));
        assertThat(driveFile("a.txt").orElseThrow().id()).isEqualTo(files.get(0).id());
        assertThat(appVersions("a.txt")).containsExactly(text("a.txt from the app"), text("a.txt v1"));
        // keep drive: S3 gets Drive's content, the app's edit stays a version
        awaitApp("b.txt", text("b.txt from Drive"));
        assertThat(appVersions("b.txt")).containsExactly(text("b.txt from Drive"), text("b.txt from the app"), text("b.txt v1"));
        assertThat(content(drive().file(files.get(1).id()))).isEqualTo(text("b.txt from Drive"));
        // keep both: both contents on both sides
        assertKeptBoth("c.txt", cAppWasNewer);

        await(() -> {
            try {
                return openConflicts().size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, n -> n == 0, "no conflict left open");
        assertThat(driveFiles()).hasSize(4);
        assertThat(appPaths()).hasSize(4);
        // a choice is made once
        var again = gateway.call("POST", "/drive/projects/" + project + "/conflicts/" + a + "/resolve", jwt, "{\"keep\":\"drive\"}");
        assertThat(again.statusCode()).isIn(404, 409);
        // and a quiet run afterwards changes nothing
        awaitDone(requestSync());
        assertThat(appVersions("a.txt")).hasSize(2);
        assertThat(content(driveFile("b.txt").orElseThrow())).isEqualTo(text("b.txt from Drive"));
    }

    /** For a failure message: the project's activity, its worker log lines and both sides. */
    String whatHappened() {
        StringBuilder out = new StringBuilder("activity: ")
                .append(gateway.get("/drive/projects/" + project + "/activity?limit=50", jwt).body()).append("\nworker:\n");
        cloud.function(WORKER).logs().stream().filter(l -> l.contains(project) || l.contains("WARN") || l.contains("ERROR"))
                .forEach(l -> out.append(l).append('\n'));
        out.append("app: ");
        appPaths().forEach(p -> out.append(p).append('=').append(app(p).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("?")).append("; "));
        out.append("\ndrive: ");
        driveFiles().forEach(f -> out.append(f.name()).append('=').append(new String(content(f), StandardCharsets.UTF_8))
                .append("; "));
        return out.toString();
    }

    void resolve(String conflictId, String keep) throws Exception {
        var answer = gateway.call("POST", "/drive/projects/" + project + "/conflicts/" + conflictId + "/resolve", jwt,
                "{\"keep\":\"" + keep + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body()).path("keep").asText()).isEqualTo(keep);
    }
}
