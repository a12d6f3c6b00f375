package dev.drivelink.core.upload;

import java.io.InputStream;
import java.util.OptionalLong;

/** Port: reads an upload's source from any byte offset, so a resumed upload never re-reads what Drive has. */
public interface SourceReader {

    /** The size, when the source says it. */
    OptionalLong size(UploadSource source);

    /** A stream of the source's bytes starting at {@code offset}. */
    InputStream open(UploadSource source, long offset);

    /** The source cannot be read, and trying again will not help (missing, forbidden, not allowed). */
    final class SourceUnavailable extends RuntimeException {
        private final boolean permanent;

        public SourceUnavailable(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
