package dev.drivelink.core.sync.engine;

import static org.quicktheories.QuickTheory.qt;

import dev.drivelink.core.sync.engine.SyncRunResult.Outcome;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.run.SyncReason;
import dev.drivelink.core.sync.run.SyncRequest;
import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.emulator.AdminFile;
import dev.drivelink.emulator.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Issue 11's randomized run of the real sync engine: seeded histories of user actions in S3 and in Drive
 * (the emulator's admin API, as the user outside the app), interleaved with {@link SyncEngine#run} runs,
 * some of them faulted (503s, dropped connections, a worker dying between actions, a run out of time) and
 * then followed by a clean run. After each round's clean run the properties of SYNC-RULES.md are checked
 * on the real stores: the sides are equal for what the mode syncs, no last write is lost, no Drive file or
 * folder is duplicated and no Drive file is mapped twice, and a second run writes nothing.
 *
 * <p>{@code -Dsync.engine.histories=N} (default 4: about a minute here), {@code -Dsync.engine.seed=S} replays (the seed and the
 * history are printed on failure), {@code -Dsync.engine.trace=true} prints every step.
 */
class SyncEngineRandomizedTest extends EngineFixture {

    static final int HISTORIES = Integer.getInteger("sync.engine.histories", 4);
    static final long SEED = Long.getLong("sync.engine.seed", System.nanoTime());
    static final int SHRINKS = Integer.getInteger("sync.engine.shrinks", 10);
    static final boolean TRACE = Boolean.getBoolean("sync.engine.trace");
    /** Where a history's time goes (printed with the trace): phase -> nanoseconds. */
    static final Map<String, Long> PHASES = new java.util.concurrent.ConcurrentSkipListMap<>();

    static <T> T timed(String phase, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            PHASES.merge(phase, System.nanoTime() - t0, Long::sum);
        }
    }

    static void timed(String phase, Runnable work) {
        timed(phase, () -> {
            work.run();
            return null;
        });
    }

    @BeforeAll
    static void start() {
        // no real-time pacing between Drive requests, short retry waits, few enough attempts that a longer
        // fault exhausts them (the action fails; the next run must heal it), a short wait on a dropped connection
        startWorld(Map.of("DRIVELINK_DRIVE_REQUESTS_PER_SECOND", "10000", "DRIVELINK_DRIVE_BACKOFF_BASE", "PT0.005S",
                "DRIVELINK_DRIVE_BACKOFF_CAP", "PT0.02S", "DRIVELINK_DRIVE_MAX_ATTEMPTS", "3",
                "DRIVELINK_GOOGLE_READ_TIMEOUT", "PT3S"));
    }

    @Test
    void randomHistoriesAgainstS3AndTheEmulatorConvergeLoseNothingAndDuplicateNothing() {
        long started = System.nanoTime();
        AtomicInteger ran = new AtomicInteger();
        try {
            qt().withFixedSeed(SEED)
                    .withExamples(HISTORIES)
                    .withShrinkCycles(SHRINKS)
                    .forAll(histories())
                    .checkAssert(h -> {
                        ran.incrementAndGet();
                        run(h);
                    });
        } catch (AssertionError failure) {
            throw new AssertionError("sync engine property failed (" + ran.get() + " histories run, shrinking included);"
                    + " replay with -Dsync.engine.seed=" + SEED + " -Dsync.engine.histories=" + HISTORIES + "\n"
                    + failure.getMessage(), failure);
        }
        System.out.printf("sync engine: %d random histories passed in %d ms (seed %d)%n", ran.get(),
                (System.nanoTime() - started) / 1_000_000, SEED);
        if (TRACE) {
            PHASES.forEach((phase, nanos) -> System.out.printf("  %-12s %8d ms%n", phase, nanos / 1_000_000));
        }
    }

    // ------------------------------------------------------------------ histories

    static final List<String> PATHS = List.of("a.txt", "b.txt", "c.md", "d/a.txt", "d/e.txt", "d/f/g.txt", "h/i.txt");
    static final List<String> FOLDERS = List.of("", "d", "d/f", "h");
    static final List<String> NAMES = List.of("a.txt", "b.txt", "c.md", "e.txt", "g.txt", "i.txt");
    /** Routes a fault may hit (prefixes as the emulator's fault injection takes them). */
    static final List<String> ROUTES = List.of("GET /drive/v3/*", "POST /upload/*", "PATCH /upload/*",
            "PATCH /drive/v3/*", "POST /drive/v3/*", "*");

    enum Mode { BIDIRECTIONAL, BACKUP_ONLY, ACTIVE_MONITORING, SELECTIVE_SYNC }

    sealed interface Act {
    }

    /** Content index: below 2 a value both sides may share, else fresh. */
    record AppPut(int path, int content) implements Act {
    }

    record AppDelete(int pick) implements Act {
    }

    /** S3 "move": copy then delete (onto an existing key: overwrites it). */
    record AppMove(int pick, int to) implements Act {
    }

    /** A new Drive file, even where one of that name exists (Drive allows it). */
    record DriveCreate(int path, int content) implements Act {
    }

    record DriveEdit(int pick, int content) implements Act {
    }

    record DriveRename(int pick, int name) implements Act {
    }

    record DriveMove(int pick, int folder) implements Act {
    }

    record DriveTrash(int pick) implements Act {
    }

    /** selective_sync: the user picks a file of the picked folder and imports it into the project. */
    record DriveImport(int pick) implements Act {
    }

    sealed interface FaultPlan {
    }

    record NoFault() implements FaultPlan {
    }

    /** The next {@code count} requests of a route answer 503. */
    record Http503(int route, int count) implements FaultPlan {
    }

    /** The next request of a route loses its connection. */
    record Dropped(int route) implements FaultPlan {
    }

    /** The worker dies before its {@code at}-th side action (1-based). */
    record Crash(int at) implements FaultPlan {
    }

    /** The Lambda's time allows {@code actions} one-minute actions. */
    record OutOfTime(int actions) implements FaultPlan {
    }

    /** Manual conflicts found after the round are resolved with {@code keep}. */
    record Round(List<Act> acts, FaultPlan fault, String keep) {
    }

    record History(Mode mode, String policy, List<Round> rounds) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("History[mode=").append(mode).append(", policy=").append(policy)
                    .append("]\n");
            for (int i = 0; i < rounds.size(); i++) {
                Round r = rounds.get(i);
                sb.append("  round ").append(i).append(" (fault ").append(r.fault()).append(", keep ").append(r.keep())
                        .append(")\n");
                r.acts().forEach(a -> sb.append("    ").append(a).append('\n'));
            }
            return sb.toString();
        }
    }

    static Gen<History> histories() {
        Gen<History> gen = in -> {
            int m = pick(in, 20);
            Mode mode = m < 11 ? Mode.BIDIRECTIONAL : m < 14 ? Mode.BACKUP_ONLY : m < 17 ? Mode.ACTIVE_MONITORING
                    : Mode.SELECTIVE_SYNC;
            String policy = List.of("app_wins", "drive_wins", "keep_both", "manual").get(pick(in, 4));
            int rounds = 3 + pick(in, 4);
            List<Round> list = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<Act> acts = new ArrayList<>();
                int appActs = mode == Mode.ACTIVE_MONITORING ? pick(in, 2) : 1 + pick(in, 3);
                int driveActs = mode == Mode.BACKUP_ONLY ? 0 : 1 + pick(in, 3);
                for (int i = 0; i < appActs; i++) {
                    acts.add(appAct(in));
                }
                for (int i = 0; i < driveActs; i++) {
                    acts.add(mode == Mode.SELECTIVE_SYNC && pick(in, 5) == 0 ? new DriveImport(pick(in, 16)) : driveAct(in));
                }
                // interleave the two sides' actions
                for (int i = acts.size() - 1; i > 0; i--) {
                    int j = pick(in, i + 1);
                    Act t = acts.get(i);
                    acts.set(i, acts.get(j));
                    acts.set(j, t);
                }
                list.add(new Round(List.copyOf(acts), fault(in), List.of("app", "drive", "both").get(pick(in, 3))));
            }
            return new History(mode, policy, List.copyOf(list));
        };
        return gen.describedAs(History::toString);
    }

    private static Act appAct(RandomnessSource in) {
        int roll = pick(in, 10);
        if (roll < 5) {
            return new AppPut(pick(in, PATHS.size()), pick(in, 8));
        } else if (roll < 7) {
            return new AppDelete(pick(in, 16));
        }
        return new AppMove(pick(in, 16), pick(in, PATHS.size()));
    }

    private static Act driveAct(RandomnessSource in) {
        int roll = pick(in, 12);
        if (roll < 4) {
            return new DriveCreate(pick(in, PATHS.size()), pick(in, 8));
        } else if (roll < 7) {
            return new DriveEdit(pick(in, 16), pick(in, 8));
        } else if (roll < 8) {
            return new DriveRename(pick(in, 16), pick(in, NAMES.size()));
        } else if (roll < 10) {
            return new DriveMove(pick(in, 16), pick(in, FOLDERS.size()));
        }
        return new DriveTrash(pick(in, 16));
    }

    private static FaultPlan fault(RandomnessSource in) {
        return switch (pick(in, 8)) {
            case 0 -> new Http503(pick(in, ROUTES.size()), 1 + pick(in, 4));
            case 1 -> new Dropped(pick(in, ROUTES.size() - 1));
            case 2 -> new Crash(1 + pick(in, 4));
            case 3 -> new OutOfTime(pick(in, 3));
            default -> new NoFault();
        };
    }

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }

    // ------------------------------------------------------------------ running one history

    /** One history's run: the user's view of both sides and the last words to keep. */
    private final class Run {
        final History h;
        final StringBuilder log = new StringBuilder();
        /** Contents a user wrote since the last checked sync and did not overwrite or delete. */
        final Set<String> appLast = new HashSet<>();
        /** Drive last words -> the file that holds them (an overwrite keeps them as its revision). */
        final Map<String, String> driveLast = new HashMap<>();
        /**
         * Contents both sides held at the last check: moving one, or writing it again, is no new write (the
         * engine may pair a deleted and a created object of that content as a move, as the planner's model
         * test says).
         */
        final Set<String> synced = new HashSet<>();
        int fresh;
        boolean appOverwritable;
        boolean driveOverwritable;
        AdminFile monitored;

        Run(History h) {
            this.h = h;
        }

        void note(String what) {
            log.append(what).append('\n');
            if (TRACE) {
                System.out.println(what);
            }
        }

        String content(int index, String side) {
            return index < 2 ? "shared-" + index : side + "-" + project + "-" + (++fresh);
        }
    }

    private void run(History h) {
        timed("newProject", this::newProject);
        Run run = new Run(h);
        try {
            runHistory(run);
            forget(run);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nproject " + project + "\n" + h + "\nwhat happened:\n" + run.log, e);
        } finally {
            admin().clearFaults();
        }
    }

    /**
     * A passed history's connection is revoked and its Drive folders and app objects go for good: the
     * account and the bucket are shared by every history, and what the emulator lists, searches and notifies
     * (for the engine and for the checks) would otherwise grow with each one. So would moto: its
     * ListObjectVersions copies every version in the bucket, whatever the prefix, and kept 200 histories'
     * worth (12 GB) from fitting on this machine.
     */
    private void forget(Run run) {
        // revoked: its watch channel stops, or every later history's Drive edits notify it too (the account is shared)
        core.connectionCommands().revoke(user, connection);
        projectFolder().ifPresent(folder -> admin().delete(folder.id()));
        if (run.monitored != null) {
            admin().delete(run.monitored.id());
        }
        var pages = s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key("")));
        List<ObjectIdentifier> versions = new ArrayList<>();
        pages.versions().forEach(v -> versions.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
        pages.deleteMarkers().forEach(m -> versions.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        for (int i = 0; i < versions.size(); i += 1000) {
            List<ObjectIdentifier> batch = versions.subList(i, Math.min(versions.size(), i + 1000));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
        expect(appObjectVersions() == 0, "project " + project + "'s app objects outlived its history");
    }

    private void runHistory(Run run) {
        History h = run.h;
        String mode = switch (h.mode()) {
            case BIDIRECTIONAL -> "bidirectional";
            case BACKUP_ONLY -> "backup_only";
            case ACTIVE_MONITORING -> "active_monitoring";
            case SELECTIVE_SYNC -> "selective_sync";
        };
        if (h.mode() == Mode.ACTIVE_MONITORING) {
            run.monitored = admin().createFolder(account, admin().account(account).rootFolderId(), "Inbox " + project);
            admin().pick(run.monitored.id(), TestWorld.CLIENT_ID);
            settings("{\"syncMode\":\"" + mode + "\",\"conflictResolution\":\"" + h.policy()
                    + "\",\"monitoredFolders\":[\"" + run.monitored.id() + "\"]}");
        } else {
            settings("{\"syncMode\":\"" + mode + "\",\"conflictResolution\":\"" + h.policy() + "\"}");
        }
        putApp("seed.txt", "seed-" + project);
        if (h.mode() == Mode.SELECTIVE_SYNC) {
            // the user's own folder elsewhere in Drive, two of its files picked and imported (from-drive/...)
            run.monitored = admin().createFolder(account, admin().account(account).rootFolderId(), "Picked " + project);
            admin().pick(run.monitored.id(), TestWorld.CLIENT_ID);
            List<String> ids = new ArrayList<>();
            for (String name : List.of("a.txt", "c.md")) {
                AdminFile f = admin().createFile(account, run.monitored.id(), name, "text/plain",
                        run.content(9, "drive").getBytes(StandardCharsets.UTF_8));
                admin().pick(f.id(), TestWorld.CLIENT_ID);
                ids.add(f.id());
            }
            core.syncEngineFeature().imports().request(user, project, connection, ids, null);
            run.note("import " + ids);
        }
        cleanSync(run);
        run.synced.addAll(app().values());
        for (int r = 0; r < h.rounds().size(); r++) {
            Round round = h.rounds().get(r);
            run.note("-- round " + r);
            for (Act act : round.acts()) {
                world.advance(Duration.ofSeconds(7));
                timed("acts", () -> act(run, act));
            }
            notePolicy(run, h.policy());
            if (!(round.fault() instanceof NoFault)) {
                timed("faultedSync", () -> faultedSync(run, round.fault()));
            }
            timed("cleanSync", () -> cleanSync(run));
            if ("manual".equals(h.policy())) {
                timed("resolveAll", () -> resolveAll(run, round.keep()));
            }
            timed("check", () -> check(run));
        }
    }

    /** Whether the policy in force may overwrite a side (keeping the old content as a version or revision). */
    private void notePolicy(Run run, String policy) {
        switch (run.h.mode()) {
            case BACKUP_ONLY -> run.driveOverwritable = true;
            case ACTIVE_MONITORING -> run.appOverwritable = true;
            default -> {
                run.driveOverwritable |= "app_wins".equals(policy);
                run.appOverwritable |= "drive_wins".equals(policy);
            }
        }
    }

    // ------------------------------------------------------------------ the user's actions

    private void act(Run run, Act act) {
        if (act instanceof AppPut a) {
            String path = run.h.mode() == Mode.SELECTIVE_SYNC && a.path() % 2 == 0
                    ? pickApp(run, a.path() / 2).orElse(PATHS.get(a.path())) : appPath(run, PATHS.get(a.path()));
            String content = run.content(a.content(), "app");
            appOverwrite(run, path);
            putApp(path, content);
            run.appLast.add(content);
            run.note("app put " + path + " = " + content);
        } else if (act instanceof AppDelete a) {
            pickApp(run, a.pick()).ifPresent(path -> {
                appOverwrite(run, path);
                deleteApp(path);
                run.note("app delete " + path);
            });
        } else if (act instanceof AppMove a) {
            pickApp(run, a.pick()).ifPresent(from -> {
                String to = appPath(run, PATHS.get(a.to()));
                if (from.equals(to)) {
                    return;
                }
                String moved = appContent(from).orElseThrow();
                Optional<String> replaced = appContent(to);
                if (replaced.isPresent() && !replaced.get().equals(moved)) {
                    appOverwrite(run, to);
                    run.appLast.add(moved); // replacing an object is a write there
                }
                s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(key(from)).destinationBucket(bucket)
                        .destinationKey(key(to)));
                deleteApp(from);
                run.note("app move " + from + " -> " + to + " (" + moved + ")");
            });
        } else if (act instanceof DriveCreate a) {
            driveRoot(run).ifPresent(root -> {
                String path = PATHS.get(a.path());
                if (run.h.mode() == Mode.ACTIVE_MONITORING && driveFiles(run).containsKey(path)) {
                    return; // drivelink leaves duplicates in monitored folders to the user
                }
                String content = run.content(a.content(), "drive");
                String parent = userFolder(root, parentOf(path));
                AdminFile f = admin().createFile(account, parent, nameOf(path), "text/plain",
                        content.getBytes(StandardCharsets.UTF_8));
                admin().pick(f.id(), TestWorld.CLIENT_ID);
                run.driveLast.put(content, f.id());
                run.note("drive create " + path + " = " + content + " (" + f.id() + ")");
            });
        } else if (act instanceof DriveEdit a) {
            pickDrive(run, a.pick()).ifPresent(f -> {
                String content = run.content(a.content(), "drive");
                run.driveLast.remove(content(f.file().id()));
                admin().updateContent(f.file().id(), content.getBytes(StandardCharsets.UTF_8));
                run.driveLast.put(content, f.file().id());
                run.note("drive edit " + f.path() + " = " + content + " (" + f.file().id() + ")");
            });
        } else if (act instanceof DriveRename a) {
            pickDrive(run, a.pick()).ifPresent(f -> {
                String name = NAMES.get(a.name());
                String to = join(parentOf(f.path()), name);
                if (run.h.mode() == Mode.ACTIVE_MONITORING && driveFiles(run).containsKey(to)) {
                    return;
                }
                admin().rename(f.file().id(), name);
                run.note("drive rename " + f.path() + " -> " + to + " (" + f.file().id() + ")");
            });
        } else if (act instanceof DriveMove a) {
            pickDrive(run, a.pick()).ifPresent(f -> {
                String folder = FOLDERS.get(a.folder());
                String to = join(folder, nameOf(f.path()));
                if (to.equals(f.path()) || (run.h.mode() == Mode.ACTIVE_MONITORING && driveFiles(run).containsKey(to))) {
                    return;
                }
                admin().move(f.file().id(), userFolder(driveRoot(run).orElseThrow(), folder));
                run.note("drive move " + f.path() + " -> " + to + " (" + f.file().id() + ")");
            });
        } else if (act instanceof DriveImport a) {
            pickDrive(run, a.pick()).ifPresent(f -> {
                core.syncEngineFeature().imports().request(user, project, connection, List.of(f.file().id()), null);
                run.note("drive import " + f.path() + " (" + f.file().id() + ")");
            });
        } else if (act instanceof DriveTrash a) {
            pickDrive(run, a.pick()).ifPresent(f -> {
                run.driveLast.remove(content(f.file().id()));
                admin().trash(f.file().id());
                run.note("drive trash " + f.path() + " (" + f.file().id() + ")");
            });
        }
    }

    /** In active_monitoring the app's files stay out of the monitored folder's namespace. */
    private String appPath(Run run, String path) {
        return run.h.mode() == Mode.ACTIVE_MONITORING ? "local/" + path : path;
    }

    private void appOverwrite(Run run, String path) {
        appContent(path).ifPresent(run.appLast::remove);
    }

    private Optional<String> pickApp(Run run, int pick) {
        List<String> paths = appPaths().stream()
                .filter(p -> run.h.mode() != Mode.ACTIVE_MONITORING || p.startsWith("local/")).toList();
        return paths.isEmpty() ? Optional.empty() : Optional.of(paths.get(pick % paths.size()));
    }

    record Placed(String path, AdminFile file) {
    }

    private Optional<Placed> pickDrive(Run run, int pick) {
        List<Placed> files = new ArrayList<>();
        driveRoot(run).ifPresent(root -> placed(admin().files(account), root, "", files));
        files.sort(Comparator.comparing(Placed::path).thenComparing(p -> p.file().createdTime()));
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(pick % files.size()));
    }

    /** The folder the user's Drive actions work in: the project folder (or the monitored folder). */
    private Optional<String> driveRoot(Run run) {
        return run.monitored != null ? Optional.of(run.monitored.id()) : projectFolder().map(AdminFile::id);
    }

    /** Live files under the root: path -> content (the first of duplicates). */
    private Map<String, String> driveFiles(Run run) {
        List<Placed> files = new ArrayList<>();
        driveRoot(run).ifPresent(root -> placed(admin().files(account), root, "", files));
        Map<String, String> out = new TreeMap<>();
        files.forEach(p -> out.putIfAbsent(p.path(), content(p.file().id())));
        return out;
    }

    private static void placed(List<AdminFile> all, String folderId, String path, List<Placed> out) {
        for (AdminFile f : all) {
            if (!f.trashed() && f.parents().contains(folderId)) {
                String p = join(path, f.name());
                if (f.isFolder()) {
                    placed(all, f.id(), p, out);
                } else {
                    out.add(new Placed(p, f));
                }
            }
        }
    }

    /** The folder at {@code path} under {@code root} as the user sees it, made (and picked) where missing. */
    private String userFolder(String root, String path) {
        String parent = root;
        if (path.isEmpty()) {
            return parent;
        }
        for (String name : path.split("/")) {
            String in = parent;
            Optional<AdminFile> existing = admin().files(account).stream()
                    .filter(f -> f.isFolder() && !f.trashed() && f.name().equals(name) && f.parents().contains(in))
                    .findFirst();
            if (existing.isPresent()) {
                parent = existing.get().id();
            } else {
                AdminFile made = admin().createFolder(account, in, name);
                admin().pick(made.id(), TestWorld.CLIENT_ID);
                parent = made.id();
            }
        }
        return parent;
    }

    private static String parentOf(String path) {
        return path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    // ------------------------------------------------------------------ syncs, faulted and clean

    private void faultedSync(Run run, FaultPlan fault) {
        SyncEngine engine = core.syncEngine();
        Instant deadline = null;
        if (fault instanceof Http503 f) {
            admin().injectFault(Fault.error(ROUTES.get(f.route()), f.count(), 503, "backendError"));
        } else if (fault instanceof Dropped f) {
            admin().injectFault(Fault.dropAfter(ROUTES.get(f.route()), 1, 0));
        } else if (fault instanceof Crash f) {
            AtomicInteger actions = new AtomicInteger();
            engine = engine.withBeforeAction(a -> {
                if (a.touchesSide() && actions.incrementAndGet() == f.at()) {
                    throw new IllegalStateException("the Lambda died here");
                }
            });
        } else if (fault instanceof OutOfTime f) {
            engine = engine.withBeforeAction(a -> world.advance(Duration.ofMinutes(1)));
            deadline = world.clock.instant().plusSeconds(61 + 30 + 60L * f.actions() + 50);
        }
        try {
            world.advance(Duration.ofSeconds(61));
            SyncRunResult result = engine.run(SyncRequest.of(connection, user, project, SyncReason.MANUAL, null,
                    world.clock.instant()), deadline);
            run.note("faulted sync (" + fault + "): " + result.projects());
        } catch (RuntimeException e) {
            run.note("faulted sync (" + fault + ") threw " + e);
        } finally {
            admin().clearFaults();
        }
    }

    private void cleanSync(Run run) {
        long t0 = System.nanoTime();
        SyncRunResult result = sync();
        run.note("sync (" + (System.nanoTime() - t0) / 1_000_000 + " ms): " + result.projects());
        expect(result.complete() && result.projects().size() == 1
                && result.projects().get(0).outcome() == Outcome.SYNCED, "a clean run did not sync: " + result.projects());
    }

    private void resolveAll(Run run, String keep) {
        var open = core.syncControl().conflicts().list(user, project).stream()
                .filter(c -> "open".equals(c.state())).toList();
        if (open.isEmpty()) {
            return;
        }
        // the mapping points at the newest conflict of its path; an older one is resolved with it
        for (var c : open) {
            FileMapping m = core.syncControl().mappings().find(connection, project, c.path()).orElse(null);
            if (m == null || !c.id().equals(m.conflictId())) {
                continue;
            }
            core.syncControl().conflicts().resolve(user, project, c.id(), keep);
            run.note("resolve " + c.path() + " keep " + keep);
        }
        run.appOverwritable |= "drive".equals(keep);
        run.driveOverwritable |= "app".equals(keep);
        SyncRunResult result = sync(core.syncEngine(), SyncReason.CONFLICT_RESOLVED);
        run.note("sync after resolving: " + result.projects());
        expect(result.complete(), "the run after resolving failed: " + result.projects());
        expect(core.syncControl().mappings().list(connection, project).stream().noneMatch(m -> m.conflictId() != null),
                "a conflict is still parked after resolving: " + core.syncControl().mappings().list(connection, project));
    }

    // ------------------------------------------------------------------ the properties

    private void check(Run run) {
        Map<String, String> app = app();
        List<AdminFile> all = admin().files(account);
        String projectFolderId = projectFolder().map(AdminFile::id).orElse(null);
        // (4) no duplicates: no two live items of one name in one folder, under the project folder or the monitored one
        String userRoot = run.monitored == null || run.h.mode() == Mode.SELECTIVE_SYNC ? null : run.monitored.id();
        for (String root : new String[] {projectFolderId, userRoot}) {
            if (root != null) {
                noTwins(all, root, "");
            }
        }
        List<FileMapping> mappings = core.syncControl().mappings().list(connection, project);
        Set<String> ids = new HashSet<>();
        for (FileMapping m : mappings) {
            expect(m.driveFileId() == null || ids.add(m.driveFileId()), "two mappings for Drive file " + m.driveFileId()
                    + ": " + mappings);
        }
        // (1) both sides equal for what the mode syncs
        Map<String, String> drive = projectFolderId == null ? Map.of() : drive();
        switch (run.h.mode()) {
            case BIDIRECTIONAL -> {
                expect(app.equals(drive), "sides differ:\n  app   " + app + "\n  drive " + drive);
                expect(mappings.stream().allMatch(m -> app.containsKey(m.path())), "a mapping without a file: " + mappings);
            }
            case BACKUP_ONLY -> app.forEach((p, c) -> expect(c.equals(drive.get(p)),
                    "app file " + p + " not backed up:\n  app   " + app + "\n  drive " + drive));
            case ACTIVE_MONITORING -> {
                driveFiles(run).forEach((p, c) -> expect(c.equals(app.get(run.monitored.name() + "/" + p)),
                        "monitored file " + p + " not in the app:\n  app   " + app + "\n  monitored " + driveFiles(run)));
                // (the account is shared by every history: only this project's contents count)
                for (AdminFile f : all) {
                    expect(f.trashed() || f.isFolder() || !content(f.id()).startsWith("app-" + project + "-"),
                            "an app file went to Drive in active_monitoring: " + f);
                }
            }
            case SELECTIVE_SYNC -> selectiveInStep(run, app, mappings);
        }
        // (2) no lost write
        Set<String> live = new HashSet<>(app.values());
        live.addAll(drive.values());
        // every live file under the user's folder, duplicate names included (selective_sync's picked folder is the user's)
        List<Placed> underRoot = new ArrayList<>();
        driveRoot(run).ifPresent(root -> placed(admin().files(account), root, "", underRoot));
        underRoot.forEach(p -> live.add(content(p.file().id())));
        run.appLast.removeAll(run.synced);
        run.synced.forEach(run.driveLast::remove);
        Set<String> appVersions = new HashSet<>();
        if (run.appOverwritable && !live.containsAll(run.appLast)) {
            for (var v : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key(""))).versions()) {
                appVersions.add(s3.getObjectAsBytes(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()))
                        .asString(StandardCharsets.UTF_8));
            }
        }
        for (String c : run.appLast) {
            expect(live.contains(c) || appVersions.contains(c),
                    "the app's last write " + c + " is lost (overwritable " + run.appOverwritable + ")");
        }
        run.driveLast.forEach((c, fileId) -> {
            AdminFile holder = admin().file(fileId);
            // the emulator keeps no old revisions: an overwritten file that still exists holds it as one
            expect(live.contains(c) || (run.driveOverwritable && holder != null),
                    "Drive's last write " + c + " is lost (overwritable " + run.driveOverwritable + ")");
        });
        run.appLast.clear();
        run.driveLast.clear();
        run.synced.clear();
        run.synced.addAll(app.values());
        run.synced.addAll(drive.values());
        run.appOverwritable = false;
        run.driveOverwritable = false;
        // (1) a second run right after writes nothing
        long writes = driveWrites();
        int versions = appObjectVersions();
        SyncRunResult again = timed("secondSync", () -> sync());
        run.note("second sync: " + again.projects());
        expect(again.complete() && again.projects().get(0).outcome() == Outcome.SYNCED
                && again.projects().get(0).actions() == 0, "a second run acted: " + again.projects());
        expect(driveWrites() == writes, "a second run wrote to Drive: " + admin().requestCounts());
        expect(appObjectVersions() == versions, "a second run wrote to S3");
    }

    /**
     * selective_sync: every mapping is an imported file whose app object and Drive file hold the same
     * content; an app file with no mapping stays out of Drive, and a Drive file of the picked folder that
     * was not imported stays out of the app.
     */
    private void selectiveInStep(Run run, Map<String, String> app, List<FileMapping> mappings) {
        Set<String> mappedIds = new HashSet<>();
        for (FileMapping m : mappings) {
            expect(m.imported(), "a mapping of a file the user did not import: " + m);
            AdminFile f = admin().file(m.driveFileId());
            expect(f != null && !f.trashed(), "the Drive file of " + m.path() + " is gone: " + f);
            expect(content(m.driveFileId()).equals(app.get(m.path())), "imported file " + m.path() + " differs: app "
                    + app.get(m.path()) + ", Drive " + content(m.driveFileId()));
            mappedIds.add(m.driveFileId());
        }
        Set<String> mappedPaths = new HashSet<>();
        mappings.forEach(m -> mappedPaths.add(m.path()));
        Set<String> driveContents = new HashSet<>();
        List<AdminFile> all = admin().files(account);
        List<Placed> live = new ArrayList<>();
        placed(all, run.monitored.id(), "", live);
        projectFolder().ifPresent(folder -> placed(all, folder.id(), "", live));
        for (Placed placed : live) {
            AdminFile f = placed.file();
            String c = content(f.id());
            if (c.startsWith("app-" + project + "-")) {
                driveContents.add(c);
            }
            expect(mappedIds.contains(f.id()) || !c.startsWith("drive-" + project + "-") || !app.containsValue(c)
                    || run.synced.contains(c), "a Drive file the user did not import reached the app: " + f + " = " + c);
        }
        app.forEach((p, c) -> expect(mappedPaths.contains(p) || !driveContents.contains(c),
                "an app file that is not imported went to Drive: " + p + " = " + c));
    }

    private void noTwins(List<AdminFile> all, String folderId, String path) {
        Map<String, Long> names = new TreeMap<>();
        for (AdminFile f : all) {
            if (!f.trashed() && f.parents().contains(folderId)) {
                names.merge(f.name() + (f.isFolder() ? "/" : ""), 1L, Long::sum);
                if (f.isFolder()) {
                    noTwins(all, f.id(), join(path, f.name()));
                }
            }
        }
        names.forEach((name, n) -> expect(n == 1, n + " live Drive items named " + name + " in /" + path));
    }

    private int appObjectVersions() {
        var pages = s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key("")));
        return pages.versions().stream().mapToInt(v -> 1).sum() + pages.deleteMarkers().stream().mapToInt(v -> 1).sum();
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
