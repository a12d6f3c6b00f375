package dev.drivelink.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable records of the emulator's state. They are plain field holders (Jackson can serialize them for the
 * data directory); every access happens under the {@link EmulatorState} lock.
 */
final class Model {
    private Model() {
    }

    /** An authorization request waiting for the user's decision on the consent page. */
    static final class PendingAuthorization {
        String id;
        String clientId;
        String redirectUri;
        Set<String> scopes = new LinkedHashSet<>();
        String state;
        boolean offline;
        Set<String> prompt = new LinkedHashSet<>();
        String codeChallenge;
        String codeChallengeMethod;
        String nonce;
        String loginHint;
        Instant createdAt;
    }

    static final class AuthorizationCode {
        String code;
        String clientId;
        String redirectUri;
        String email;
        Set<String> scopes = new LinkedHashSet<>();
        String codeChallenge;
        String codeChallengeMethod;
        String nonce;
        boolean issueRefreshToken;
        Instant issuedAt;
        boolean used;
        /** The grant created when the code was exchanged (revoked if the code is replayed). */
        String grantId;
    }

    /** The tokens issued from one authorization: at most one refresh token and its access tokens. */
    static final class Grant {
        String id;
        String clientId;
        String email;
        Set<String> scopes = new LinkedHashSet<>();
        String refreshToken;
        String nonce;
        Instant issuedAt;
        /** Last exchange or refresh (a refresh token unused for six months stops working). */
        Instant lastUsedAt;
        boolean revoked;
        Instant revokedAt;
        String revokedBecause;
        int accessTokensIssued;
        int refreshes;
    }

    static final class AccessToken {
        String token;
        String grantId;
        Set<String> scopes = new LinkedHashSet<>();
        Instant issuedAt;
        Instant expiresAt;
        boolean revoked;
    }

    static final class DriveFile {
        String id;
        String name;
        String mimeType;
        String owner;
        List<String> parents = new ArrayList<>();
        boolean trashed;
        boolean explicitlyTrashed;
        Instant trashedTime;
        Instant createdTime;
        Instant modifiedTime;
        long version;
        String description;
        boolean starred;
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> appProperties = new LinkedHashMap<>();
        byte[] content;
        String md5Checksum;
        String headRevisionId;
        String originalFilename;
        /** OAuth clients that may see this file under drive.file: the creator and clients it was picked for. */
        Set<String> appIds = new LinkedHashSet<>();
        String createdByClient;
        boolean root;

        boolean isFolder() {
            return GoogleMime.FOLDER.equals(mimeType);
        }

        boolean hasBlob() {
            return !isFolder() && !GoogleMime.isGoogleType(mimeType);
        }
    }

    /** One entry of an account's change log (changes.list). */
    static final class Change {
        long id;
        String owner;
        String fileId;
        Instant time;
        boolean removed;
        /** drive.file clients that could see the file when the change happened. */
        Set<String> appIds = new LinkedHashSet<>();
    }

    /** A push notification channel of changes.watch. */
    static final class Channel {
        String id;
        String resourceId;
        String resourceUri;
        String token;
        String address;
        Instant expiration;
        String owner;
        String clientId;
        boolean fileScopeOnly;
        long lastMessageNumber;
        boolean stopped;
    }

    /** A resumable upload session (create or update), addressed by its upload_id. */
    static final class UploadSession {
        String id;
        String owner;
        String clientId;
        /** Null for a create; the file being updated otherwise. */
        String targetFileId;
        String metadataJson;
        String contentType;
        Long declaredLength;
        String addParents;
        String removeParents;
        /** What arrived so far: the first {@code receivedLength} bytes of {@code buffer} (grown by doubling). */
        private byte[] buffer = new byte[0];
        private int receivedLength;
        Instant createdAt;
        String completedFileId;

        int receivedLength() {
            return receivedLength;
        }

        void append(byte[] fresh) {
            int needed = receivedLength + fresh.length;
            if (needed > buffer.length) {
                int capacity = declaredLength != null && declaredLength >= needed && declaredLength <= Integer.MAX_VALUE
                        ? (int) (long) declaredLength : Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buffer.length));
                buffer = java.util.Arrays.copyOf(buffer, capacity);
            }
            System.arraycopy(fresh, 0, buffer, receivedLength, fresh.length);
            receivedLength = needed;
        }

        /** The received bytes as one array (the buffer itself when it is exactly full). */
        byte[] received() {
            return receivedLength == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, receivedLength);
        }
    }
}
