package dev.drivelink.core.sync.engine;

import dev.drivelink.core.drive.DriveSession;
import dev.drivelink.core.upload.ResumableTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;

/**
 * One exact version of an app file sent through the shared resumable transfer (chunks, MD5 verified at
 * the end; a chunk Drive took only in part is resumed from what it has). The session is opened by
 * {@code start}: files.create for a new file, files.update for a new revision. Progress lives only for
 * the run: the engine keeps no job record, so a run that dies mid-file sends it again next time.
 */
final class AppVersionUpload implements ResumableTransfer.Upload {

    private final AppFiles appFiles;
    private final String projectId;
    private final String path;
    private final String versionId;
    private final BiFunction<DriveSession, Long, String> start;

    AppVersionUpload(AppFiles appFiles, String projectId, String path, String versionId,
                     BiFunction<DriveSession, Long, String> start) {
        this.appFiles = appFiles;
        this.projectId = projectId;
        this.path = path;
        this.versionId = versionId;
        this.start = start;
    }

    @Override
    public String describe() {
        return "app file " + path + " (version " + versionId + ")";
    }

    @Override
    public InputStream open(long offset) {
        InputStream in = appFiles.get(projectId, path, versionId);
        try {
            in.skipNBytes(offset);
            return in;
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("reading " + describe() + " from " + offset, e);
        }
    }

    @Override
    public String startSession(DriveSession drive, Long total) {
        return start.apply(drive, total);
    }
}
