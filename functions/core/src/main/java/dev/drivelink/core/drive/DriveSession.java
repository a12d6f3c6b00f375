package dev.drivelink.core.drive;

import dev.drivelink.core.connection.GoogleAccount;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * Drive for one connection (from {@link DriveAccess}). Every call goes through one policy: wait for the
 * connection's pace, call with the current token, on a 401 refresh once and call again, on a passing
 * failure (429, 5xx, rate-limit 403, no answer) back off with jitter (or as {@code Retry-After} says)
 * and try again, up to the retry budget and never past the session's deadline. Final failures (not
 * found, permission, quota) come out as they are. Not thread-safe in its token cache, but cheap: open
 * one per job or per thread.
 */
public final class DriveSession implements DriveResources {

    private static final Logger LOG = Logger.getLogger(DriveSession.class);

    private final DriveApi api;
    private final DriveAccess.TokenSource tokens;
    private final Backoff backoff;
    private final Pace pace;
    private final Clock clock;
    private final Instant deadline;
    private volatile DriveAccess.Bearer bearer;

    DriveSession(DriveApi api, DriveAccess.TokenSource tokens, Backoff backoff, Pace pace, Clock clock, Instant deadline) {
        this.api = api;
        this.tokens = tokens;
        this.backoff = backoff;
        this.pace = pace;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** The same session, never waiting for a retry past {@code until} (a Lambda's remaining time). */
    public DriveSession until(Instant until) {
        DriveSession bounded = new DriveSession(api, tokens, backoff, pace, clock, until);
        bounded.bearer = bearer;
        return bounded;
    }

    /** When this session stops waiting (retries, requests); empty when it is not bounded. */
    public java.util.Optional<Instant> deadline() {
        return java.util.Optional.ofNullable(deadline);
    }

    /** The connection (or other key) this session speaks for. */
    public String key() {
        return tokens.key();
    }

    @Override
    public DriveFiles files() {
        return files;
    }

    @Override
    public DriveUploads uploads() {
        return uploads;
    }

    @Override
    public DriveChanges changes() {
        return changes;
    }

    @Override
    public DriveChannels channels() {
        return channels;
    }

    @Override
    public DriveAbout about() {
        return about;
    }

    /** One Drive call under the policy. */
    private <T> T call(String operation, Function<DriveResources, T> call) {
        return retrying(operation, attempt -> once(call));
    }

    /**
     * Runs {@code attempt} (numbered from 1) until it succeeds, a failure is final, the retry budget is
     * spent or the next wait would pass the deadline.
     */
    private <T> T retrying(String operation, IntFunction<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.apply(n);
            } catch (DriveException e) {
                if (!e.transientFailure() || n >= backoff.maxAttempts()) {
                    throw e;
                }
                Duration wait = backoff.delay(n, e);
                if (deadline != null && clock.instant().plus(wait).isAfter(deadline)) {
                    throw e;
                }
                LOG.infof("%s for %s: %s; attempt %d, trying again in %d ms", operation, tokens.key(), e.getMessage(),
                        n, wait.toMillis());
                backoff.sleep(wait, e);
            }
        }
    }

    /** One request at the connection's pace, with one refresh on a 401. */
    private <T> T once(Function<DriveResources, T> call) {
        return once(call, true);
    }

    /** @param rated false for a resumable session's own requests (see {@link Pace}) */
    private <T> T once(Function<DriveResources, T> call, boolean rated) {
        if (rated) {
            pace.acquire();
        } else {
            pace.acquireTransfer();
        }
        try {
            DriveAccess.Bearer used = bearer();
            try {
                return call.apply(api.with(used, timeLeft()));
            } catch (DriveException e) {
                if (e.kind() != DriveException.Kind.UNAUTHORIZED) {
                    throw e;
                }
                LOG.infof("Drive answered 401 for %s; refreshing once", tokens.key());
                DriveAccess.Bearer fresh = tokens.afterRejection(used);
                bearer = fresh;
                return call.apply(api.with(fresh, timeLeft()));
            }
        } finally {
            pace.release();
        }
    }

    /** What is left before the deadline, by this session's clock; null when it has none. */
    private Duration timeLeft() {
        if (deadline == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private DriveAccess.Bearer bearer() {
        DriveAccess.Bearer held = bearer;
        if (held == null || !clock.instant().isBefore(held.renewAfter())) {
            held = tokens.current();
            bearer = held;
        }
        return held;
    }

    private final DriveFiles files = new DriveFiles() {
        @Override
        public DriveFile get(String fileId) {
            return call("files.get", r -> r.files().get(fileId));
        }

        @Override
        public Page list(String query, String pageToken, int pageSize) {
            return call("files.list", r -> r.files().list(query, pageToken, pageSize));
        }

        @Override
        public DriveFile createFolder(String name, String parentId) {
            return call("files.create (folder)", r -> r.files().createFolder(name, parentId));
        }

        @Override
        public DriveFile update(String fileId, Changes changes) {
            return call("files.update", r -> r.files().update(fileId, changes));
        }

        @Override
        public DriveFile trash(String fileId) {
            return call("files.update (trash)", r -> r.files().trash(fileId));
        }

        @Override
        public InputStream download(String fileId, long offset) {
            return call("files.get (media)", r -> r.files().download(fileId, offset));
        }

        @Override
        public List<String> generateIds(int count) {
            return call("files.generateIds", r -> r.files().generateIds(count));
        }
    };

    private final DriveUploads uploads = new DriveUploads() {
        @Override
        public DriveFile multipart(NewFile file, byte[] content, int length) {
            return call("files.create (multipart)", r -> r.uploads().multipart(file, content, length));
        }

        @Override
        public DriveFile updateContent(String fileId, String mimeType, byte[] content, int length) {
            return call("files.update (media)", r -> r.uploads().updateContent(fileId, mimeType, content, length));
        }

        @Override
        public String startResumable(NewFile file, Long totalBytes) {
            return call("files.create (resumable)", r -> r.uploads().startResumable(file, totalBytes));
        }

        @Override
        public String startResumableUpdate(String fileId, String mimeType, Long totalBytes) {
            return call("files.update (resumable)", r -> r.uploads().startResumableUpdate(fileId, mimeType, totalBytes));
        }

        /**
         * Sends a chunk; after a passing failure, asks the session what it has before sending again, so
         * bytes Drive already took are never sent twice and a chunk that did arrive is not resent.
         */
        @Override
        public SessionState putChunk(String sessionUri, byte[] buffer, int length, long offset, Long totalBytes) {
            return retrying("upload chunk at " + offset, attempt -> {
                if (attempt > 1) {
                    SessionState state = once(r -> r.uploads().status(sessionUri, totalBytes), false);
                    if (state.completed().isPresent() || state.acknowledged() != offset) {
                        return state;
                    }
                }
                return once(r -> r.uploads().putChunk(sessionUri, buffer, length, offset, totalBytes), false);
            });
        }

        @Override
        public SessionState status(String sessionUri, Long totalBytes) {
            return retrying("upload status", attempt -> once(r -> r.uploads().status(sessionUri, totalBytes), false));
        }
    };

    private final DriveChanges changes = new DriveChanges() {
        @Override
        public String startPageToken() {
            return call("changes.getStartPageToken", r -> r.changes().startPageToken());
        }

        @Override
        public Page list(String pageToken, int pageSize) {
            return call("changes.list", r -> r.changes().list(pageToken, pageSize));
        }
    };

    private final DriveChannels channels = new DriveChannels() {
        @Override
        public Channel watchChanges(WatchRequest request) {
            return call("changes.watch", r -> r.channels().watchChanges(request));
        }

        @Override
        public void stop(String channelId, String resourceId) {
            call("channels.stop", r -> {
                r.channels().stop(channelId, resourceId);
                return null;
            });
        }
    };

    private final DriveAbout about = new DriveAbout() {
        @Override
        public GoogleAccount user() {
            return call("about.get", r -> r.about().user());
        }
    };
}
