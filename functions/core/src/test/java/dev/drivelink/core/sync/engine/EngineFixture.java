package dev.drivelink.core.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.sync.engine.SyncRunResult.Outcome;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.wiring.DriveLink;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.EmulatorAdmin;
import dev.drivelink.localcloud.LocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The world of the sync engine tests: moto's versioned S3 bucket as the app side, the Google emulator as
 * Drive, the control plane in moto's DynamoDB, through the real SDK and Google clients; one project (with
 * its user and connection) at a time, and the helpers that act as the user and read both sides.
 */
abstract class EngineFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestWorld world;
    static DriveLink core;
    static S3Client s3;
    static String bucket;

    String user;
    String account;
    String project;
    String connection;

    /** Starts the world; {@code environment} overrides the core's configuration (on top of the sync queue and bucket). */
    static void startWorld(Map<String, String> environment) {
        world = TestWorld.start();
        s3 = LocalAws.shared().s3();
        bucket = "app-files-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        Map<String, String> env = new HashMap<>(environment);
        env.put("DRIVELINK_SYNC_QUEUE_URL", world.stack.ref("SyncQueue"));
        env.put("DRIVELINK_APP_FILES_BUCKET", bucket);
        core = world.driveLinkWith(world.configWith(env));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** A fresh user with a connection and a project. */
    void newProject() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        user = "user-" + id;
        account = "alice@example.com";
        project = "project-" + id;
        connection = world.connect(core, user, account);
        core.syncControl().access().grant(project, user);
    }

    // ------------------------------------------------------------------ acting as the user

    void settings(String json) {
        try {
            core.syncControl().settings().updateProject(user, project, JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    SyncRunResult sync() {
        return sync(core.syncEngine(), SyncReason.MANUAL);
    }

    SyncRunResult sync(SyncEngine engine, SyncReason reason) {
        world.advance(Duration.ofSeconds(61));
        return engine.run(SyncRequest.of(connection, user, project, reason, null, world.clock.instant()));
    }

    String key(String path) {
        return "projects/" + project + "/" + path;
    }

    void putApp(String path, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key(path)), RequestBody.fromString(content));
    }

    void deleteApp(String path) {
        s3.deleteObject(r -> r.bucket(bucket).key(key(path)));
    }

    /** The app side: path -> content. */
    Map<String, String> app() {
        Map<String, String> m = new TreeMap<>();
        String prefix = key("");
        for (var o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            m.put(o.key().substring(prefix.length()), s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key()))
                    .asString(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** The app side's paths, sorted (one listing, no object read). */
    List<String> appPaths() {
        String prefix = key("");
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> o.key().substring(prefix.length())).sorted().toList();
    }

    /** One app object's content, if it exists. */
    Optional<String> appContent(String path) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(path))).asString(StandardCharsets.UTF_8));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    int appVersions(String path) {
        return s3.listObjectVersions(r -> r.bucket(bucket).prefix(key(path))).versions().size();
    }

    EmulatorAdmin admin() {
        return world.google.admin();
    }

    Optional<AdminFile> projectFolder() {
        String root = world.driveLink.connections().find(connection).orElseThrow().rootFolder().id();
        return admin().files(account).stream().filter(f -> f.isFolder() && !f.trashed() && f.name().equals(project)
                && f.parents().contains(root)).findFirst();
    }

    /** The live Drive side under the project folder: path -> content (every duplicate listed). */
    Map<String, String> drive() {
        Map<String, String> m = new TreeMap<>();
        AdminFile folder = projectFolder().orElseThrow();
        List<AdminFile> all = admin().files(account);
        walk(all, folder.id(), "", m);
        return m;
    }

    private void walk(List<AdminFile> all, String folderId, String path, Map<String, String> out) {
        for (AdminFile f : all) {
            if (f.trashed() || !f.parents().contains(folderId)) {
                continue;
            }
            String p = path.isEmpty() ? f.name() : path + "/" + f.name();
            if (f.isFolder()) {
                walk(all, f.id(), p, out);
            } else {
                String previous = out.put(p, content(f.id()));
                assertThat(previous).as("a second Drive file at " + p).isNull();
            }
        }
    }

    /** Folders under the project folder (recursively): name -> how many. */
    Map<String, Long> driveFolders() {
        List<AdminFile> all = admin().files(account);
        Map<String, Long> out = new TreeMap<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(projectFolder().orElseThrow().id()));
        while (!todo.isEmpty()) {
            String parent = todo.poll();
            for (AdminFile f : all) {
                if (f.isFolder() && !f.trashed() && f.parents().contains(parent)) {
                    out.merge(f.name(), 1L, Long::sum);
                    todo.add(f.id());
                }
            }
        }
        return out;
    }

    String content(String fileId) {
        return new String(admin().content(fileId), StandardCharsets.UTF_8);
    }

    AdminFile driveFile(String path) {
        AdminFile folder = projectFolder().orElseThrow();
        String parent = folder.id();
        boolean wantsFolder = path.endsWith("/");
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i];
            String in = parent;
            boolean last = i == parts.length - 1;
            boolean wantFolder = !last || wantsFolder;
            AdminFile f = admin().files(account).stream().filter(x -> !x.trashed() && x.name().equals(name)
                    && x.parents().contains(in) && x.isFolder() == wantFolder).findFirst().orElseThrow(
                    () -> new AssertionError("no " + path + " in Drive"));
            parent = f.id();
            if (last) {
                return f;
            }
        }
        throw new AssertionError(path);
    }

    /** A file the user creates in Drive (the app may see it, as with a picked file). */
    AdminFile createInDrive(String path, String content) {
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        String parent = dir.isEmpty() ? projectFolder().orElseThrow().id() : driveFile(dir + "/").id();
        AdminFile f = admin().createFile(account, parent, path.substring(path.lastIndexOf('/') + 1), "text/plain",
                content.getBytes(StandardCharsets.UTF_8));
        admin().pick(f.id(), TestWorld.CLIENT_ID);
        return f;
    }

    void editInDrive(String path, String content) {
        admin().updateContent(driveFile(path).id(), content.getBytes(StandardCharsets.UTF_8));
    }

    long driveWrites() {
        return admin().requestCounts().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("GET ") && !e.getKey().equals("POST /token"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Runs again: nothing to do, no write on either side. */
    void secondRunChangesNothing() {
        Map<String, String> appBefore = app();
        long writes = driveWrites();
        SyncRunResult again = sync();
        assertThat(again.projects()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(p.actions()).as("side actions of a quiet run").isZero();
        });
        assertThat(driveWrites()).as("Drive writes of a quiet run").isEqualTo(writes);
        assertThat(app()).isEqualTo(appBefore);
    }
}
