package dev.drivelink.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.localcloud.LocalCloud;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync modes end to end through local-cloud, as a user would see them: app files put into the
 * bucket reach Drive through S3 notifications, the app-changes worker, the FIFO sync queue and the sync
 * worker; Drive-side edits are picked up by a sync request (what Drive change detection sends; here the
 * test sends it, as the changes worker would).
 */
class SyncModesFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "bob@example.com";
    static LocalCloud cloud;
    static Gateway gateway;
    static String admin;
    static String bucket;
    String user;
    String jwt;
    String connectionId;
    String rootFolderId;
    String project;

    @BeforeAll
    static void start() throws Exception {
        cloud = World.cloud();
        gateway = new Gateway(cloud.gatewayUrl());
        admin = SyncMember.adminToken(gateway);
        bucket = cloud.stack().ref("AppFilesBucket");
    }

    @BeforeEach
    void memberWithAConnection() throws Exception {
        SyncMember member = SyncMember.join(cloud, gateway, admin, "modes", ACCOUNT);
        user = member.user();
        jwt = member.jwt();
        connectionId = member.connectionId();
        project = member.project();
        rootFolderId = json(gateway.get("/drive/connections/" + connectionId, jwt).body()).path("rootFolder").path("id").asText();
    }

    /**
     * Revoked again (its watch channel stopped), so a later test's edits in this account do not wake
     * a changes run for every connection this class made.
     */
    @AfterEach
    void revokeTheConnection() {
        gateway.call("DELETE", "/drive/connections/" + connectionId, jwt, null);
    }

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

    /** Every version S3 keeps of the path (delete markers left out), newest first. */
    List<byte[]> appVersions(String path) {
        return appBucket().versions(path);
    }

    /** The live Drive file at a path under the project folder (a folder when the path ends in /). */
    Optional<AdminFile> driveFile(String path) {
        return walk(rootFolderId, (project + "/" + path).split("/"), 0, path.endsWith("/"));
    }

    Optional<AdminFile> walk(String parent, String[] parts, int i, boolean folderAtEnd) {
        boolean last = i == parts.length - 1;
        for (AdminFile f : drive().files(ACCOUNT)) {
            if (!f.trashed() && f.name().equals(parts[i]) && f.parents().contains(parent)
                    && f.isFolder() == (!last || folderAtEnd)) {
                return last ? Optional.of(f) : walk(f.id(), parts, i + 1, folderAtEnd);
            }
        }
        return Optional.empty();
    }

    byte[] content(AdminFile f) {
        return drive().content(f.id());
    }

    /** What Drive change detection sends when the user changed something in Drive. */
    String requestSync() {
        return new SyncMember(user, jwt, connectionId, project).requestSync(cloud);
    }

    /** Until the sync worker ran the request, or acknowledged it as covered by a run of the same batch. */
    void awaitDone(String requestId) throws InterruptedException {
        await(() -> cloud.function("SyncWorkerFunction").logs().stream()
                .anyMatch(l -> l.contains(requestId) && (l.contains(") done") || l.contains("coalesced with a run"))),
                done -> done, "sync request " + requestId + " done");
    }

    static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random().nextBytes(data);
        return data;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(Supplier<T> read, Predicate<T> done, String what) throws InterruptedException {
        return SyncMember.await(cloud, read, done, what, "SyncWorkerFunction", "AppChangesWorkerFunction");
    }

    AdminFile awaitDrive(String path, byte[] content) throws InterruptedException {
        return await(() -> driveFile(path).filter(f -> Arrays.equals(content(f), content)).orElse(null),
                f -> f != null, path + " in Drive with the app's bytes");
    }

    void awaitApp(String path, byte[] content) throws InterruptedException {
        await(() -> app(path).map(b -> Arrays.equals(b, content)).orElse(false), same -> same,
                path + " in S3 with Drive's bytes");
    }

    // ---- backup_only (the default) -----------------------------------------------------------------

    @Test
    void backupOnlyCopiesAnAppFileToTheDriveProjectFolderByteForByteAndNeverWritesBack() throws Exception {
        byte[] mix = bytes(300_000);
        putApp("mixes/final mix.wav", mix);

        AdminFile copy = awaitDrive("mixes/final mix.wav", mix);
        assertThat(copy.md5Checksum()).isNotBlank();

        drive().updateContent(copy.id(), text("edited in Drive"));
        awaitDone(requestSync());

        assertThat(app("mixes/final mix.wav")).hasValueSatisfying(b -> assertThat(b).isEqualTo(mix));
        assertThat(appVersions("mixes/final mix.wav")).as("no version written by the sync").hasSize(1);
    }

    // ---- bidirectional -----------------------------------------------------------------------------

    @Test
    void bidirectionalCarriesEditsBothWaysAppliesTheConflictPolicyAndDeletesRecoverably() throws Exception {
        settings("{\"syncMode\":\"bidirectional\",\"conflictResolution\":\"drive_wins\"}");
        putApp("lyrics.txt", text("v1"));
        AdminFile lyrics = awaitDrive("lyrics.txt", text("v1"));

        // Drive -> app
        drive().updateContent(lyrics.id(), text("v2 from Drive"));
        awaitDone(requestSync());
        awaitApp("lyrics.txt", text("v2 from Drive"));

        // app -> Drive (S3 notification)
        putApp("lyrics.txt", text("v3 from the app"));
        awaitDrive("lyrics.txt", text("v3 from the app"));

        // both: drive_wins, the app's version stays recoverable in S3
        putApp("notes.txt", text("n1"));
        AdminFile notes = awaitDrive("notes.txt", text("n1"));
        drive().updateContent(notes.id(), text("n2 drive"));
        putApp("notes.txt", text("n2 app"));
        awaitApp("notes.txt", text("n2 drive"));
        assertThat(appVersions("notes.txt")).anySatisfy(v -> assertThat(v).isEqualTo(text("n2 app")));
        assertThat(content(driveFile("notes.txt").orElseThrow())).isEqualTo(text("n2 drive"));

        // delete in S3 -> trashed in Drive (never deleted for good)
        cloud.aws().s3().deleteObject(r -> r.bucket(bucket).key(key("lyrics.txt")));
        await(() -> drive().file(lyrics.id()).trashed(), t -> t, "lyrics.txt trashed in Drive");

        // trash in Drive -> a delete marker in S3 (the versions stay)
        drive().trash(notes.id());
        awaitDone(requestSync());
        await(() -> app("notes.txt").isEmpty(), gone -> gone, "notes.txt deleted in S3");
        assertThat(appVersions("notes.txt")).anySatisfy(v -> assertThat(v).isEqualTo(text("n2 drive")));
    }

    // ---- active_monitoring -------------------------------------------------------------------------

    @Test
    void activeMonitoringDownloadsANewFileOfAMonitoredFolder() throws Exception {
        AdminFile inbox = drive().createFolder(ACCOUNT, null, "inbox-" + project);
        drive().pick(inbox.id(), LocalCloud.GOOGLE_CLIENT_ID);
        settings("{\"syncMode\":\"active_monitoring\",\"monitoredFolders\":[\"" + inbox.id() + "\"]}");

        AdminFile take = drive().createFile(ACCOUNT, inbox.id(), "take-1.txt", "text/plain", text("recorded"));
        drive().pick(take.id(), LocalCloud.GOOGLE_CLIENT_ID);
        awaitDone(requestSync());

        awaitApp(inbox.name() + "/take-1.txt", text("recorded"));
    }

    // ---- selective_sync: imports through the route ----------------------------------------------------

    java.net.http.HttpResponse<String> importFiles(String projectId, String body) {
        return gateway.call("POST", "/drive/projects/" + projectId + "/imports", jwt, body);
    }

    @Test
    void selectiveSyncImportsPickedFilesThroughTheRouteThenSyncsTheirEditsBothWays() throws Exception {
        AdminFile folder = drive().createFolder(ACCOUNT, null, "band-" + project);
        AdminFile picked = drive().createFile(ACCOUNT, folder.id(), "riff.txt", "text/plain", text("riff v1"));
        drive().pick(picked.id(), LocalCloud.GOOGLE_CLIENT_ID);
        settings("{\"syncMode\":\"selective_sync\",\"conflictResolution\":\"drive_wins\"}");

        var accepted = importFiles(project, "{\"fileIds\":[\"" + picked.id() + "\"],\"connectionId\":\""
                + connectionId + "\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = json(accepted.body());
        assertThat(body.path("projectId").asText()).isEqualTo(project);
        assertThat(body.path("connectionId").asText()).isEqualTo(connectionId);
        assertThat(body.path("fileIds")).extracting(JsonNode::asText).containsExactly(picked.id());
        awaitDone(body.path("requestId").asText());
        awaitApp("from-drive/riff.txt", text("riff v1"));

        // Drive -> app, the file stays where the user keeps it
        drive().updateContent(picked.id(), text("riff v2 from Drive"));
        awaitDone(requestSync());
        awaitApp("from-drive/riff.txt", text("riff v2 from Drive"));

        // app -> Drive
        putApp("from-drive/riff.txt", text("riff v3 from the app"));
        await(() -> Arrays.equals(drive().content(picked.id()), text("riff v3 from the app")), same -> same,
                "the app's edit in the picked Drive file");
        assertThat(drive().file(picked.id()).parents()).containsExactly(folder.id());

        // a file the user did not import stays out of Drive
        putApp("draft.txt", text("not for Drive"));
        String id = requestSync();
        awaitDone(id);
        assertThat(driveFile("draft.txt")).isEmpty();
    }

    @Test
    void theImportsRouteChecksMembershipBodyAndMode() throws Exception {
        String ok = "{\"fileIds\":[\"abc123\"],\"connectionId\":\"" + connectionId + "\"}";

        var foreign = importFiles("not-my-project", ok);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(json(foreign.body()).path("code").asText()).isEqualTo("not-found");

        var noIds = importFiles(project, "{\"fileIds\":[],\"connectionId\":\"" + connectionId + "\"}");
        assertThat(noIds.statusCode()).isEqualTo(400);
        assertThat(json(noIds.body()).path("code").asText()).isEqualTo("invalid-import");
        var notAnArray = importFiles(project, "{\"fileIds\":\"abc\",\"connectionId\":\"" + connectionId + "\"}");
        assertThat(notAnArray.statusCode()).isEqualTo(400);
        assertThat(json(notAnArray.body()).path("code").asText()).isEqualTo("invalid-field");
        assertThat(importFiles(project, "{not json").statusCode()).isEqualTo(400);
        var otherConnection = importFiles(project, "{\"fileIds\":[\"abc123\"],\"connectionId\":\"dc_0123456789abcdef0123456789abcdef\"}");
        assertThat(otherConnection.statusCode()).isEqualTo(404);

        // backup_only (the default) takes nothing from Drive
        var backupOnly = importFiles(project, ok);
        assertThat(backupOnly.statusCode()).isEqualTo(409);
        assertThat(json(backupOnly.body()).path("code").asText()).isEqualTo("import-not-allowed");
    }
}
