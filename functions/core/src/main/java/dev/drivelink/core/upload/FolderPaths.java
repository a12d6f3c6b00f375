package dev.drivelink.core.upload;

import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFile;
import dev.drivelink.core.drive.DriveNames;
import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.drive.DriveUploads;
import dev.drivelink.core.drive.LiveFolders;
import dev.drivelink.core.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Turns a folder path under a connection's root ("renders/2026/november") into a Drive folder id,
 * creating each level once even when many uploads need it at the same moment: the first claims the
 * level in DynamoDB, looks for an existing folder (a crashed predecessor may have made it) or creates
 * one, and records the id; the others wait for the record. Later uploads read the record and never
 * ask Drive.
 */
public final class FolderPaths {

    private static final Logger LOG = Logger.getLogger(FolderPaths.class);

    static final int MAX_DEPTH = 20;
    /** The whole path, in UTF-8: it is part of a DynamoDB sort key (at most 1024 bytes). */
    static final int MAX_PATH_BYTES = 900;

    private final FolderPathRepository paths;
    private final Clock clock;
    private final Duration claimLength;
    private final Duration waitTimeout;

    public FolderPaths(FolderPathRepository paths, Clock clock, Duration claimLength, Duration waitTimeout) {
        this.paths = paths;
        this.clock = clock;
        this.claimLength = claimLength;
        this.waitTimeout = waitTimeout;
    }

    /** The path's segments, cleaned; a 400 problem when the path cannot be a Drive folder path. */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path == null) {
            return segments;
        }
        for (String raw : path.split("/")) {
            String segment = DriveNames.normalize(raw);
            if (segment.isEmpty()) {
                continue;
            }
            DriveNames.whyInvalid(segment).ifPresent(why -> {
                throw DomainException.invalid("invalid-folder-path", "the folderPath segment \"" + segment + "\" " + why);
            });
            segments.add(segment);
        }
        if (segments.size() > MAX_DEPTH) {
            throw DomainException.invalid("invalid-folder-path", "folderPath may be at most " + MAX_DEPTH + " levels deep");
        }
        if (String.join("/", segments).getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw DomainException.invalid("invalid-folder-path", "folderPath may be at most " + MAX_PATH_BYTES
                    + " bytes long (UTF-8)");
        }
        return segments;
    }

    /**
     * Runs {@code write} with the folder id of {@code path} under the root (the root itself when the path
     * is empty), creating what is missing. When Drive says that folder is gone (someone deleted it),
     * forgets the recorded levels, creates them again and runs {@code write} once more.
     */
    public <T> T withParent(String connectionId, String rootFolderId, String path, DriveSession drive,
                            Function<String, T> write) {
        String parent = resolve(connectionId, rootFolderId, path, drive);
        try {
            return write.apply(parent);
        } catch (DriveException e) {
            if (e.kind() != DriveException.Kind.NOT_FOUND || parent.equals(rootFolderId)
                    || LiveFolders.find(drive, parent).isPresent()) {
                throw e;
            }
            LOG.infof("connection %s: folder %s (%s) is gone from Drive; creating it again", connectionId, path, parent);
            forget(connectionId, path);
            return write.apply(resolve(connectionId, rootFolderId, path, drive));
        }
    }

    /** The folder id for {@code path} under {@code rootFolderId}, creating what is missing. */
    public String resolve(String connectionId, String rootFolderId, String path, DriveSession drive) {
        String parent = rootFolderId;
        StringBuilder prefix = new StringBuilder();
        for (String segment : segments(path)) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
            parent = level(connectionId, rootFolderId, prefix.toString(), parent, segment, drive);
        }
        return parent;
    }

    /** Forgets the recorded folders of a path (one was deleted in Drive); the next resolve recreates them. */
    public void forget(String connectionId, String path) {
        StringBuilder prefix = new StringBuilder();
        for (String segment : segments(path)) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
            paths.forget(connectionId, prefix.toString());
        }
    }

    private String level(String connectionId, String rootFolderId, String path, String parentId, String name,
                         DriveSession drive) {
        Instant giveUp = clock.instant().plus(waitTimeout);
        if (drive.deadline().isPresent() && drive.deadline().get().isBefore(giveUp)) {
            giveUp = drive.deadline().get(); // never wait for another upload's folder past this one's time
        }
        while (true) {
            Optional<FolderPathRepository.Entry> entry = paths.find(connectionId, path)
                    .filter(e -> rootFolderId.equals(e.rootFolderId()));
            if (entry.isPresent() && entry.get().ready()) {
                return entry.get().folderId();
            }
            Instant now = clock.instant();
            if (paths.claim(connectionId, path, rootFolderId, now, now.plus(claimLength))) {
                DriveFile folder = drive.files().findChildFolder(parentId, name)
                        .orElseGet(() -> drive.files().createFolder(name, parentId));
                paths.ready(connectionId, path, rootFolderId, folder.id());
                return folder.id();
            }
            if (now.isAfter(giveUp)) {
                throw new DriveException(DriveException.Kind.BACKEND, 0, null,
                        "folder " + path + " is still being created by another upload", null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
