package dev.drivelink.core.drive;

import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.error.ErrorKind;
import java.util.Optional;

/**
 * The one "is this a live folder" check: it exists, this app may see it, it is a folder and it is not
 * trashed. One set of errors, whoever asks (the connect flow maps them to its redirect codes).
 */
public final class LiveFolders {

    /** Why a folder cannot be used, with its stable code. */
    public enum Defect {
        NOT_FOUND("folder-not-found"),
        NOT_A_FOLDER("not-a-folder"),
        TRASHED("folder-trashed");

        private final String code;

        Defect(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A folder reference that names no live folder. */
    public static final class NotLive extends DomainException {
        private final Defect defect;

        NotLive(Defect defect, String detail) {
            super(ErrorKind.INVALID, defect.code(), detail);
            this.defect = defect;
        }

        public Defect defect() {
            return defect;
        }
    }

    private LiveFolders() {
    }

    /** @throws NotLive when the folder is missing, invisible to this app, a file, or trashed */
    public static DriveFile require(DriveSession drive, String folderId) {
        DriveFile item;
        try {
            item = drive.files().get(folderId);
        } catch (DriveException e) {
            if (e.kind() == DriveException.Kind.NOT_FOUND || e.kind() == DriveException.Kind.FORBIDDEN) {
                throw new NotLive(Defect.NOT_FOUND, "folder " + folderId + " does not exist or this app may not see it"
                        + " (the user must pick it or let drivelink create it)");
            }
            throw e;
        }
        if (!item.isFolder()) {
            throw new NotLive(Defect.NOT_A_FOLDER, folderId + " is a file, not a folder");
        }
        if (item.trashed()) {
            throw new NotLive(Defect.TRASHED, "folder " + folderId + " is in the trash");
        }
        return item;
    }

    /** The folder if it is live; empty if it is not (other Drive failures pass through). */
    public static Optional<DriveFile> find(DriveSession drive, String folderId) {
        try {
            return Optional.of(require(drive, folderId));
        } catch (NotLive e) {
            return Optional.empty();
        }
    }
}
