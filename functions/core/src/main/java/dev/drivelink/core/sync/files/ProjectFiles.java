package dev.drivelink.core.sync.files;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.sync.PageLimit;
import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.FileMappingRepository;
import dev.drivelink.core.sync.mapping.MappingPaths;
import dev.drivelink.core.sync.mapping.MappingStatus;
import dev.drivelink.core.sync.settings.EffectiveSettings;
import dev.drivelink.core.sync.settings.SettingsService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /drive/projects/{projectId}/files}: the project's files as the sync engine knows them (its
 * file mappings on the project's connection), in path order, paged, each with where it stands. A
 * project the user is not a member of is a 404; a project without a connection has no files yet.
 */
public final class ProjectFiles {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final String CURSOR_VERSION = "f1";

    /**
     * One file.
     *
     * @param status     synced, pending_upload, pending_download, conflict or error
     * @param size       bytes of the side the file is going to (the app side while an upload is pending,
     *                   Drive's while a download is), null when unknown
     * @param lastSyncAt when the sync engine last recorded the file's state
     * @param driveLink  the file in Drive's web interface, null before it exists in Drive
     */
    public record FileView(String path, String name, String status, Long size, Instant lastSyncAt,
                           String driveFileId, String driveLink, String conflictId, String error) {

        static FileView of(FileMapping m) {
            String name = m.path().substring(m.path().lastIndexOf('/') + 1);
            Long size = switch (m.status()) {
                case PENDING_UPLOAD -> m.appSize() != null ? m.appSize() : m.driveSize();
                default -> m.driveSize() != null ? m.driveSize() : m.appSize();
            };
            return new FileView(m.path(), name, m.status().wire(), size, m.updatedAt(), m.driveFileId(),
                    m.driveFileId() == null ? null : ProjectFiles.driveLink(m.driveFileId()),
                    m.status() == MappingStatus.CONFLICT ? m.conflictId() : null,
                    m.status() == MappingStatus.ERROR ? m.error() : null);
        }
    }

    /** One page; {@code nextCursor} is null on the last. */
    public record FilesPage(String projectId, String connectionId, List<FileView> files, String nextCursor) {
    }

    private final SettingsService settings;
    private final FileMappingRepository mappings;

    public ProjectFiles(SettingsService settings, FileMappingRepository mappings) {
        this.settings = settings;
        this.mappings = mappings;
    }

    /** 400 {@code invalid-limit} / {@code invalid-cursor}, 404 for a project that is not the user's. */
    public FilesPage list(String userId, String projectId, String cursor, String limit) {
        EffectiveSettings effective = settings.effectiveSettings(userId, projectId);
        int n = limit(limit);
        String connectionId = effective.connectionId();
        String after = cursor == null || cursor.isBlank() ? null : decode(cursor, connectionId);
        if (connectionId == null) {
            return new FilesPage(projectId, null, List.of(), null);
        }
        List<FileMapping> found = mappings.page(connectionId, projectId, after, n + 1);
        boolean more = found.size() > n;
        List<FileView> files = found.stream().limit(n).map(FileView::of).toList();
        String next = more ? encode(connectionId, files.get(files.size() - 1).path()) : null;
        return new FilesPage(projectId, connectionId, files, next);
    }

    /** The Drive web link of a file. */
    public static String driveLink(String driveFileId) {
        return "https://drive.google.com/file/d/" + driveFileId + "/view";
    }

    private static int limit(String text) {
        return PageLimit.parse(text, DEFAULT_LIMIT, MAX_LIMIT);
    }

    private static String encode(String connectionId, String path) {
        String text = CURSOR_VERSION + "#" + connectionId + "#" + path;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The path a cursor continues after; it must come from this project's listing on this connection. */
    private static String decode(String cursor, String connectionId) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        String[] parts = text.split("#", 3);
        if (parts.length != 3 || !parts[0].equals(CURSOR_VERSION) || !parts[1].equals(connectionId)
                || !MappingPaths.isValid(parts[2])) {
            throw invalidCursor();
        }
        return parts[2];
    }

    private static DomainException invalidCursor() {
        return DomainException.invalid("invalid-cursor", "\"cursor\" must be a nextCursor value from an earlier page");
    }
}
