package dev.drivelink.core.events;

import java.time.Instant;

/**
 * A change in a connection's status that the host app may want to tell its user about. Carries no
 * token, ever.
 */
public record ConnectionEvent(Type type, String connectionId, String userId, String googleEmail, String status,
                              String reason, Instant at) {

    public enum Type {
        /** A user connected (or reconnected) a Google account. */
        CONNECTED("Drive Connection Connected"),
        /** Tokens work again after an error. */
        RECOVERED("Drive Connection Recovered"),
        /** Refreshing failed for a reason that may pass; the connection keeps its tokens. */
        ERROR("Drive Connection Error"),
        /** The grant is gone; the user must connect again. */
        REVOKED("Drive Connection Revoked");

        private final String detailType;

        Type(String detailType) {
            this.detailType = detailType;
        }

        /** The EventBridge detail-type host apps match on. */
        public String detailType() {
            return detailType;
        }
    }
}
