package dev.drivelink.core.events.activity;

import dev.drivelink.core.events.ConnectionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One action in the activity log. {@code projectId} is null for actions outside a project (uploads
 * requested by the host app, connection events); {@code path} is relative to the project (or the
 * upload's folder path and file name). Never carries a token.
 *
 * @param id         16 hex digits, unique with {@code at}
 * @param details    small key/value facts (file name, upload id, sizes); values are cut at 1000 characters
 * @param error      what went wrong, for {@link ActivityOutcome#FAILED}; cut at 2000 characters
 * @param durationMs how long the action took, when known
 */
public record ActivityRecord(String id, String userId, String projectId, String connectionId, ActivityAction action,
                             ActivityOutcome status, String path, String driveFileId, Map<String, String> details,
                             String error, Long durationMs, Instant at) {

    static final int MAX_DETAIL = 1000;
    static final int MAX_ERROR = 2000;

    public ActivityRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Map<String, String> copy = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, cut(v, MAX_DETAIL));
                }
            });
        }
        details = Collections.unmodifiableMap(copy);
        error = error == null ? null : cut(error, MAX_ERROR);
    }

    /** A fresh record id: 16 random hex digits (records sort by time first, so this only breaks ties). */
    public static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    public static Builder builder(String userId, ActivityAction action, ActivityOutcome status, Instant at) {
        return new Builder(userId, action, status, at);
    }

    /** The audit record of a connection event (connected, recovered, refresh failed, revoked). */
    public static ActivityRecord of(ConnectionEvent event) {
        ActivityAction action = switch (event.type()) {
            case CONNECTED -> ActivityAction.CONNECTION_CONNECTED;
            case RECOVERED -> ActivityAction.CONNECTION_RECOVERED;
            case ERROR -> ActivityAction.CONNECTION_ERROR;
            case REVOKED -> ActivityAction.CONNECTION_REVOKED;
        };
        Builder b = builder(event.userId(), action,
                event.type() == ConnectionEvent.Type.ERROR ? ActivityOutcome.FAILED : ActivityOutcome.SUCCESS, event.at())
                .connection(event.connectionId())
                .detail("googleEmail", event.googleEmail())
                .detail("connectionStatus", event.status())
                .detail("reason", event.reason());
        if (event.type() == ConnectionEvent.Type.ERROR) {
            b.error(event.reason());
        }
        return b.build();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Builds a record; only user, action, status and time are required. */
    public static final class Builder {
        private final String userId;
        private final ActivityAction action;
        private final ActivityOutcome status;
        private final Instant at;
        private String projectId;
        private String connectionId;
        private String path;
        private String driveFileId;
        private final Map<String, String> details = new LinkedHashMap<>();
        private String error;
        private Long durationMs;

        private Builder(String userId, ActivityAction action, ActivityOutcome status, Instant at) {
            this.userId = userId;
            this.action = action;
            this.status = status;
            this.at = at;
        }

        public Builder project(String id) {
            this.projectId = id;
            return this;
        }

        public Builder connection(String id) {
            this.connectionId = id;
            return this;
        }

        public Builder path(String p) {
            this.path = p;
            return this;
        }

        public Builder driveFileId(String id) {
            this.driveFileId = id;
            return this;
        }

        /** Adds a detail; null values are left out. */
        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, String.valueOf(value));
            }
            return this;
        }

        public Builder error(String e) {
            this.error = e;
            return this;
        }

        public Builder duration(Duration d) {
            this.durationMs = d == null ? null : Math.max(0, d.toMillis());
            return this;
        }

        public ActivityRecord build() {
            return new ActivityRecord(newId(), userId, projectId, connectionId, action, status, path, driveFileId,
                    details, error, durationMs, at);
        }
    }
}
