package dev.drivelink.core.upload;

import java.io.InputStream;
import java.time.Instant;
import java.util.OptionalLong;

/** Port: reads an upload's source from any byte offset, so a resumed upload never re-reads what Drive has. */
public interface SourceReader {

    /** The size, when the source says it; waits at most until {@code deadline} (null: no bound). */
    OptionalLong size(UploadSource source, Instant deadline);

    /**
     * A stream of the source's bytes starting at {@code offset}; no read of it waits past {@code deadline}
     * (null: no bound), so a slow source cannot hold the worker beyond its invocation.
     */
    InputStream open(UploadSource source, long offset, Instant deadline);

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
