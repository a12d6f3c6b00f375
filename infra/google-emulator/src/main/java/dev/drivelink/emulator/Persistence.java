package dev.drivelink.emulator;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.drivelink.emulator.Model.AccessToken;
import dev.drivelink.emulator.Model.AuthorizationCode;
import dev.drivelink.emulator.Model.Change;
import dev.drivelink.emulator.Model.Channel;
import dev.drivelink.emulator.Model.DriveFile;
import dev.drivelink.emulator.Model.Grant;
import dev.drivelink.emulator.Model.PendingAuthorization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps the emulator's state in a data directory between restarts: {@code state.json} (clients, pending
 * authorizations, codes, grants, access tokens, consents, file metadata, generated ids, quotas, the change log,
 * watch channels, the clock offset and the ID token signing key) and {@code blobs/FILEID-REVISION} (one immutable
 * file per content revision). Every write goes to a temporary file first and is then moved into place, so a crash
 * leaves either the old or the new state, never a torn one. Mutations mark the state dirty; a single writer thread
 * snapshots it (under the state lock) shortly after and writes the snapshot outside the lock; {@link #close()}
 * writes whatever is pending.
 *
 * <p>Not kept: resumable upload sessions in progress, request counts, armed faults and rate limits, and the
 * notification log (channels themselves are kept and resume sending).
 */
final class Persistence implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Persistence.class.getName());
    static final int FORMAT = 1;
    static final String STATE_FILE = "state.json";
    static final String BLOB_DIR = "blobs";

    /** Content is written as blobs; upload buffers are not kept. */
    @JsonIgnoreProperties({"content"})
    private abstract static class DriveFileMixIn {
    }

    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .addMixIn(DriveFile.class, DriveFileMixIn.class)
            .registerModule(new SimpleModule("emulator-state").addAbstractTypeMapping(Set.class, LinkedHashSet.class));

    /** What state.json holds. */
    static final class Snapshot {
        int format = FORMAT;
        String clockOffset;
        long nextChangeId;
        List<OAuthClient> clients = new ArrayList<>();
        List<PendingAuthorization> pending = new ArrayList<>();
        List<AuthorizationCode> codes = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        List<AccessToken> accessTokens = new ArrayList<>();
        Map<String, Set<String>> consents = new LinkedHashMap<>();
        List<DriveFile> files = new ArrayList<>();
        /** file id -> blob file name under blobs/. */
        Map<String, String> blobs = new LinkedHashMap<>();
        Map<String, String> generatedIds = new LinkedHashMap<>();
        Map<String, Long> quotas = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        String signingKeyId;
        String signingKeyPrivate;
        String signingKeyPublic;
    }

    private final Path dir;
    private final Path blobDir;
    private final EmulatorState state;
    private final Duration debounce;
    private final Object writeLock = new Object();
    private final Set<String> blobsOnDisk = new HashSet<>();
    private ScheduledExecutorService executor;
    private boolean scheduled;
    private volatile boolean dirty;
    private volatile long writes;

    Persistence(Path dir, EmulatorState state, Duration debounce) {
        this.dir = dir.toAbsolutePath();
        this.blobDir = this.dir.resolve(BLOB_DIR);
        this.state = state;
        this.debounce = debounce;
        try {
            Files.createDirectories(blobDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Snapshots written so far (for tests). */
    long writes() {
        return writes;
    }

    // ---- loading ----------------------------------------------------------------------------------------

    /** Loads state.json (if there is one) into the state; clients configured at startup win over saved ones. */
    void load(List<OAuthClient> configuredClients) {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return;
        }
        Snapshot s;
        try {
            s = MAPPER.readValue(file.toFile(), Snapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (s.format != FORMAT) {
            throw new IllegalStateException(file + " has format " + s.format + "; this emulator reads format " + FORMAT);
        }
        synchronized (state) {
            s.clients.forEach(c -> state.clients.put(c.clientId(), c));
            configuredClients.forEach(c -> state.clients.put(c.clientId(), c));
            state.pending.clear();
            s.pending.forEach(p -> state.pending.put(p.id, p));
            state.codes.clear();
            s.codes.forEach(c -> state.codes.put(c.code, c));
            state.grants.clear();
            state.refreshTokens.clear();
            for (Grant g : s.grants) {
                state.grants.put(g.id, g);
                if (g.refreshToken != null) {
                    state.refreshTokens.put(g.refreshToken, g.id);
                }
            }
            state.accessTokens.clear();
            s.accessTokens.forEach(t -> state.accessTokens.put(t.token, t));
            state.consents.clear();
            state.consents.putAll(s.consents);
            Map<String, DriveFile> seededRoots = new LinkedHashMap<>(state.files);
            state.files.clear();
            for (DriveFile f : s.files) {
                if (state.account(f.owner) == null) {
                    LOG.warning("skipping file " + f.id + " of unknown account " + f.owner);
                    continue;
                }
                if (f.hasBlob()) {
                    f.content = readBlob(f, s.blobs.get(f.id));
                }
                state.files.put(f.id, f);
            }
            seededRoots.forEach(state.files::putIfAbsent); // accounts added since the last run
            state.generatedIds.clear();
            state.generatedIds.putAll(s.generatedIds);
            state.quotas.clear();
            state.quotas.putAll(s.quotas);
            state.changes.clear();
            state.changes.addAll(s.changes);
            state.nextChangeId = Math.max(s.nextChangeId, 1);
            state.channels.clear();
            s.channels.forEach(c -> state.channels.put(c.id, c));
            if (s.clockOffset != null) {
                state.clock.setOffset(Duration.parse(s.clockOffset));
            }
            if (s.signingKeyPrivate != null && s.signingKeyPublic != null) {
                state.restoreSigningKey(s.signingKeyId, s.signingKeyPrivate, s.signingKeyPublic);
            }
        }
    }

    private byte[] readBlob(DriveFile f, String name) {
        if (name != null) {
            Path blob = blobDir.resolve(name);
            try {
                byte[] bytes = Files.readAllBytes(blob);
                synchronized (writeLock) {
                    blobsOnDisk.add(name);
                }
                return bytes;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "content of " + f.id + " is missing (" + blob + "); it is empty now", e);
            }
        }
        byte[] empty = new byte[0];
        f.md5Checksum = Ids.md5Hex(empty);
        return empty;
    }

    // ---- writing ----------------------------------------------------------------------------------------

    /** Something changed: write a snapshot soon (one write covers every mutation until it runs). */
    void markDirty() {
        dirty = true;
        synchronized (this) {
            if (scheduled) {
                return;
            }
            if (executor == null) {
                executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "google-emulator-persistence");
                    t.setDaemon(true);
                    return t;
                });
            }
            scheduled = true;
            executor.schedule(this::scheduledWrite, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduledWrite() {
        synchronized (this) {
            scheduled = false;
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot save the emulator state to " + dir, e);
        }
    }

    /** Writes the current state now if anything changed since the last write. */
    void flush() {
        synchronized (writeLock) {
            if (!dirty) {
                return;
            }
            dirty = false;
            Map<String, byte[]> blobs = new LinkedHashMap<>();
            JsonNode tree;
            synchronized (state) {
                Snapshot s = snapshot(blobs);
                tree = MAPPER.valueToTree(s); // a deep copy, taken under the lock
            }
            try {
                for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                    if (!blobsOnDisk.contains(blob.getKey())) {
                        writeAtomically(blobDir.resolve(blob.getKey()), blob.getValue());
                        blobsOnDisk.add(blob.getKey());
                    }
                }
                writeAtomically(dir.resolve(STATE_FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
                writes++;
                // Blobs no longer referenced (older revisions, deleted files) go once the new state is in place.
                try (Stream<Path> present = Files.list(blobDir)) {
                    for (Path p : present.toList()) {
                        String name = p.getFileName().toString();
                        if (!blobs.containsKey(name)) {
                            Files.deleteIfExists(p);
                            blobsOnDisk.remove(name);
                        }
                    }
                }
            } catch (IOException e) {
                dirty = true; // try again with the next mutation or on close
                throw new UncheckedIOException("cannot write the emulator state to " + dir, e);
            }
        }
    }

    /** Called under the state lock. */
    private Snapshot snapshot(Map<String, byte[]> blobs) {
        Snapshot s = new Snapshot();
        s.clockOffset = state.clock.offset().toString();
        s.nextChangeId = state.nextChangeId;
        s.clients.addAll(state.clients.values());
        s.pending.addAll(state.pending.values());
        s.codes.addAll(state.codes.values());
        s.grants.addAll(state.grants.values());
        s.accessTokens.addAll(state.accessTokens.values());
        s.consents.putAll(state.consents);
        for (DriveFile f : state.files.values()) {
            s.files.add(f);
            if (f.hasBlob() && f.content != null) {
                String name = f.id + "-" + (f.headRevisionId == null ? f.md5Checksum : f.headRevisionId);
                s.blobs.put(f.id, name);
                blobs.put(name, f.content); // content arrays are replaced, never changed in place
            }
        }
        s.generatedIds.putAll(state.generatedIds);
        s.quotas.putAll(state.quotas);
        s.changes.addAll(state.changes);
        s.channels.addAll(state.channels.values());
        String[] key = state.signingKeyEncoded();
        s.signingKeyId = key[0];
        s.signingKeyPrivate = key[1];
        s.signingKeyPublic = key[2];
        return s;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes what is pending and stops the writer thread (a later mutation starts it again). */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = executor;
            executor = null;
            scheduled = false;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
